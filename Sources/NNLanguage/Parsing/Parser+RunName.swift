extension Parser {
  /// Reads a run's name: a word, or several tokens written together without spaces, so that a
  /// name can say what the run tried (`lr=0.5`, `adam-2`).
  mutating func expectRunName(_ what: String) throws(Diagnostic) -> (
    name: String, range: SourceRange
  ) {
    guard let first = current, first.kind == .word || first.isNumber else {
      throw Diagnostic(.expectedName(what, found: found), at: currentRange)
    }
    var range = first.range
    advance()
    while let next = current, next.range.column == range.column + range.length, next.kind != .blank
    {
      range = range.extended(through: next.range)
      advance()
    }
    return (String(text.dropFirst(range.column - 1).prefix(range.length)), range)
  }
}
