import NNRender

/// `l2 <λ>`: weight decay.
public struct L2: CommandDefinition {
  public var lambda: Double

  static let help = CommandHelp(
    "l2", synopsis: "l2 <λ>",
    summary: "penalise large weights: training minimises J + (λ/2)·Σ W² (default 0)",
    details: """
      Adds λ·W to every weight gradient, pulling weights towards 0; biases are not penalised.
      The loss that 'forward', 'train' and 'expect loss' report is J alone.
      """,
    examples: ["l2 0.001"])

  /// l2 <λ:Double>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let range = parser.currentRange
    let lambda = try parser.expectNumber("the penalty λ")
    guard lambda >= 0, lambda.isFinite else {
      throw .syntax(
        "parser.l2", "the penalty λ must be 0 or more", at: range,
        notes: [.init("0.0001 to 0.01 is usual")])
    }
    try parser.expectEnd(after: "the penalty")
    return Command(L2(lambda: lambda))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.l2 = lambda
    context.say(.value(name: "λ", value: lambda))
  }
}
