/// A notebook as one self-contained HTML file: inline CSS, inline SVG plots, no scripts and
/// nothing fetched from the network, laid out to read well on screen and on paper.
public enum HTMLExport {
  public static func render(_ document: NotebookDocument) -> String {
    var body: [String] = []
    for cell in document.cells {
      switch cell {
      case .prose(let text):
        body.append("<section class=\"prose\">\n\(MarkdownToHTML.convert(text))\n</section>")
      case .code(let source, let outputs):
        var parts = ["<pre class=\"code\"><code>\(escape(source))</code></pre>"]
        for output in outputs {
          switch output {
          case .text(let text): parts.append("<pre class=\"output\">\(escape(text))</pre>")
          case .svg(let svg, _): parts.append("<figure>\(svgBody(svg))</figure>")
          }
        }
        body.append("<section class=\"cell\">\n\(parts.joined(separator: "\n"))\n</section>")
      }
    }
    return """
      <!DOCTYPE html>
      <html lang="\(escape(document.language))">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(document.title))</title>
      <style>
      body { font-family: Georgia, "Noto Serif", serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
      h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
      code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; }
      pre { padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
      pre.code { background: #f3f5f8; border-left: 3px solid #1f77b4; }
      pre.output { background: #fbfbf8; border-left: 3px solid #bbb; }
      figure { margin: 1rem 0; }
      figure svg { max-width: 100%; height: auto; }
      @media print { pre { white-space: pre-wrap; } section { break-inside: avoid; } }
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>

      """
  }

  /// The SVG element without its XML declaration, to sit inside HTML.
  private static func svgBody(_ svg: String) -> String {
    svg.split(separator: "\n").filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n")
  }

  static func escape(_ text: String) -> String { SVGPlot.escape(text) }
}

/// Just enough Markdown for lesson prose: headings, paragraphs, lists, `code`, *emphasis*,
/// **strong**, and `$…$` math as MathML, which browsers typeset without a script.
enum MarkdownToHTML {
  static func convert(_ text: String) -> String {
    var html: [String] = []
    var list: (tag: String, items: [String])?
    func flushList() {
      if let current = list {
        html.append(
          "<\(current.tag)>" + current.items.map { "<li>\(inline($0))</li>" }.joined()
            + "</\(current.tag)>")
      }
      list = nil
    }
    for block in ProseBlock.parse(text) {
      if case .item(_, let item, let numbered) = block {
        let tag = numbered ? "ol" : "ul"
        if list?.tag != tag { flushList(); list = (tag, []) }
        list?.items.append(item)
        continue
      }
      flushList()
      switch block {
      case .heading(let level, let title): html.append("<h\(level)>\(inline(title))</h\(level)>")
      case .paragraph(let paragraph): html.append("<p>\(inline(paragraph))</p>")
      case .verbatim(let lines):
        html.append("<pre>\(SVGPlot.escape(lines.joined(separator: "\n")))</pre>")
      case .gap, .item: break
      }
    }
    flushList()
    return html.joined(separator: "\n")
  }

  /// `code`, **strong** and *emphasis*, with everything else escaped.
  static func inline(_ text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let first = rest.first {
      if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
        result +=
          "<code>\(SVGPlot.escape(String(rest[rest.index(after: rest.startIndex)..<end])))</code>"
        rest = rest[rest.index(after: end)...]
      } else if first == "$", let formula = TerminalProse.mathSpan(rest) {
        result += MathText.mathML(String(formula.latex))
        rest = formula.rest
      } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).firstRange(of: "**") {
        result +=
          "<strong>\(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))</strong>"
        rest = rest[end.upperBound...]
      } else if first == "*", rest.dropFirst().first != " ",
        let end = rest.dropFirst().firstIndex(of: "*")
      {
        result += "<em>\(inline(String(rest[rest.index(after: rest.startIndex)..<end])))</em>"
        rest = rest[rest.index(after: end)...]
      } else {
        result += SVGPlot.escape(String(first))
        rest = rest.dropFirst()
      }
    }
    return result
  }
}
