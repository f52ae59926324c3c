/// A whole script, read before it runs, so that a typo on line 50 is reported before 49 lines
/// of training have been waited for.
public struct Script: Sendable {
  /// A parsed line: its number, its text, its command and where the command is written.
  public struct Line: Sendable {
    public var number: Int
    public var text: String
    public var command: Command
    /// From the command's first token to its last (a comment is not part of it): where a
    /// runtime error of the line points when it points nowhere more exact.
    public var range: SourceRange

    /// Parses line `number`, whose text is `text`; `nil` for a blank or comment-only line.
    public init?(parsing text: String, number: Int) throws(Diagnostic) {
      guard let (command, range) = try CommandCatalog.parseLocated(line: text, number: number)
      else { return nil }
      (self.number, self.text, self.command, self.range) = (number, text, command, range)
    }
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
        if let line = try Line(parsing: text, number: index + 1) { lines.append(line) }
      } catch {
        errors.append(error)
      }
    }
  }
}
