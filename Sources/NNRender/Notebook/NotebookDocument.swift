/// A lesson as a notebook: prose cells (Markdown) and code cells with what they printed.
/// The language layer fills it by running a lesson; `MarkdownExport`, `HTMLExport` and
/// `JupyterExport` write it out.
public struct NotebookDocument: Equatable, Sendable {
  /// One output of a code cell.
  public enum Output: Equatable, Sendable {
    /// Text as the terminal shows it without colour (tables, matrices, messages, warnings).
    case text(String)
    /// A plot, as a standalone SVG document, with a one-line description for plain viewers.
    case svg(String, title: String)
  }

  public enum Cell: Equatable, Sendable {
    /// Markdown text.
    case prose(String)
    /// nnrepl lines and their outputs, in order.
    case code(String, outputs: [Output])
  }

  public var title: String
  public var cells: [Cell]
  /// The language of the prose, as a BCP 47 tag (`en`, `zh`), so that a browser picks the right
  /// fonts and line breaking, and a screen reader the right voice.
  public var language: String

  public init(title: String, cells: [Cell], language: String = "en") {
    self.title = title
    self.cells = cells
    self.language = language
  }
}
