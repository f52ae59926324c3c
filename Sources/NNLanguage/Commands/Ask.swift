import NNEngine
import NNRender

/// `ask <expression>`: predict, then reveal. In step mode the student types a guess first; then
/// the value is shown with how far the guess was from it.
public struct Ask: CommandDefinition {
  public var expression: Expression
  /// The expression as written.
  public var text: String
  /// The student's guess, when step mode asked for one.
  public var guess: Double?

  static let help = CommandHelp(
    "ask", synopsis: "ask <expression>",
    summary:
      "predict-then-reveal: in step mode, ask the student to guess a value before showing it",
    details:
      "Outside step mode it shows the value, like a bare expression. The value must be one number.",
    examples: ["ask loss", "ask dsigmoid(0)"])

  /// ask <expression>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let start = parser.currentRange
    let expression = try parser.parseExpression()
    try parser.expectEnd(after: "the expression")
    return Command(
      Ask(expression: expression, text: parser.source(from: start, through: parser.previousRange)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let value = try session.evaluate(expression, isCancelled: context.isCancelled)
    guard value.rows == 1, value.columns == 1 else {
      throw Diagnostic(
        .askMatrix(text, shape: "\(value.shape)"), at: context.range,
        notes: [.init("ask for one entry, such as '\(text)[0, 0]', or a sum")])
    }
    context.say(.value(name: text, value: value[0, 0]))
    if let guess {
      let error = abs(guess - value[0, 0])
      let relative =
        value[0, 0] != 0
        ? " (\(NumberFormat.scalar(100 * error / abs(value[0, 0]), digits: 3))%)" : ""
      context.say(
        error == 0
          ? "your guess \(NumberFormat.exact(guess)) is exactly right"
          : "your guess \(NumberFormat.exact(guess)) was off by \(NumberFormat.scalar(error, digits: 4))\(relative)"
      )
    }
  }
}
