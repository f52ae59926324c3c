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
    let keptColumns = MatrixSummary.ends(of: columns)
    let cells = keptRows.map { row in keptColumns.map { format(rows[row][$0]) } }
    let width = cells.flatMap { $0 }.map(TextWidth.of).max() ?? 0
    let cutColumns = columns > keptColumns.count
    var lines = ["\(renderer.style.bold(name))  \(rows.count)×\(columns)"]
    for (index, row) in cells.enumerated() {
      var entries = row.map { TextWidth.pad($0, to: width, right: true) }
      if cutColumns { entries.insert(TextWidth.pad("…", to: width, right: true), at: MatrixSummary.edge) }
      lines.append("  [ " + entries.joined(separator: "  ") + " ]")
      if rows.count > keptRows.count, index == MatrixSummary.edge - 1 {
        lines.append("  … \(rows.count - keptRows.count) more rows")
      }
    }
    var hidden: [String] = []
    if rows.count > keptRows.count { hidden.append("\(rows.count - keptRows.count) rows") }
    if cutColumns { hidden.append("\(columns - keptColumns.count) columns") }
    lines.append(renderer.style.colored("  (\(hidden.joined(separator: " and ")) left out; 'show \(name) all' shows every entry)", .gray))
    return lines.joined(separator: "\n")
  }

  /// The indices kept of `count`: all of them up to the limit, else the first and last `edge`.
  static func ends(of count: Int) -> [Int] {
    count > limit ? Array(0..<edge) + Array(count - edge..<count) : Array(0..<count)
  }
}
