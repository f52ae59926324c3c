import NNRender

/// A lesson seen as a notebook: runs of `#` comment lines are prose cells (Markdown), runs of
/// commands are code cells. A blank line ends a cell, and a line `#%%` splits cells explicitly.
///
/// A prose cell whose first line is a language tag such as `[zh]` is in that language: a lesson
/// can carry its prose in English and in Chinese (the course text's language), and `--lang zh` shows the
/// Chinese cells instead of the English ones. Untagged prose is English.
public struct Notebook: Sendable {
  public enum Cell: Equatable, Sendable {
    /// Markdown: the comment lines without their `#` and one space, and the language tag.
    case prose(String, language: String)
    /// The numbers of the lines of a run of commands (comments after a command stay in it).
    case code([Int])
  }

  public var source: SourceFile
  public var cells: [Cell] = []

  public init(_ source: SourceFile) {
    self.source = source
    var prose: [String] = []
    var code: [Int] = []
    func close() {
      if let first = prose.first, first.hasPrefix("["), first.hasSuffix("]"), first.count <= 8 {
        cells.append(
          .prose(
            prose.dropFirst().joined(separator: "\n"),
            language: String(first.dropFirst().dropLast())))
      } else if !prose.isEmpty {
        cells.append(.prose(prose.joined(separator: "\n"), language: "en"))
      }
      if !code.isEmpty { cells.append(.code(code)) }
      (prose, code) = ([], [])
    }
    for (index, line) in source.lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty || trimmed.hasPrefix("#%%") {
        close()
      } else if trimmed.hasPrefix("#") {
        if !code.isEmpty { close() }
        let text = trimmed.dropFirst()
        prose.append(String(text.hasPrefix(" ") ? text.dropFirst() : text))
      } else {
        if !prose.isEmpty { close() }
        code.append(index + 1)
      }
    }
    close()
  }

  /// The cells to show for `language`: every code cell, and the prose in that language. Where
  /// the prose between two code cells has no version in `language`, the English stays (its tag
  /// says "en"), so a lesson not yet translated is shown in English, never as bare code.
  public func cells(in language: String) -> [Cell] {
    var shown: [Cell] = []
    var group: [Cell] = []
    func flush() {
      let wanted = group.filter { if case .prose(_, language) = $0 { true } else { false } }
      shown +=
        wanted.isEmpty
        ? group.filter { if case .prose(_, "en") = $0 { true } else { false } } : wanted
      group = []
    }
    for cell in cells {
      if case .prose = cell {
        group.append(cell)
      } else {
        flush()
        shown.append(cell)
      }
    }
    flush()
    return shown
  }

  /// Whether any prose of the lesson is in `language`.
  public func hasProse(in language: String) -> Bool {
    cells.contains { if case .prose(_, language) = $0 { true } else { false } }
  }

  /// Runs the lesson as a script does (`Script.run`: line by line, stopping at the first error or
  /// at `quit`) and collects what each code cell printed: text as a terminal without colour
  /// shows it, plots as SVG. After an error, which it returns, the document ends with the cell
  /// that failed.
  public func run(files: any FileAccess, language: String = "en", session: Session = Session()) -> (
    document: NotebookDocument, failure: Diagnostic?
  ) {
    let script = Script(source)
    let cells = cells(in: language)
    let title =
      cells.lazy.compactMap { cell -> String? in
        guard case .prose(let text, _) = cell else { return nil }
        return text.split(separator: "\n").first.map { String($0.drop { $0 == "#" || $0 == " " }) }
      }.first ?? source.name
    if let error = script.errors.first { return (NotebookDocument(title: title, cells: []), error) }
    var cellOfLine: [Int: Int] = [:]
    for (index, cell) in cells.enumerated() {
      if case .code(let numbers) = cell { for number in numbers { cellOfLine[number] = index } }
    }
    var outputs = [[NotebookDocument.Output]](repeating: [], count: cells.count)
    var afterPiece = [Bool](repeating: false, count: cells.count)
    var lastLine = 0
    var interpreter = Interpreter(session: session, files: files)
    let (ending, _) = script.run(with: &interpreter) { number, event in
      lastLine = number
      guard let index = cellOfLine[number] else { return }
      Notebook.append(event, to: &outputs[index], afterPiece: &afterPiece[index], source: source)
    }
    var failure: Diagnostic?
    var shown = cells[...]
    // A failed line emits its diagnostic last, so `lastLine` is the line that failed.
    if case .failed(let diagnostic) = ending, let failed = cellOfLine[lastLine] {
      (failure, shown) = (diagnostic, cells[...failed])
    }
    var document = NotebookDocument(
      title: title, cells: [], language: hasProse(in: language) ? language : "en")
    for (index, cell) in zip(shown.indices, shown) {
      switch cell {
      case .prose(let text, _): document.cells.append(.prose(text))
      case .code(let numbers):
        document.cells.append(
          .code(numbers.compactMap(source.line).joined(separator: "\n"), outputs: outputs[index]))
      }
    }
    return (document, failure)
  }

  /// Adds an event to a cell's outputs, merging consecutive text into one block: on new lines,
  /// except a piece of running text after another (`afterPiece`), which continues its line.
  private static func append(
    _ event: Event, to outputs: inout [NotebookDocument.Output], afterPiece: inout Bool,
    source: SourceFile
  ) {
    if case .output(.progress) = event { return }
    let continues = afterPiece
    afterPiece = false
    let text: String
    switch event {
    case .output(.plot(let plot)):
      outputs.append(.svg(SVGPlot.render(plot), title: plot.title))
      return
    case .output(.textPiece(let piece)):
      text = piece
      afterPiece = true
    case .output(let output): text = TerminalRenderer(style: .plain).render(output)
    case .diagnostic(let diagnostic):
      text = DiagnosticFormatter(style: .plain).format(diagnostic, in: source)
    }
    if case .text(let previous)? = outputs.last {
      outputs[outputs.count - 1] = .text(previous + (continues && afterPiece ? "" : "\n") + text)
    } else {
      outputs.append(.text(text))
    }
  }
}
