#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNLanguage

/// Runs a script file top to bottom, as if its lines were typed, and stops at the first error.
struct ScriptRunner {
  let path: String
  let printer: EventPrinter
  /// Whether the script may read and write files outside the current folder.
  var anywhere = false
  /// The session to start from (it carries the memory limit).
  var session = Session()

  /// Runs the script and returns the exit status.
  func run() -> ExitStatus {
    guard let source = ScriptRunner.read(path, console: printer.console) else {
      return .cannotOpenInput
    }
    let script = Script(source)
    // A syntax error anywhere stops the script before anything runs: list them all at once.
    if !script.errors.isEmpty {
      for error in script.errors {
        printer.show(.diagnostic(error), line: error.range?.line ?? 0, source: script.source)
      }
      return ExitStatus(for: script.errors[0])
    }
    var interpreter = Interpreter(
      session: session, files: DiskFiles(base: ScriptRunner.folder(of: path), anywhere: anywhere))
    let (ending, _) = script.run(with: &interpreter) { line, event in
      printer.show(event, line: line, source: script.source)
    }
    if case .failed(let diagnostic) = ending { return ExitStatus(for: diagnostic) }
    return .success
  }

  /// The folder a script's relative paths start from.
  static func folder(of path: String) -> URL {
    URL(fileURLWithPath: path).deletingLastPathComponent()
  }

  /// The script's text, or `nil` after saying why it cannot be read.
  static func read(_ path: String, console: Console) -> SourceFile? {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason =
        FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
      console.err("nnrepl: error: cannot open '\(path)': \(reason)")
      return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
      console.err("nnrepl: error: '\(path)' is not UTF-8 text")
      return nil
    }
    return SourceFile(name: path, text: text)
  }
}
