/// Where a piece of text is: a line, the column it starts at, and how many characters it spans.
///
/// Lines and columns count from 1, as editors and compilers show them; columns count characters
/// (a Chinese character is one column here, and two cells wide on screen — `TextWidth` knows).
public struct SourceRange: Equatable, Hashable, Sendable {
  public var line: Int
  public var column: Int
  public var length: Int
  /// The file the line is in, when it is not the one being read now: a layer a lesson declared,
  /// named in a note while the student types at the REPL on the lesson's state.
  public var file: String?

  public init(line: Int, column: Int, length: Int = 1) {
    self.line = line
    self.column = column
    self.length = max(1, length)
  }

  /// The same range, marked as being in `file`.
  public func inFile(_ file: String) -> SourceRange {
    var copy = self
    copy.file = file
    return copy
  }

  /// The range from the start of `self` to the end of `other`, on the same line.
  public func extended(through other: SourceRange) -> SourceRange {
    SourceRange(line: line, column: column, length: other.column + other.length - column)
  }
}
