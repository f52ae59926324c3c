import NNEngine

/// A matrix or a list written in a line: `[[1, 0], [0, 1]]` or `[0, 1, 1, 0]`.
///
/// Commas between entries are optional (`[1 0]` is `[1, 0]`), and an entry may be negative.
public struct MatrixLiteral: Equatable, Sendable {
  /// The rows. A flat list `[a, b]` is one row.
  public var rows: [[Double]]
  /// Whether it was written flat, `[a, b]`, rather than nested, `[[a, b]]`.
  public var isFlat: Bool
  /// Where it was written, from `[` to `]`.
  public var range: SourceRange

  /// As a matrix: a flat list is one row.
  public var matrix: Matrix { Matrix(rows) }
}

extension Parser {
  /// literal := '[' number { [','] number } ']' | '[' row { [','] row } ']'
  mutating func expectMatrixLiteral(_ what: String) throws(Diagnostic) -> MatrixLiteral {
    let open = currentRange
    guard eat(symbol: "[") else {
      throw Diagnostic(.expectedLiteral(what, found: found), at: currentRange)
    }
    if current?.isSymbol("[") == true {
      var rows: [[Double]] = []
      var rowRanges: [SourceRange] = []
      repeat {
        let rowStart = currentRange
        rows.append(try expectRow())
        rowRanges.append(rowStart)
        _ = eat(symbol: ",")
      } while current?.isSymbol("[") == true
      let close = currentRange
      try expect(symbol: "]", after: "the last row of the matrix")
      if let ragged = rows.firstIndex(where: { $0.count != rows[0].count }) {
        throw Diagnostic(
          .raggedMatrix(row: ragged + 1, entries: rows[ragged].count, expected: rows[0].count),
          at: rowRanges[ragged],
          notes: [.init("every row of a matrix needs the same number of entries")])
      }
      return MatrixLiteral(rows: rows, isFlat: false, range: open.extended(through: close))
    }
    let row = try expectEntries(closingWhat: "list")
    return MatrixLiteral(rows: [row], isFlat: true, range: open.extended(through: previousRange))
  }

  /// row := '[' number { [','] number } ']'
  private mutating func expectRow() throws(Diagnostic) -> [Double] {
    try expect(symbol: "[", after: "'['")
    return try expectEntries(closingWhat: "row")
  }

  /// Numbers up to the closing `]`, which is read too.
  private mutating func expectEntries(closingWhat: String) throws(Diagnostic) -> [Double] {
    var entries: [Double] = []
    while !eat(symbol: "]") {
      guard let token = current, token.isSymbol("-") || token.isNumber else {
        throw Diagnostic(.expectedEntry(in: closingWhat, found: found), at: currentRange)
      }
      entries.append(try expectNumber("a number"))
      _ = eat(symbol: ",")
    }
    if entries.isEmpty {
      throw Diagnostic(.emptyLiteral(closingWhat), at: previousRange)
    }
    return entries
  }

  /// The range of the token just read.
  var previousRange: SourceRange {
    position > 0 && position - 1 < tokens.count ? tokens[position - 1].range : endRange
  }
}

extension Parser {
  /// An optional sample after a command: `[1, 0]` (one sample) or `[[1, 0], [0, 1]]` (several).
  mutating func parseOptionalSample() throws(Diagnostic) -> Matrix? {
    guard !isAtEnd else { return nil }
    let literal = try expectMatrixLiteral("a sample")
    try expectEnd(after: "the sample")
    return literal.matrix
  }
}
