/// The documentation of one command, shown by `help` and `help NAME`, and used for completion.
public struct CommandHelp: Sendable {
  /// The word that starts the command.
  public var name: String
  /// The grammar, such as `layer dense <units> <activation>`.
  public var synopsis: String
  /// One line: what the command does.
  public var summary: String
  /// More explanation: formulas, defaults, what the output means.
  public var details: String
  /// Example lines a student can type.
  public var examples: [String]
  /// The sections of the course text the command teaches, such as "§3.1".
  public var seedSections: String

  init(
    _ name: String, synopsis: String, summary: String, details: String = "", examples: [String],
    seed seedSections: String = ""
  ) {
    self.name = name
    self.synopsis = synopsis
    self.summary = summary
    self.details = details
    self.examples = examples
    self.seedSections = seedSections
  }
}
