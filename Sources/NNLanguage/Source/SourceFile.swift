/// A script's text, split into lines, with the name diagnostics use for it.
public struct SourceFile: Sendable {
  /// The path as the user gave it, or `<stdin>`.
  public var name: String
  /// The lines, without their line endings. Line n is `lines[n - 1]`.
  public var lines: [String]

  public init(name: String, text: String) {
    self.name = name
    // "\r\n" is one Character in Swift, so Windows line ends are split on explicitly.
    var lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
    )
    .map(String.init)
    if lines.last == "" { lines.removeLast() }
    self.lines = lines
  }

  /// The text of line `number` (1-based), or `nil` past the end.
  public func line(_ number: Int) -> String? {
    lines.indices.contains(number - 1) ? lines[number - 1] : nil
  }
}
