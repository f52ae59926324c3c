import NNRender

/// `help [command]`: the list of commands, or one command in detail.
public struct Help: CommandDefinition {
  public var topic: String?
  public var range: SourceRange?

  static let help = CommandHelp(
    "help", synopsis: "help [<command>]", summary: "list the commands, or explain one with an example",
    examples: ["help", "help train"])

  /// help [<command>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    guard !parser.isAtEnd else { return .help(Help()) }
    let token = try parser.expectWord("a command name")
    try parser.expectEnd(after: "the command name")
    return .help(Help(topic: token.text, range: token.range))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    guard let topic else {
      context.say(Help.overview)
      return
    }
    guard let entry = CommandCatalog.help(for: topic) else {
      throw .runtime(
        "runtime.unknownHelpTopic", "no command is called '\(topic)'", at: range,
        notes: Suggestions.note(for: topic, among: CommandCatalog.names) + [.init("type 'help' to list the commands")])
    }
    context.say(Help.page(for: entry))
  }

  /// Every command with its one-line summary.
  static var overview: String {
    let width = CommandCatalog.entries.map { TextWidth.of($0.synopsis) }.max() ?? 0
    let lines = CommandCatalog.entries.map {
      "  \(TextWidth.pad($0.synopsis, to: width))   \(Localized.summary(of: $0.name, english: $0.summary))"
    }
    return (["COMMANDS:"] + lines + [
      "", "Lines starting with '#' are comments. 'help <command>' explains one command.",
      "", "AT THE PROMPT:",
      "  :history       the lines typed so far",
      "  :save FILE     save the lines that ran (and comments) as a lesson file",
      "  :load FILE     run a lesson file's lines in this session",
      "  :record FILE   keep FILE up to date with every line that runs; ':record stop' ends it",
    ])
      .joined(separator: "\n")
  }

  /// One command's help page, in swift-argument-parser's layout.
  static func page(for entry: CommandHelp) -> String {
    var lines = ["USAGE: \(entry.synopsis)", "", Localized.summary(of: entry.name, english: entry.summary)]
    if !entry.details.isEmpty { lines += ["", entry.details] }
    lines += ["", "EXAMPLES:"] + entry.examples.map { "  \($0)" }
    if !entry.seedSections.isEmpty { lines += ["", "THE COURSE TEXT: \(entry.seedSections)"] }
    return lines.joined(separator: "\n")
  }
}
