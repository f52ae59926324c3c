import NNRender

/// `help [command]`: the list of commands, or one command in detail.
public struct Help: CommandDefinition {
  public var topic: String?
  public var range: SourceRange?

  static let help = CommandHelp(
    "help", synopsis: "help [<command>]",
    summary: "list the commands, or explain one with an example",
    examples: ["help", "help train"])

  /// help [<command>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    guard !parser.isAtEnd else { return Command(Help()) }
    let token = try parser.expectWord("a command name")
    try parser.expectEnd(after: "the command name")
    return Command(Help(topic: token.text, range: token.range))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    guard let topic else {
      Help.overview.forEach(context.say)
      return
    }
    guard let entry = CommandCatalog.help(for: topic) else {
      throw Diagnostic(
        .unknownHelpTopic(topic), at: range,
        notes: Suggestions.note(for: topic, among: CommandCatalog.names, at: range) + [
          .init("type 'help' to list the commands")
        ])
    }
    context.say(Help.page(for: entry))
  }

  /// Every command with its one-line summary, then the prompt's own commands. They are lists
  /// rather than text so that the terminal lays them out for its width.
  static var overview: [Output] {
    [
      .definitions(
        DefinitionList(
          title: "COMMANDS:",
          entries: CommandCatalog.entries.map {
            .init($0.synopsis, Localized.summary(of: $0.name, english: $0.summary))
          })),
      .message("\nLines starting with '#' are comments. 'help <command>' explains one command.\n"),
      .definitions(
        DefinitionList(
          title: "AT THE PROMPT:",
          entries: [
            .init(":history", "the lines typed so far"),
            .init(":save FILE", "save the lines that ran (and comments) as a lesson file"),
            .init(":load FILE", "run a lesson file's lines in this session"),
            .init(
              ":record FILE",
              "keep FILE up to date with every line that runs; ':record stop' ends it"),
          ])),
    ]
  }

  /// One command's help page, in swift-argument-parser's layout.
  static func page(for entry: CommandHelp) -> String {
    var lines = [
      "USAGE: \(entry.synopsis)", "", Localized.summary(of: entry.name, english: entry.summary),
    ]
    if !entry.details.isEmpty { lines += ["", TextWrap.reflow(entry.details)] }
    lines += ["", "EXAMPLES:"] + entry.examples.map { "  \($0)" }
    if !entry.seedSections.isEmpty { lines += ["", "THE COURSE TEXT: \(entry.seedSections)"] }
    return lines.joined(separator: "\n")
  }
}
