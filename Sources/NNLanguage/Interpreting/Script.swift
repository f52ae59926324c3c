/// A whole script, read before it runs, so that a typo on line 50 is reported before 49 lines
/// of training have been waited for.
public struct Script: Sendable {
  /// A parsed line: its number, its text and its command.
  public struct Line: Sendable {
    public var number: Int
    public var text: String
    public var command: Command
  }

  public var source: SourceFile
  /// The lines that hold commands, in order.
  public var lines: [Line] = []
  /// Every syntax error in the file, in order.
  public var errors: [Diagnostic] = []

  /// Parses every line of `source`.
  public init(_ source: SourceFile) {
    self.source = source
    for (index, text) in source.lines.enumerated() {
      do {
        if let command = try CommandCatalog.parse(line: text, number: index + 1) {
          lines.append(Line(number: index + 1, text: text, command: command))
        }
      } catch {
        errors.append(error)
      }
    }
  }
}
