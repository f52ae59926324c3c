import NNEngine

/// A line that is just an expression, such as `X @ W1 + b1` or `W1.T`: prints its value and shape.
public struct Evaluate: CommandDefinition {
  public var expression: Expression
  /// The expression as written, which names the printed value.
  public var text: String

  static let help = CommandHelp(
    "<expression>", synopsis: "<expression>",
    summary:
      "print the value of an expression, such as X @ W1 + b1 (see 'help let' for the syntax)",
    examples: ["X @ W1 + b1", "sigmoid(z1)", "W1.T", "sum(Y * log(yhat))"], seed: "§3.1, §4.4")

  /// expression
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let start = parser.currentRange
    let expression = try parser.parseExpression()
    try parser.expectEnd(after: "the expression")
    return Command(
      Evaluate(
        expression: expression, text: parser.source(from: start, through: parser.previousRange)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let value = try session.evaluate(expression, isCancelled: context.isCancelled)
    context.say(
      value.rows == 1 && value.columns == 1
        ? .value(name: text, value: value[0, 0]) : .matrix(name: text, rows: value.rowArrays))
  }
}
