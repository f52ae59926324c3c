/// `forbid <name>…`: names an exercise's answers may not use, so that a blank asking for δ1 cannot
/// be answered with `delta1`, the engine's own result. The grader (`Grade`) enforces it; running
/// the exercise as a script only says what is forbidden.
public struct Forbid: CommandDefinition {
  public var names: [String]

  static let help = CommandHelp(
    "forbid", synopsis: "forbid <name>…",
    summary: "in an exercise: names the answers to its '???' blanks may not use",
    details: """
      'nnrepl check' reports a blank answered with one of these names as 'not allowed: uses
      delta1', and its checks score nothing. Write it near the top of an exercise; it applies to
      every blank in the file. It changes nothing when a script runs.
      """,
    examples: ["forbid delta1 dW1 yhat"])

  /// forbid <name:Word>+
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    var names = [try parser.expectWord("a name that answers may not use").text]
    while !parser.isAtEnd { names.append(try parser.expectWord("a name").text) }
    return Command(Forbid(names: names))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    context.say("answers may not use: \(names.joined(separator: ", "))")
  }
}
