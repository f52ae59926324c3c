/// A notebook as Markdown: prose as it is, code in ```nnrepl blocks, text outputs in ```text
/// blocks, and each plot as an SVG file beside the Markdown, linked as an image.
public enum MarkdownExport {
  /// The Markdown text, and the SVG files to write beside it (name → content). `stem` names
  /// the plot files: `lesson-plot-1.svg`, ….
  public static func render(_ document: NotebookDocument, stem: String) -> (
    markdown: String, files: [(String, String)]
  ) {
    var parts: [String] = []
    var files: [(String, String)] = []
    for cell in document.cells {
      switch cell {
      case .prose(let text):
        parts.append(text)
      case .code(let source, let outputs):
        parts.append("```nnrepl\n\(source)\n```")
        for output in outputs {
          switch output {
          case .text(let text):
            parts.append("```text\n\(text)\n```")
          case .svg(let svg, let title):
            let name = "\(stem)-plot-\(files.count + 1).svg"
            files.append((name, svg))
            parts.append("![\(title)](\(name))")
          }
        }
      }
    }
    return (parts.joined(separator: "\n\n") + "\n", files)
  }
}
