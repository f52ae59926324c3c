/// `lr <rate>`: the learning rate α of gradient descent.
public struct LearningRate: CommandDefinition {
  public var rate: Double

  static let help = CommandHelp(
    "lr", synopsis: "lr <rate>",
    summary: "set the learning rate α used by 'step' and 'train' (default 0.1)",
    details: """
      Each update moves every parameter against its gradient: θ := θ − α·∇J. Too small and the
      loss falls slowly; too large and it jumps about or grows without bound.
      """,
    examples: ["lr 0.1"], seed: "§3.3, §4.1")

  /// lr <rate:Double>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let start = parser.currentRange
    let rate = try parser.expectNumber("a learning rate")
    if let comma = parser.decimalComma(after: start, "a learning rate") { throw comma }
    guard rate > 0, rate.isFinite else {
      throw .syntax(
        "parser.learningRate", "the learning rate must be a positive number",
        at: start.extended(through: parser.previousRange),
        notes: [.init("typical values are between 0.001 and 1")])
    }
    try parser.expectEnd(after: "the learning rate")
    return Command(LearningRate(rate: rate))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.learningRate = rate
    context.say(.value(name: "α", value: rate))
  }
}
