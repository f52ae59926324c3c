import NNLanguage
import NNRender

/// An output as a notebook shows it: sentences as a text stream; matrices and tables as HTML
/// with the terminal's text beside it (`text/plain`, for consoles and for `nbconvert --to
/// script`); plots as SVG with their title as the text. The text is exactly what `nnrepl export`
/// writes for the same output, so a notebook run by the kernel reads like the exported one.
enum ServeRendering {
  /// What to send for `output`: a stream's text, or a display's data.
  enum Message {
    case stream(String)
    /// MIME types and their content, in order.
    case display([(String, String)])
  }

  static func message(for output: Output) -> Message {
    let text = TerminalRenderer(style: .plain).render(output)
    switch output {
    case .plot(let plot):
      return .display([("image/svg+xml", SVGPlot.render(plot)), ("text/plain", plot.title)])
    case .matrix(let name, let rows, let whole):
      // A large matrix shows its corners as text, as in a terminal (`show X all` shows it whole).
      guard whole || max(rows.count, rows.first?.count ?? 0) <= largestTable else {
        return .display([("text/plain", text)])
      }
      return .display([("text/html", html(matrix: name, rows: rows)), ("text/plain", text)])
    case .table(let table):
      return .display([("text/html", html(table)), ("text/plain", text)])
    case .message, .value, .definitions, .epoch, .progress:
      return .stream(text + "\n")
    case .textPiece:
      return .stream(text)
    }
  }

  /// The most rows or columns a matrix may have to be shown whole without `all`: the terminal's
  /// own limit (NNRender's `MatrixSummary`), so the HTML and the text show the same entries.
  static let largestTable = 12

  /// A matrix as an HTML table under its name and shape, numbers as the terminal writes them.
  static func html(matrix name: String, rows: [[Double]]) -> String {
    let format = NumberFormat.entries(of: rows.flatMap { $0 })
    let body = rows.map { row in
      "<tr>"
        + row.map { "<td style=\"text-align:right;font-family:monospace\">\(format($0))</td>" }
        .joined() + "</tr>"
    }.joined()
    let caption =
      "<caption style=\"text-align:left\"><b>\(escape(name))</b> \(rows.count)×\(rows.first?.count ?? 0)</caption>"
    return "<table class=\"nnrepl-matrix\">\(caption)\(body)</table>"
  }

  /// A table (such as `summary`'s) with its header, body and footer lines.
  static func html(_ table: Table) -> String {
    func cells(_ row: [String], tag: String) -> String {
      "<tr>"
        + row.indices.map { column in
          let align =
            table.rightAligned.contains(column)
            ? " style=\"text-align:right\"" : " style=\"text-align:left\""
          return "<\(tag)\(align)>\(escape(row[column]))</\(tag)>"
        }.joined() + "</tr>"
    }
    let head = "<thead>" + cells(table.header, tag: "th") + "</thead>"
    let body = "<tbody>" + table.rows.map { cells($0, tag: "td") }.joined() + "</tbody>"
    let foot =
      table.footer.isEmpty
      ? ""
      : "<tfoot><tr><td colspan=\"\(table.header.count)\" style=\"text-align:left\">"
        + table.footer.map(escape).joined(separator: "<br>") + "</td></tr></tfoot>"
    return "<table class=\"nnrepl-table\">\(head)\(body)\(foot)</table>"
  }

  static func escape(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      default: escaped.append(character)
      }
    }
    return escaped
  }
}
