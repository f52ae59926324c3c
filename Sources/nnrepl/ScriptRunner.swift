import Foundation
import NNLanguage

/// Runs a script file top to bottom, as if its lines were typed, and stops at the first error.
struct ScriptRunner {
  let path: String
  let printer: EventPrinter

  /// Runs the script and returns the exit status.
  func run() -> ExitStatus {
    let console = printer.console
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
      console.err("nnrepl: error: cannot open '\(path)': \(reason)")
      return .cannotOpenInput
    }
    guard let text = String(data: data, encoding: .utf8) else {
      console.err("nnrepl: error: '\(path)' is not UTF-8 text")
      return .cannotOpenInput
    }
    let script = Script(SourceFile(name: path, text: text))
    // A syntax error anywhere stops the script before anything runs: list them all at once.
    if !script.errors.isEmpty {
      for error in script.errors { printer.show(.diagnostic(error), line: error.range?.line ?? 0, source: script.source) }
      return .syntaxError
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var interpreter = Interpreter(files: DiskFiles(base: folder))
    for line in script.lines {
      let outcome = interpreter.execute(
        line.command, range: Interpreter.commandRange(of: line.text, line: line.number)
      ) { event in
        printer.show(event, line: line.number, source: script.source)
      }
      switch outcome {
      case .success: continue
      case .quit: return .success
      case .failure(let diagnostic): return ExitStatus(for: diagnostic)
      }
    }
    return .success
  }
}
