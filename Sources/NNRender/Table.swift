/// A table of text: a header row, body rows and footer lines, like Keras's `model.summary()`.
public struct Table: Equatable, Sendable {
  /// The column titles.
  public var header: [String]
  /// The body, one array of cells per row (as many cells as titles).
  public var rows: [[String]]
  /// Lines printed under the table, such as "Total params: 27".
  public var footer: [String]
  /// Columns whose cells are right-aligned (numbers), by index.
  public var rightAligned: Set<Int>
  /// Whether a thin rule separates body rows, as in Keras's summary.
  public var separatesRows: Bool

  public init(
    header: [String], rows: [[String]], footer: [String] = [], rightAligned: Set<Int> = [],
    separatesRows: Bool = false
  ) {
    self.header = header
    self.rows = rows
    self.footer = footer
    self.rightAligned = rightAligned
    self.separatesRows = separatesRows
  }

  /// The table as lines of text, columns padded to their widest cell and ruled like Keras's.
  public func rendered() -> String {
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map(TextWidth.of).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.indices.map { column in
        TextWidth.pad(cells[column], to: widths[column], right: rightAligned.contains(column))
      }.joined(separator: "   ").trimmingTrailingSpaces()
    }
    let ruleWidth = widths.reduce(0, +) + 3 * max(widths.count - 1, 0)
    var lines = [line(header), String(repeating: "━", count: ruleWidth)]
    for (index, row) in rows.enumerated() {
      if index > 0 && separatesRows { lines.append(String(repeating: "─", count: ruleWidth)) }
      lines.append(line(row))
    }
    lines.append(String(repeating: "━", count: ruleWidth))
    return (lines + footer).joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
