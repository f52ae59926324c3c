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
  ///
  /// Given a `width`, a table too wide for it first narrows the gaps between columns, then wraps
  /// the widest cells at spaces (never inside a word); if even its longest words side by side do
  /// not fit, each row is written as a list of "title: value" lines instead.
  public func rendered(width: Int? = nil) -> String {
    let natural = header.indices.map { column in cells(column).map(TextWidth.of).max() ?? 0 }
    guard let width, total(natural, gap: 3) > width else { return lines(natural, gap: 3) }
    let narrowest = header.indices.map { column in
      cells(column).flatMap { $0.split(separator: " ") }.map { TextWidth.of(String($0)) }.max() ?? 0
    }
    guard let gap = [3, 2].first(where: { total(narrowest, gap: $0) <= width }) else {
      return records(width: width)
    }
    // The spare room goes first to the columns that need least to be whole, so that short cells
    // ("1 dense") stay on one line and only the long ones (an equation) wrap.
    var widths = narrowest
    var spare = width - total(narrowest, gap: gap)
    for column in widths.indices.sorted(by: {
      natural[$0] - narrowest[$0] < natural[$1] - narrowest[$1]
    }) {
      let given = min(spare, natural[column] - widths[column])
      widths[column] += given
      spare -= given
    }
    return lines(widths, gap: gap, footerWidth: width)
  }

  /// Column `column`'s title and cells.
  private func cells(_ column: Int) -> [String] { [header[column]] + rows.map { $0[column] } }

  /// How wide the table is with these column widths and `gap` spaces between columns.
  private func total(_ widths: [Int], gap: Int) -> Int {
    widths.reduce(0, +) + gap * max(widths.count - 1, 0)
  }

  /// The ruled table with columns of `widths`, each cell wrapped to its column.
  private func lines(_ widths: [Int], gap: Int, footerWidth: Int? = nil) -> String {
    func row(_ cells: [String]) -> [String] {
      let wrapped = cells.indices.map { TextWrap.lines(cells[$0], width: widths[$0]) }
      let height = wrapped.map(\.count).max() ?? 1
      return (0..<height).map { line in
        cells.indices.map { column in
          TextWidth.pad(
            line < wrapped[column].count ? wrapped[column][line] : "", to: widths[column],
            right: rightAligned.contains(column))
        }.joined(separator: String(repeating: " ", count: gap)).trimmingTrailingSpaces()
      }
    }
    let ruleWidth = total(widths, gap: gap)
    var lines = row(header) + [String(repeating: "━", count: ruleWidth)]
    for (index, cells) in rows.enumerated() {
      if index > 0 && separatesRows { lines.append(String(repeating: "─", count: ruleWidth)) }
      lines += row(cells)
    }
    lines.append(String(repeating: "━", count: ruleWidth))
    let footerLines = footer.map { line in
      footerWidth.map { TextWrap.wrap(line: line, width: $0, measure: TextWidth.of) } ?? line
    }
    return (lines + footerLines).joined(separator: "\n")
  }

  /// A table too wide for `width` columns, written one row at a time: each cell under its title.
  private func records(width: Int) -> String {
    let titleWidth = header.map(TextWidth.of).max() ?? 0
    let rule = String(repeating: "━", count: width - 1)
    var lines = [rule]
    for (index, cells) in rows.enumerated() {
      if index > 0 { lines.append(separatesRows ? String(repeating: "─", count: width - 1) : "") }
      for column in header.indices {
        let head = TextWidth.pad(header[column], to: titleWidth) + "   "
        lines.append(TextWrap.wrap(line: head + cells[column], width: width, measure: TextWidth.of))
      }
    }
    lines.append(rule)
    let footerLines = footer.map { TextWrap.wrap(line: $0, width: width, measure: TextWidth.of) }
    return (lines + footerLines).joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
