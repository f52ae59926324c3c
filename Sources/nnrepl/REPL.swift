#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNLanguage

/// The read–eval–print loop: reads a line, runs it, shows what it produced, and goes on — an
/// error never ends the session.
///
/// Lines that start with `:` are meta-commands about the session itself: `:history`,
/// `:save FILE`, `:load FILE`, `:record FILE`.
struct REPL {
  static let prompt = "nn> "

  var reader: any LineReader
  let printer: EventPrinter
  /// Whether a person is typing (prompts, a greeting, Ctrl-C handling) or lines come from a pipe.
  let isInteractive: Bool
  var interpreter: Interpreter
  /// Everything typed, for diagnostics and `:history`.
  var source = SourceFile(name: "<stdin>", text: "")
  /// The lines that ran without error, and comment lines: what `:save` and `:record` write.
  var kept: [String] = []
  /// Where `:record` keeps the kept lines up to date, if it is on.
  var recording: String?
  /// Whether `recording` was named on the command line (and so may be anywhere).
  private var recordingFromCommandLine: Bool
  let files: DiskFiles

  init(
    reader: any LineReader, printer: EventPrinter, isInteractive: Bool,
    interpreter: Interpreter? = nil,
    recording: String? = nil, anywhere: Bool = false, session: Session = Session()
  ) {
    self.reader = reader
    self.printer = printer
    self.isInteractive = isInteractive
    files = DiskFiles(
      base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), anywhere: anywhere)
    self.interpreter = interpreter ?? Interpreter(session: session, files: files)
    self.recording = recording
    recordingFromCommandLine = recording != nil
  }

  /// Runs until `quit` or the end of input. Returns the status: for piped input, that of the
  /// first failed line, so a grader piping commands in still sees a failure.
  mutating func run(greeting: Bool = true) -> ExitStatus {
    var status = ExitStatus.success
    if isInteractive && greeting {
      printer.console.out(
        "nnrepl \(NNRepl.configuration.version) — type 'help' for the commands, Ctrl-D to quit")
    }
    // A --record file that cannot be written is said now, once, not after every line.
    if let recording, !write(to: recording, quietly: true, anywhere: true) {
      self.recording = nil
      if !isInteractive { status = .cannotCreateOutput }
    }
    while true {
      let text: String
      if Interrupt.terminationSignal != 0 { return status }
      switch reader.readLine(
        prompt: isInteractive ? REPL.prompt : "", completingIn: interpreter.session)
      {
      case .endOfInput: return status
      case .interrupted: continue
      case .line(let line): text = line
      }
      reader.addHistory(text)
      if text.hasPrefix(":") {
        if let failure = runMeta(text), status == .success, !isInteractive { status = failure }
        continue
      }
      switch runLine(text) {
      case .success: continue
      case .quit: return status
      case .failure(let diagnostic):
        // Up brings back the line with the suggested word in place ("did you mean 'sigmoid'?").
        if let fixed = diagnostic.fixed(text) { reader.addHistory(fixed) }
        if status == .success && !isInteractive { status = ExitStatus(for: diagnostic) }
      }
    }
  }

  /// Runs one typed line of the language, keeping it for `:save` if it succeeds.
  mutating func runLine(_ text: String) -> Interpreter.Outcome {
    source.lines.append(text)
    return runLine(text, number: source.lines.count, of: source)
  }

  /// Runs line `number` of `file` (what was typed, or a `:load`ed file, so that a diagnostic
  /// names the file and line it came from), keeping it for `:save` and `:record` if it succeeds.
  /// A recording that can no longer be written is stopped, with one message.
  private mutating func runLine(_ text: String, number: Int, of file: SourceFile)
    -> Interpreter.Outcome
  {
    Interrupt.reset()
    let outcome = interpreter.run(line: text, number: number, isCancelled: { Interrupt.shouldStop })
    {
      [printer] event in printer.show(event, line: number, source: file)
    }
    if outcome == .success, !text.allSatisfy(\.isWhitespace) {
      kept.append(text)
      if let recording, !write(to: recording, quietly: true, anywhere: recordingFromCommandLine) {
        self.recording = nil
        printer.console.err("note: recording stopped")
      }
    }
    return outcome
  }

  /// `:history`, `:save FILE`, `:load FILE`, `:record FILE | stop`; returns the exit status a
  /// script would end with if it failed.
  private mutating func runMeta(_ text: String) -> ExitStatus? {
    let words = text.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
    let argument = words.count > 1 ? words[1].trimmingBlanks() : nil
    switch (words.first ?? "", argument) {
    case ("history", nil):
      for (index, line) in source.lines.enumerated() {
        printer.console.out("\(String(index + 1).leftPadded(to: 4))  \(line)")
      }
    case ("save", let path?):
      if !write(to: path, quietly: false) { return .cannotCreateOutput }
    case ("record", "stop"):
      recording = nil
      recordingFromCommandLine = false
      printer.console.out("recording stopped")
    case ("record", let path?):
      guard write(to: path, quietly: true) else { return .cannotCreateOutput }
      recording = path
      recordingFromCommandLine = false
      printer.console.out(
        "recording to \(path): every line that runs is saved there, with comments")
    case ("load", let path?):
      return load(path)
    default:
      printer.console.err(
        "error: unknown meta-command '\(text)'\nnote: the meta-commands are :history, :save FILE, :load FILE, :record FILE, :record stop"
      )
      return .syntaxError
    }
    return nil
  }

  /// Writes the kept lines to `path`; says why not and returns `false` if it cannot.
  private func write(to path: String, quietly: Bool, anywhere: Bool = false) -> Bool {
    // A file named on the command line was the user's own choice; one named in a line is checked.
    let files = anywhere ? DiskFiles(base: files.base, anywhere: true) : files
    do {
      try files.write(kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n"), to: path)
      if !quietly { printer.console.out("saved \(kept.count) lines to \(path)") }
      return true
    } catch {
      printer.console.err("error: cannot save to '\(path)': \(error.reason)")
      return false
    }
  }

  /// Runs a script's lines in this session, numbered as in the script, stopping at the first error.
  private mutating func load(_ path: String) -> ExitStatus? {
    let text: String
    do {
      text = try files.read(path)
    } catch {
      printer.console.err("error: cannot load '\(path)': \(error.reason)")
      return .cannotOpenInput
    }
    let file = SourceFile(name: path, text: text)
    for (index, line) in file.lines.enumerated() {
      if case .failure(let diagnostic) = runLine(line, number: index + 1, of: file) {
        return ExitStatus(for: diagnostic)
      }
    }
    return nil
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    String(repeating: " ", count: max(0, width - count)) + self
  }
}
