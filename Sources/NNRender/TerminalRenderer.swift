/// Turns an `Output` into the text a person reads in a terminal `width` columns wide: messages
/// are wrapped at spaces, tables shrink their columns, plots take the width. The program measures
/// the terminal; this only reads the number.
public struct TerminalRenderer: Sendable {
  public var style: TextStyle
  /// The terminal's width in columns; `nil` for text with no width to fit (a notebook's output).
  public var width: Int?

  public init(style: TextStyle = .plain, width: Int? = nil) {
    self.style = style
    self.width = width.map { max(20, $0) }
  }

  /// The text for `output`, without a final newline.
  public func render(_ output: Output) -> String {
    switch output {
    case .message(let text):
      return width.map { TextWrap.wrap(text, width: $0) } ?? text
    case .value(let name, let value):
      let whole = value == value.rounded() && abs(value) < 1e15
      return
        "\(style.bold(name)) = \(whole ? NumberFormat.exact(value) : NumberFormat.scalar(value))"
    case .matrix(let name, let rows, let whole):
      return whole
        ? renderMatrix(name: name, rows: rows)
        : MatrixSummary(name: name, rows: rows).rendered(by: self)
    case .table(let table):
      return table.rendered(width: width)
    case .definitions(let list):
      return list.rendered(width: width ?? 80)
    case .epoch(let number, let loss):
      return
        "epoch \(TextWidth.pad(String(number), to: 5, right: true))   loss \(NumberFormat.scalar(loss))"
    case .progress(let progress):
      return TerminalRenderer.progressBar(progress, rate: nil, width: width ?? 80)
    case .plot(let plot):
      return TerminalPlot(style: style, columns: width).render(plot)
    case .textPiece(let text):
      return text
    }
  }

  /// A matrix as a name, its shape and its rows in brackets, columns lined up:
  ///
  ///     W1  2×4
  ///       [ 0.4207  -0.3784   0.3285  -0.2720 ]
  ///       [ 0.4947  -0.5000   0.4953  -0.4807 ]
  func renderMatrix(name: String, rows: [[Double]]) -> String {
    let columns = rows.first?.count ?? 0
    let title = "\(style.bold(name))  \(rows.count)×\(columns)"
    guard columns > 0 else { return title + "  (empty)" }
    let format = NumberFormat.entries(of: rows.flatMap { $0 })
    let cells = rows.map { $0.map(format) }
    let cellWidth = cells.flatMap { $0 }.map(TextWidth.of).max() ?? 0
    // "  [ " + cells separated by two spaces + " ]"; too many columns go in blocks, as R prints them.
    let perBlock = width.map { max(1, ($0 - 6 + 2) / (cellWidth + 2)) } ?? columns
    func lines(_ columnRange: Range<Int>) -> [String] {
      cells.map { row in
        "  [ "
          + row[columnRange].map { TextWidth.pad($0, to: cellWidth, right: true) }.joined(
            separator: "  ") + " ]"
      }
    }
    guard perBlock < columns else { return ([title] + lines(0..<columns)).joined(separator: "\n") }
    let blocks = stride(from: 0, to: columns, by: perBlock).flatMap { start -> [String] in
      let end = min(columns, start + perBlock)
      return ["  columns \(start + 1)–\(end) of \(columns)"] + lines(start..<end)
    }
    return ([title] + blocks).joined(separator: "\n")
  }

  /// A progress bar that fits in one line of `width` columns, so that `\r` can redraw it in
  /// place: `[██████░░░░░░░░░░░░░░] epoch 300/1000  loss 0.0123  2,450 epochs/s`. The bar
  /// shrinks (to 5 cells) before the text is cut from the right. It stops one column short of the
  /// edge: a character in the last column makes some terminals wrap.
  /// With `tokensPerStep` it tells tokens per second and the time left instead:
  /// `step 120/500  loss 2.341  31,234 tokens/s  12s left`.
  public static func progressBar(_ progress: ProgressReport, rate: Double?, width: Int = 80)
    -> String
  {
    let loss = progress.loss.map { "  loss \(NumberFormat.scalar($0, digits: 4))" } ?? ""
    var speed =
      rate.map { "  \(NumberFormat.grouped(Int($0.rounded()))) \(progress.unit)s/s" } ?? ""
    if let tokens = progress.tokensPerStep, let rate, rate > 0 {
      let left = Double(max(0, progress.total - progress.step)) / rate
      speed =
        "  \(NumberFormat.grouped(Int((rate * Double(tokens)).rounded()))) tokens/s  \(NumberFormat.duration(left)) left"
    }
    let text = " \(progress.unit) \(progress.step)/\(progress.total)\(loss)\(speed)"
    let room = width - 1
    let cells = min(20, max(5, room - 2 - TextWidth.of(text)))
    let filled = progress.total > 0 ? min(cells, cells * progress.step / progress.total) : cells
    let bar =
      "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
      + "]"
    return String((bar + text).prefix(max(0, room))).trimmingTrailingSpaces()
  }
}
