import Foundation
import NNTestSupport
import Testing

/// The real binary at a real (pseudo-)terminal: libedit's editing, completion, history and Ctrl-C.
@Suite("nnrepl at a terminal", .serialized)
struct TerminalTests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)

  /// Starts nnrepl at a pseudo-terminal; its history file is `history` in the test's folder.
  func start(history: String = "history") throws -> PseudoTerminal {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let environment = [
      "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": folder.path,
      "NNREPL_HISTORY": folder.appendingPathComponent(history).path,
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
      // Under AddressSanitizer the suite runs with its options; pass them on.
      "ASAN_OPTIONS": ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "",
    ]
    let terminal = try PseudoTerminal(path: BuiltBinary().path, environment: environment)
    try terminal.waitForPrompt()
    return terminal
  }

  @Test("Tab completes 'lay' to 'layer', Up recalls the previous line, history is saved")
  func completionAndHistory() throws {
    let terminal = try start()
    var mark = try terminal.run("input 2", until: "input: 2 features per sample")
    terminal.type("lay\t")  // libedit redraws "lay" + "er " with cursor moves, so check the result
    mark = try terminal.run("dense 4 sigmoid", until: "layer 1: dense 4 sigmoid", after: mark)
    // Up: the same line again
    mark = try terminal.run("\u{1B}[A", until: "layer 2: dense 4 sigmoid", after: mark)
    terminal.type("\u{04}")  // Ctrl-D
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    let history = try String(contentsOf: folder.appendingPathComponent("history"), encoding: .utf8)
    #expect(
      history.contains("layer\\040dense\\0404\\040sigmoid"), "libedit's history file escapes spaces"
    )
  }

  @Test("a history file that cannot be written is said once, and the session goes on")
  func unwritableHistory() throws {
    // A file inside a folder that does not exist cannot be written, not even by root.
    let terminal = try start(history: "missing-folder/history")
    var mark = try terminal.run("input 2", until: "input: 2 features per sample")
    mark = try terminal.run("layer dense 4 sigmoid", until: "layer 1: dense 4 sigmoid", after: mark)
    terminal.type("\u{04}")  // Ctrl-D
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    let warnings =
      terminal.transcript.components(separatedBy: "warning: cannot save the history").count - 1
    #expect(warnings == 1, "the terminal showed:\n\(terminal.transcript)")
    #expect(terminal.transcript.contains("this session's lines will not be remembered"))
  }

  @Test(
    "NNREPL_HISTORY naming a folder: said once, and no temporary history file is left beside it")
  func historyFolder() throws {
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("histdir"), withIntermediateDirectories: true)
    let terminal = try start(history: "histdir")
    let mark = try terminal.run("input 2", until: "input: 2 features per sample")
    _ = try terminal.run("input 3", until: "input: 3 features per sample", after: mark)
    terminal.type("\u{04}")  // Ctrl-D
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    #expect(
      terminal.transcript.components(separatedBy: "warning: cannot save the history").count == 2)
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.contains(".tmp-")
    }
    #expect(left == [])
  }

  @Test("Ctrl-C abandons the line being typed, and stops training keeping the weights")
  func interrupt() throws {
    let terminal = try start()
    terminal.type("abc")
    var mark = try terminal.waitFor("abc")
    terminal.type("\u{03}")  // Ctrl-C
    mark = try terminal.waitForPrompt(after: mark)
    mark = try terminal.run("data xor", until: "data: 4 samples", after: mark)
    mark = try terminal.run("layer dense 2 softmax", until: "layer 1", after: mark)
    mark = try terminal.run("loss crossentropy", until: "loss: crossentropy", after: mark)
    terminal.type("train 10000000 every 1000000\r")
    mark = try terminal.waitFor("epoch     0", after: mark)
    terminal.type("\u{03}")  // Ctrl-C
    mark = try terminal.waitFor("interrupted: kept the weights after epoch", after: mark)
    try terminal.waitForPrompt(after: mark)
    terminal.type("quit\r")
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    #expect(!terminal.transcript.contains("unknown command"))
  }

  @Test(
    "SIGTERM and SIGHUP at the prompt: the terminal is restored and the history kept",
    arguments: [SIGTERM, SIGHUP])
  func signals(_ number: Int32) throws {
    let terminal = try start()
    try terminal.run("input 2", until: "input: 2 features per sample")
    #expect(!terminal.isInLineMode, "the line editor has the terminal")
    terminal.signal(number)
    #expect(
      terminal.waitForExit() == 128 + number,
      "the program ends with 128 + the signal; it showed:\n\(terminal.transcript)")
    #expect(terminal.isInLineMode, "the terminal is back in line mode")
    let history = try String(contentsOf: folder.appendingPathComponent("history"), encoding: .utf8)
    #expect(history.contains("input\\0402"))
  }

  @Test("Chinese text edits correctly: a comment is ignored, and Backspace removes one character")
  func unicodeInput() throws {
    let terminal = try start()
    let mark = try terminal.run("input 2  # 输入宽度", until: "input: 2 features per sample")
    // Backspace deletes all of 中
    try terminal.run("seed 7中\u{7F}", until: "seed 7\r\n", after: mark)
    terminal.type("\u{04}")
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    #expect(!terminal.transcript.contains("error"))
  }
}

extension PseudoTerminal {
  /// Types `line` and Enter, waits for `text`, then for the next prompt, as a person would
  /// before typing on.
  @discardableResult
  func run(_ line: String, until text: String, after offset: String.Index? = nil) throws
    -> String.Index
  {
    type(line + "\r")
    return try waitForPrompt(after: try waitFor(text, after: offset))
  }

  /// Waits for the prompt and for the line editor to be ready for keys.
  @discardableResult
  func waitForPrompt(after offset: String.Index? = nil) throws -> String.Index {
    let found = try waitFor("nn> ", after: offset)
    try waitUntilEditing()
    return found
  }
}
