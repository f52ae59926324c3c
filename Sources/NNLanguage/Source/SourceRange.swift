/// Where a piece of text is: a line, the column it starts at, and how many characters it spans.
///
/// Lines and columns count from 1, as editors and compilers show them; columns count characters
/// (a Chinese character is one column here, and two cells wide on screen — `TextWidth` knows).
public struct SourceRange: Equatable, Hashable, Sendable {
  public var line: Int
  public var column: Int
  public var length: Int

  public init(line: Int, column: Int, length: Int = 1) {
    self.line = line
    self.column = column
    self.length = max(1, length)
  }

  /// The range from the start of `self` to the end of `other`, on the same line.
  public func extended(through other: SourceRange) -> SourceRange {
    SourceRange(line: line, column: column, length: other.column + other.length - column)
  }
}
