extension Parser {
  /// A number written with a decimal comma (`0,1`, as much of Europe writes it) read as the number
  /// just before the comma: the diagnostic that says so, pointing at all of `0,1`, or `nil` when
  /// no comma and digits touch the number just read (which started at `start`).
  func decimalComma(after start: SourceRange, _ what: String) -> Diagnostic? {
    guard let comma = current, comma.isSymbol(","), position + 1 < tokens.count else { return nil }
    let digits = tokens[position + 1]
    let previous = previousRange
    guard digits.isNumber, digits.text.allSatisfy(\.isASCIIDigit),
      comma.range.column == previous.column + previous.length,
      digits.range.column == comma.range.column + 1
    else { return nil }
    let written = String(
      text.dropFirst(start.column - 1).prefix(
        digits.range.column + digits.range.length - start.column))
    return Diagnostic(
      .decimalComma(written), at: start.extended(through: digits.range),
      notes: [.init("\(what) is one number, written as 0.1 or 1e-3")])
  }
}
