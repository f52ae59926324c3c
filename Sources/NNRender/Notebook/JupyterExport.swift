/// A notebook as a Jupyter notebook (nbformat 4.5): Markdown cells, and code cells whose outputs
/// are text streams and SVG images. Jupyter and VS Code render its `$…$` math.
public enum JupyterExport {
  public static func render(_ document: NotebookDocument) -> String {
    var cells: [JSONValue] = []
    var count = 0
    for (index, cell) in document.cells.enumerated() {
      let id = JSONValue.string("cell-\(index + 1)")
      switch cell {
      case .prose(let text):
        cells.append(
          .object([
            ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
            ("source", lines(text)),
          ]))
      case .code(let source, let outputs):
        count += 1
        let rendered: [JSONValue] = outputs.map { output in
          switch output {
          case .text(let text):
            return .object([
              ("name", .string("stdout")), ("output_type", .string("stream")),
              ("text", lines(text + "\n")),
            ])
          case .svg(let svg, let title):
            return .object([
              ("data", .object([("image/svg+xml", lines(svg)), ("text/plain", lines(title))])),
              ("metadata", .object([])), ("output_type", .string("display_data")),
            ])
          }
        }
        cells.append(
          .object([
            ("cell_type", .string("code")), ("execution_count", .integer(count)), ("id", id),
            ("metadata", .object([])),
            ("outputs", .array(rendered)), ("source", lines(source)),
          ]))
      }
    }
    let metadata = JSONValue.object([
      ("kernelspec", kernelspec), ("language_info", languageInfo),
      ("title", .string(document.title)),
    ])
    return JSONValue.object([
      ("cells", .array(cells)), ("metadata", metadata), ("nbformat", .integer(4)),
      ("nbformat_minor", .integer(5)),
    ]).text + "\n"
  }

  /// The kernel a notebook names: the one `nnrepl kernel install` installs.
  public static let kernelspec = JSONValue.object([
    ("display_name", .string("nnrepl")), ("language", .string("nnrepl")),
    ("name", .string("nnrepl")),
  ])

  /// The language as the `nnrepl` kernel's `kernel_info` names it, so that a notebook's metadata
  /// and a running kernel agree: nbconvert highlights cells with the Pygments lexer `nnrepl`
  /// (shipped with the kernel's package) and JupyterLab edits them in CodeMirror's shell mode,
  /// the nearest existing one (words, numbers, `#` comments).
  public static let languageInfo = JSONValue.object([
    ("codemirror_mode", .string("shell")), ("file_extension", .string(".nn")),
    ("mimetype", .string("text/x-nnrepl")),
    ("name", .string("nnrepl")), ("pygments_lexer", .string("nnrepl")),
  ])

  /// Text as Jupyter stores it: a list of lines, each but the last ending in a newline.
  private static func lines(_ text: String) -> JSONValue {
    var pieces = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0) + "\n"
    }
    if let last = pieces.popLast(), last != "\n" { pieces.append(String(last.dropLast())) }
    return .array(pieces.map(JSONValue.string))
  }
}
