import NNLanguage
import NNRender

/// Shows the events of running lines: as terminal text, or as one JSON object per line.
///
/// Text is laid out for the terminal's width (`TerminalSize`), measured again after a resize.
/// Training progress is drawn as one bar that redraws itself in place, and only on a terminal:
/// a pipe, a file or JSON output never sees it.
final class EventPrinter {
  enum Format: String, CaseIterable {
    case text, json
  }

  let console: Console
  let format: Format
  /// The prompt's width when a person is typing at it: diagnostics then point with a caret under
  /// the line just typed instead of repeating it.
  let promptWidth: Int?
  /// When the progress bar on screen started, if one is showing.
  private var progressStart: ContinuousClock.Instant?
  /// Whether running text (`generate`'s characters) is on screen without the newline that ends it.
  private var textIsOpen = false
  /// The word that starts the line the last JSON record came from: a line's events come one
  /// after another, so its text is read for the word once, not once per event.
  private var lastCommand: (line: Int, source: String, word: String?)?

  init(console: Console, format: Format, promptWidth: Int?) {
    self.console = console
    self.format = format
    self.promptWidth = promptWidth
  }

  /// Shows `event`, produced by line `line` (whose text is in `source`).
  func show(_ event: Event, line: Int, source: SourceFile) {
    if case .output(.progress(let progress)) = event {
      showProgress(progress)
      return
    }
    if case .output(.textPiece(let piece)) = event, format == .text {
      showPiece(piece)
      return
    }
    clearProgress()
    switch (event, format) {
    case (.output(let output), .text):
      console.out(
        TerminalRenderer(style: console.outputStyle, width: TerminalSize.layoutColumns).render(
          output))
    case (.output(let output), .json):
      console.out(record(line: line, source: source, kind: output.kind, data: output.json).text)
    case (.diagnostic(let diagnostic), _):
      console.err(describe(diagnostic, source: source))
      if format == .json {
        console.out(
          record(
            line: line, source: source, kind: diagnostic.severity.rawValue, data: diagnostic.json
          ).text)
      }
    }
  }

  private func showProgress(_ progress: ProgressReport) {
    guard format == .text, console.outputIsTerminal else { return }
    let now = ContinuousClock.now
    let start = progressStart ?? now
    progressStart = start
    let seconds =
      Double((now - start).components.attoseconds) / 1e18 + Double((now - start).components.seconds)
    let rate = seconds > 0 ? Double(progress.step) / seconds : nil
    console.write(
      "\r\u{1B}[K" + TerminalRenderer.progressBar(progress, rate: rate, width: TerminalSize.columns)
    )
  }

  /// Running text goes out as it comes, with no newline: the next output ends its line.
  private func showPiece(_ piece: String) {
    removeProgressBar()
    console.write(piece)
    textIsOpen = true
  }

  /// Removes the progress bar, or ends the line of running text, before anything else is written.
  func clearProgress() {
    if textIsOpen {
      console.write("\n")
      textIsOpen = false
    }
    removeProgressBar()
  }

  private func removeProgressBar() {
    guard progressStart != nil else { return }
    progressStart = nil
    console.write("\r\u{1B}[K")
  }

  /// A diagnostic as text, in the file form or, at a prompt, the caret form.
  func describe(_ diagnostic: Diagnostic, source: SourceFile) -> String {
    let diagnostic = Localized.diagnostic(diagnostic)
    let formatter = DiagnosticFormatter(style: console.errorStyle)
    if let promptWidth, let line = diagnostic.range.flatMap({ source.line($0.line) }) {
      return formatter.formatInteractive(diagnostic, line: line, promptWidth: promptWidth)
    }
    return formatter.format(diagnostic, in: source)
  }

  private func record(line: Int, source: SourceFile, kind: String, data: JSONValue) -> JSONValue {
    let command = commandWord(line: line, source: source)
    return .object([
      ("line", .integer(line)), ("command", command.map(JSONValue.string) ?? .null),
      ("kind", .string(kind)), ("data", data),
    ])
  }

  /// The word line `line` of `source` starts with, found once per line.
  private func commandWord(line: Int, source: SourceFile) -> String? {
    if let lastCommand, lastCommand.line == line, lastCommand.source == source.name {
      return lastCommand.word
    }
    let word = source.line(line).flatMap(Interpreter.commandName(of:))
    lastCommand = (line, source.name, word)
    return word
  }
}

extension Diagnostic {
  /// The diagnostic as JSON, for graders.
  var json: JSONValue {
    var members: [(String, JSONValue)] = [("id", .string(id)), ("message", .string(message))]
    if let range {
      members += [
        ("line", .integer(range.line)), ("column", .integer(range.column)),
        ("length", .integer(range.length)),
      ]
    }
    members.append(("notes", .array(notes.map { .string($0.message) })))
    return .object(members)
  }
}
