import Foundation
import NNLanguage

/// The read–eval–print loop: reads a line, runs it, shows what it produced, and goes on — an
/// error never ends the session.
struct REPL {
  static let prompt = "nn> "

  var reader: any LineReader
  let printer: EventPrinter
  /// Whether a person is typing (prompts, a greeting, Ctrl-C handling) or lines come from a pipe.
  let isInteractive: Bool

  /// Runs until `quit` or the end of input. Returns the status: for piped input, that of the
  /// first failed line, so a grader piping commands in still sees a failure.
  mutating func run() -> ExitStatus {
    var interpreter = Interpreter(files: DiskFiles(base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
    var source = SourceFile(name: "<stdin>", text: "")
    var status = ExitStatus.success
    if isInteractive {
      printer.console.out("nnrepl \(NNRepl.configuration.version) — type 'help' for the commands, Ctrl-D to quit")
    }
    while true {
      let text: String
      switch reader.readLine(prompt: isInteractive ? REPL.prompt : "", completingIn: interpreter.session) {
      case .endOfInput: return status
      case .interrupted: continue
      case .line(let line): text = line
      }
      source.lines.append(text)
      reader.addHistory(text)
      let number = source.lines.count
      Interrupt.reset()
      let outcome = interpreter.run(line: text, number: number, isCancelled: { Interrupt.isSet }) {
        [printer, source] event in printer.show(event, line: number, source: source)
      }
      switch outcome {
      case .success: continue
      case .quit: return status
      case .failure(let diagnostic):
        if status == .success && !isInteractive { status = ExitStatus(for: diagnostic) }
      }
    }
  }
}
