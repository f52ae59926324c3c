/// The one list of commands with their help and parsers. Parsing, `help`, tab completion and
/// "unknown command … did you mean" all read it, so they can never disagree.
public enum CommandCatalog {
  /// Every command's type, in the order `help` lists them: the registration of a command. A
  /// command type that another one's `parse` returns (`TextDataCommand`, for `data text …`)
  /// is not listed; its name is the other's.
  static let definitions: [any CommandDefinition.Type] = [
    Input.self, Layer.self, Summary.self, Depth.self, Compare.self, Graph.self, DataCommand.self,
    Normalize.self, Split.self,
    Shuffle.self, LossCommand.self, LearningRate.self, OptimizerCommand.self, Batch.self, L2.self,
    Clip.self, Schedule.self,
    Seed.self, Init.self, Forward.self, Backward.self, Grad.self, Show.self, GradCheck.self,
    GradNorm.self, Explain.self, Let.self, Step.self, Train.self, Predict.self, Accuracy.self,
    Generate.self,
    EvaluateModel.self, PlotCommand.self, Freeze.self, Unfreeze.self, Pop.self, Adapt.self,
    Merge.self,
    Save.self, Load.self, Params.self, Expect.self, Forbid.self, Ask.self, Reset.self,
    Help.self, Quit.self, Evaluate.self,
  ]

  /// Every command's help, in `help`'s order.
  public static let entries: [CommandHelp] = definitions.map { $0.help }

  /// The names of all commands (not the bare expression, which has no name).
  public static var names: [String] { entries.map(\.name).filter { $0.first?.isLetter == true } }

  /// The help of the command called `name`.
  public static func help(for name: String) -> CommandHelp? {
    entries.first { $0.name == name }
  }

  /// Parses a whole line into a command, or `nil` for a blank or comment-only line.
  public static func parse(line text: String, number: Int) throws(Diagnostic) -> Command? {
    try parseLocated(line: text, number: number)?.command
  }

  /// Parses a whole line into a command and where it is written: from its first token to its
  /// last, without a comment. `nil` for a blank or comment-only line. The line is lexed once,
  /// for both.
  static func parseLocated(line text: String, number: Int) throws(Diagnostic) -> (
    command: Command, range: SourceRange
  )? {
    var parser = Parser(text: text, line: number)
    guard let first = parser.current, let last = parser.tokens.last else { return nil }
    let range = first.range.extended(through: last.range)
    if let blank = parser.tokens.first(where: { $0.kind == .blank }) {
      throw Diagnostic(
        .unanswered, at: blank.range,
        notes: [.init("the comments above this line say what belongs here")])
    }
    if first.kind == .invalid {
      throw Diagnostic(.invalidCharacter(first.text), at: first.range)
    }
    try parser.rejectInvalidCharacters()
    guard first.kind == .word,
      let definition = definitions.first(where: { $0.help.name == first.text })
    else {
      return (try parseExpressionLine(&parser), range)
    }
    parser.advance()
    return (try definition.parse(&parser), range)
  }

  /// A line that starts with no command is an expression to print (`X @ W1 + b1`) — unless it
  /// looks like a mistyped command: a word followed by another word or a number (`layr dense 4`),
  /// or a word close to a command's name.
  private static func parseExpressionLine(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let start = parser
    do {
      return try Evaluate.parse(&parser)
    } catch {
      guard let first = start.current, first.kind == .word else { throw error }
      let second = start.tokens.dropFirst().first
      let suggestion = Suggestions.note(for: first.text, among: names, at: first.range)
      guard second?.kind == .word || second?.isNumber == true || !suggestion.isEmpty else {
        throw error
      }
      throw Diagnostic(
        .unknownCommand(first.text), at: first.range,
        notes: suggestion.isEmpty ? [.init("type 'help' to list the commands")] : suggestion)
    }
  }
}

extension Parser {
  /// Fails at the first character that starts no token, before a command reads its arguments.
  func rejectInvalidCharacters() throws(Diagnostic) {
    if let bad = tokens.first(where: { $0.kind == .invalid }) {
      throw Diagnostic(.invalidCharacter(bad.text), at: bad.range)
    }
  }
}
