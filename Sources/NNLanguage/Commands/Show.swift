/// `show <name>`: any named matrix of the session.
public struct Show: CommandDefinition {
  public var name: String
  public var range: SourceRange

  static let help = CommandHelp(
    "show", synopsis: "show <name>",
    summary: "show a named matrix: X y Y W1 b1 z1 a1 yhat delta1 …",
    details: """
      X     the inputs, one sample per row          y      the labels
      Y     the targets (labels one-hot)            W1 b1  layer 1's weights and biases
      z1    layer 1's pre-activation (after forward)
      a1    layer 1's activation (after forward)    yhat   the output ŷ (after forward)
      delta1  ∂J/∂z1 (after backward)             dW1 db1  ∂J/∂W1 and ∂J/∂b1 (after backward)
      and any name given with 'let'.
      """,
    examples: ["show W1", "show yhat"], seed: "§3.1")

  /// show <name>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord("a name such as 'W1' or 'X'")
    try parser.expectEnd(after: "the name")
    return .show(Show(name: token.text, range: token.range))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let value = try session.tensor(named: name, at: range)
    context.say(.matrix(name: name, rows: value.rowArrays))
  }
}
