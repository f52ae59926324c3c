/// The one list of commands with their help and parsers. `help`, tab completion and "unknown
/// command … did you mean" all read it, so they can never disagree.
public enum CommandCatalog {
  /// Every command's definition, in the order `help` lists them.
  static let definitions: [any CommandDefinition.Type] = [
    Input.self, Layer.self, Summary.self, Depth.self, DataCommand.self, LossCommand.self,
    LearningRate.self, Seed.self, Init.self, Forward.self, Backward.self, Grad.self, Show.self,
    Let.self, Step.self, Train.self, Predict.self, Accuracy.self, Expect.self, Reset.self,
    Help.self, Quit.self,
  ]

  /// Every command's help, in `help`'s order.
  public static let entries: [CommandHelp] = definitions.map { $0.help }

  /// The names of all commands.
  public static var names: [String] { entries.map(\.name) }

  /// The help of the command called `name`.
  public static func help(for name: String) -> CommandHelp? {
    entries.first { $0.name == name }
  }

  /// Parses a whole line into a command, or `nil` for a blank or comment-only line.
  public static func parse(line text: String, number: Int) throws(Diagnostic) -> Command? {
    var parser = Parser(text: text, line: number)
    guard let first = parser.current else { return nil }
    if first.kind == .invalid {
      throw .syntax("parser.invalidCharacter", "unexpected character '\(first.text)'", at: first.range)
    }
    guard first.kind == .word else {
      throw .syntax(
        "parser.expectedCommand", "expected a command, found '\(first.text)'", at: first.range,
        notes: [.init("type 'help' to list the commands")])
    }
    guard let definition = definitions.first(where: { $0.help.name == first.text }) else {
      var notes = Suggestions.note(for: first.text, among: names)
      if notes.isEmpty { notes = [.init("type 'help' to list the commands")] }
      throw .syntax("parser.unknownCommand", "unknown command '\(first.text)'", at: first.range, notes: notes)
    }
    parser.advance()
    try parser.rejectInvalidCharacters()
    return try definition.parse(&parser)
  }
}

extension Parser {
  /// Fails at the first character that starts no token, before a command reads its arguments.
  func rejectInvalidCharacters() throws(Diagnostic) {
    if let bad = tokens.first(where: { $0.kind == .invalid }) {
      throw .syntax("parser.invalidCharacter", "unexpected character '\(bad.text)'", at: bad.range)
    }
  }
}
