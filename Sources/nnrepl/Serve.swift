#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNLanguage
import NNRender

/// `nnrepl --serve`: one session that lives as long as its input, driven by JSON requests (see
/// `ServeProtocol.swift`). The Jupyter kernel in `jupyter/` runs it: a cell is a group of lines,
/// run like a script — every syntax error reported before anything runs, then line by line up
/// to the first failure, which is the cell's error. A failed line changes nothing, as at the
/// prompt.
///
/// SIGINT (the notebook's stop button) sets the Ctrl-C flag: a running `train` stops after the
/// current epoch with its weights kept, the cell's later lines do not run, and the server waits
/// for the next request. SIGTERM, SIGHUP or the end of the input end it.
struct Serve {
  var interpreter: Interpreter

  init(session: Session, anywhere: Bool) {
    let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    interpreter = Interpreter(session: session, files: DiskFiles(base: folder, anywhere: anywhere))
  }

  mutating func run() -> ExitStatus {
    Interrupt.install()
    var input = ServeInput()
    while let line = input.nextLine() {
      guard line.contains(where: { !$0.isWhitespace }) else { continue }
      switch ServeRequest.decode(line) {
      case .failure(let error):
        ServeChannel(id: "").reply("invalid", [("message", .string(error.message))])
      case .success(let request): handle(request)
      }
    }
    return .success
  }

  private mutating func handle(_ request: ServeRequest) {
    let channel = ServeChannel(id: request.id)
    let code = request.code ?? ""
    switch request.type {
    case .info:
      channel.reply(
        "info",
        [
          ("language_info", JupyterExport.languageInfo),
          ("implementation_version", .string(NNRepl.configuration.version)),
          (
            "banner",
            .string(
              "nnrepl \(NNRepl.configuration.version): type 'help' in a cell to list the commands")
          ),
        ])
    case .execute: execute(code, count: request.executionCount, channel)
    case .complete: complete(code, cursor: request.cursor, channel)
    case .inspect: inspect(code, cursor: request.cursor, channel)
    case .isComplete:
      let errors = Script(SourceFile(name: "cell", text: code)).errors
      channel.reply("is_complete", [("status", .string(errors.isEmpty ? "complete" : "invalid"))])
    }
  }

  // MARK: Running a cell

  private mutating func execute(_ code: String, count: Int?, _ channel: ServeChannel) {
    Interrupt.reset()
    let (pacer, running) = (ProgressPacer(), RunningText())
    let source = SourceFile(name: "In [\(count.map(String.init) ?? " ")]", text: code)
    let script = Script(source)
    guard script.errors.isEmpty else { return fail(script.errors, in: source, channel) }
    for line in script.lines {
      let outcome = interpreter.execute(
        line.command, range: line.range, isCancelled: { Interrupt.shouldStop }
      ) { event in
        Serve.show(event, in: source, channel, pacer: pacer, running: running)
      }
      switch outcome {
      case .failure(let diagnostic): return fail([diagnostic], in: source, channel)
      case .quit:
        channel.stream(
          "'quit' has no session to end in a notebook: restart the kernel for a fresh one\n",
          to: "stderr")
      case .success: break
      }
      if Interrupt.shouldStop {
        let rest =
          line.number < source.lines.count
          ? "; the lines after line \(line.number) did not run" : ""
        channel.event(
          "error",
          [
            ("ename", .string("Interrupted")), ("evalue", .string("interrupted\(rest)")),
            (
              "traceback",
              .array([.string("interrupted at line \(line.number) of \(source.name)\(rest)")])
            ),
          ])
        return channel.reply("execute", [("status", .string("error"))])
      }
    }
    channel.reply("execute", [("status", .string("ok"))])
  }

  /// Sends an output as it happens. Errors are not sent here: the failed line returns its error,
  /// which becomes the cell's.
  private static func show(
    _ event: Event, in source: SourceFile, _ channel: ServeChannel, pacer: ProgressPacer,
    running: RunningText
  ) {
    // Running text (`generate`'s characters) streams as it comes; the next output ends its line.
    if case .output(.textPiece) = event {
      running.isOpen = true
    } else if running.isOpen, !(event.isProgress) {
      channel.stream("\n")
      running.isOpen = false
    }
    switch event {
    case .output(.progress(let progress)):
      guard pacer.shouldSend(progress) else { return }
      channel.event(
        "progress", [("text", .string(TerminalRenderer.progressBar(progress, rate: pacer.rate)))])
    case .output(let output):
      switch ServeRendering.message(for: output) {
      case .stream(let text): channel.stream(text)
      case .display(let data):
        channel.event("display", [("data", .object(data.map { ($0.0, .string($0.1)) }))])
      }
    case .diagnostic(let diagnostic) where diagnostic.severity != .error:
      channel.stream(
        DiagnosticFormatter(style: .plain).format(diagnostic, in: source) + "\n", to: "stderr")
    case .diagnostic:
      break
    }
  }

  /// The cell's error: the first diagnostic names it; the traceback shows each with the line
  /// and a caret under the mistake, coloured as Jupyter shows tracebacks (unless `NO_COLOR`).
  private func fail(_ diagnostics: [Diagnostic], in source: SourceFile, _ channel: ServeChannel) {
    let colour = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    let formatter = DiagnosticFormatter(style: colour ? .ansi : .plain)
    let traceback = diagnostics.flatMap {
      formatter.format($0, in: source).split(separator: "\n", omittingEmptySubsequences: false)
    }
    channel.event(
      "error",
      [
        ("ename", .string(diagnostics[0].id)), ("evalue", .string(diagnostics[0].message)),
        ("traceback", .array(traceback.map { .string(String($0)) })),
      ])
    channel.reply("execute", [("status", .string("error"))])
  }

  // MARK: Completion and help

  /// Tab: nnrepl's completion of the line up to the cursor (`lay` → `layer`, tensor names).
  private func complete(_ code: String, cursor: Int?, _ channel: ServeChannel) {
    let (before, position) = Serve.text(of: code, upTo: cursor)
    let line =
      before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let completion = Completion(completing: line, in: interpreter.session)
    channel.reply(
      "complete",
      [
        ("matches", .array(completion.candidates.map(JSONValue.string))),
        ("cursor_start", .integer(position - completion.word.unicodeScalars.count)),
        ("cursor_end", .integer(position)),
      ])
  }

  /// Shift-Tab: `help` for the command under the cursor, or the value of the tensor there.
  private func inspect(_ code: String, cursor: Int?, _ channel: ServeChannel) {
    let word = Serve.word(in: code, at: cursor)
    let isCommand = CommandCatalog.help(for: word) != nil
    let isTensor = interpreter.session.tensorNames.contains(word)
    guard !word.isEmpty, isCommand || isTensor else {
      return channel.reply("inspect", [("found", .bool(false))])
    }
    // Run on a copy: asking for help changes nothing.
    var copy = interpreter
    var text: [String] = []
    _ = copy.run(line: isCommand ? "help \(word)" : word, number: 1) { event in
      if case .output(let output) = event {
        text.append(TerminalRenderer(style: .plain).render(output))
      }
    }
    channel.reply(
      "inspect",
      [
        ("found", .bool(true)),
        ("data", .object([("text/plain", .string(text.joined(separator: "\n")))])),
      ])
  }

  /// The code before `cursor` (in Unicode code points), and the cursor clamped to the code.
  static func text(of code: String, upTo cursor: Int?) -> (String, Int) {
    let scalars = Array(code.unicodeScalars)
    let position = max(0, min(cursor ?? scalars.count, scalars.count))
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars[..<position])
    return (String(text), position)
  }

  /// The word (letters, digits, `_`) the cursor is in or just after.
  static func word(in code: String, at cursor: Int?) -> String {
    let scalars = Array(code.unicodeScalars)
    let position = max(0, min(cursor ?? scalars.count, scalars.count))
    let isWordPart = { (scalar: Unicode.Scalar) in
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
    var start = position
    while start > 0 && isWordPart(scalars[start - 1]) { start -= 1 }
    var end = position
    while end < scalars.count && isWordPart(scalars[end]) { end += 1 }
    var word = String.UnicodeScalarView()
    word.append(contentsOf: scalars[start..<end])
    return String(word)
  }
}

/// Sends at most ten progress updates a second (and always the last): a notebook redraws the
/// line for each, and `train 100000` reports every epoch.
/// Whether running text has been streamed without the newline that ends it.
final class RunningText {
  var isOpen = false
}

extension Event {
  fileprivate var isProgress: Bool { if case .output(.progress) = self { true } else { false } }
}

final class ProgressPacer {
  private var start: ContinuousClock.Instant?
  private var last: ContinuousClock.Instant?
  private(set) var rate: Double?

  /// Whether to send this report; then `rate` is the units per second so far.
  func shouldSend(_ progress: ProgressReport) -> Bool {
    let now = ContinuousClock.now
    let begun = start ?? now
    start = begun
    if let last, now - last < .milliseconds(100), progress.step < progress.total { return false }
    last = now
    let seconds = (now - begun) / .seconds(1)
    rate = seconds > 0 ? Double(progress.step) / seconds : nil
    return true
  }
}

/// Standard input as lines, read with `read(2)` so that SIGINT — which interrupts a blocked read
/// on purpose (the handlers do not restart system calls) — does not end the input, as it would
/// end `readLine`. SIGTERM or SIGHUP does.
struct ServeInput {
  private var buffer: [UInt8] = []
  private var ended = false

  mutating func nextLine() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return line
      }
      if ended || Interrupt.terminationSignal != 0 {
        guard !buffer.isEmpty, Interrupt.terminationSignal == 0 else { return nil }
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
      }
      var chunk = [UInt8](repeating: 0, count: 65_536)
      let count = systemRead(STDIN_FILENO, &chunk, chunk.count)
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { ended = true } else { buffer += chunk[..<count] }
    }
  }
}
