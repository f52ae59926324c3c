/// Turns an `Output` into the text a person reads in a terminal.
public struct TerminalRenderer: Sendable {
  public var style: TextStyle

  public init(style: TextStyle = .plain) { self.style = style }

  /// The text for `output`, without a final newline.
  public func render(_ output: Output) -> String {
    switch output {
    case .message(let text):
      return text
    case .value(let name, let value):
      let whole = value == value.rounded() && abs(value) < 1e15
      return "\(style.bold(name)) = \(whole ? NumberFormat.exact(value) : NumberFormat.scalar(value))"
    case .matrix(let name, let rows, let whole):
      return whole ? renderMatrix(name: name, rows: rows) : MatrixSummary(name: name, rows: rows).rendered(by: self)
    case .table(let table):
      return table.rendered()
    case .epoch(let number, let loss):
      return "epoch \(TextWidth.pad(String(number), to: 5, right: true))   loss \(NumberFormat.scalar(loss))"
    case .progress(let progress):
      return TerminalRenderer.progressBar(progress, rate: nil)
    case .plot(let plot):
      return TerminalPlot(style: style).render(plot)
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
    let width = cells.flatMap { $0 }.map(TextWidth.of).max() ?? 0
    let lines = cells.map { row in
      "  [ " + row.map { TextWidth.pad($0, to: width, right: true) }.joined(separator: "  ") + " ]"
    }
    return ([title] + lines).joined(separator: "\n")
  }

  /// A progress bar: `[██████░░░░░░░░░░░░░░] epoch 300/1000  loss 0.0123  2,450 epochs/s`.
  public static func progressBar(_ progress: ProgressReport, rate: Double?) -> String {
    let width = 20
    let filled = progress.total > 0 ? min(width, width * progress.step / progress.total) : width
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let loss = progress.loss.map { "  loss \(NumberFormat.scalar($0, digits: 4))" } ?? ""
    let speed = rate.map { "  \(NumberFormat.grouped(Int($0.rounded()))) \(progress.unit)s/s" } ?? ""
    return "[\(bar)] \(progress.unit) \(progress.step)/\(progress.total)\(loss)\(speed)"
  }
}
