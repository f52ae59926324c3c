/// A large matrix as NumPy summarises one: its corners, and how much is left out. A 200×2 ŷ
/// shows its first and last four rows and "… 192 more rows", not a wall of 200 lines.
struct MatrixSummary {
  /// More rows or columns than this, and only the corners are shown.
  static let limit = 12
  /// How many rows (or columns) are kept at each end.
  static let edge = 4

  var name: String
  var rows: [[Double]]

  func rendered(by renderer: TerminalRenderer) -> String {
    let columns = rows.first?.count ?? 0
    guard rows.count > MatrixSummary.limit || columns > MatrixSummary.limit else {
      return renderer.renderMatrix(name: name, rows: rows)
    }
    let format = NumberFormat.entries(of: rows.flatMap { $0 })
    let keptRows = MatrixSummary.ends(of: rows.count)
    var keptColumns = MatrixSummary.ends(of: columns)
    var cells = keptRows.map { row in keptColumns.map { format(rows[row][$0]) } }
    let width = cells.flatMap { $0 }.map(TextWidth.of).max() ?? 0
    // In a narrow terminal, fewer columns at each end: "  [ " + cells (and "…") + " ]" must fit.
    if let room = renderer.width, columns > MatrixSummary.limit {
      let fitting = (room - 6 + 2) / (width + 2)
      keptColumns = MatrixSummary.ends(
        of: columns, edge: min(MatrixSummary.edge, max(1, (fitting - 1) / 2)))
      cells = keptRows.map { row in keptColumns.map { format(rows[row][$0]) } }
    }
    let cutColumns = columns > keptColumns.count
    var lines = ["\(renderer.style.bold(name))  \(rows.count)×\(columns)"]
    for (index, row) in cells.enumerated() {
      var entries = row.map { TextWidth.pad($0, to: width, right: true) }
      if cutColumns {
        entries.insert(TextWidth.pad("…", to: width, right: true), at: keptColumns.count / 2)
      }
      lines.append("  [ " + entries.joined(separator: "  ") + " ]")
      if rows.count > keptRows.count, index == MatrixSummary.edge - 1 {
        lines.append("  … \(rows.count - keptRows.count) more rows")
      }
    }
    var hidden: [String] = []
    if rows.count > keptRows.count { hidden.append("\(rows.count - keptRows.count) rows") }
    if cutColumns { hidden.append("\(columns - keptColumns.count) columns") }
    let note =
      "  (\(hidden.joined(separator: " and ")) left out; 'show \(name) all' shows every entry)"
    let wrapped = renderer.width.map { TextWrap.wrap(line: note, width: $0) } ?? note
    lines += wrapped.split(separator: "\n").map { renderer.style.colored(String($0), .gray) }
    return lines.joined(separator: "\n")
  }

  /// The indices kept of `count`: all of them up to the limit, else the first and last `edge`.
  static func ends(of count: Int, edge: Int = edge) -> [Int] {
    count > limit ? Array(0..<edge) + Array(count - edge..<count) : Array(0..<count)
  }
}
