import Foundation
import NNTestSupport
import Testing

/// What a student sees at 60, 80, 100 and 200 columns: every line of help, summary, training's
/// progress, plots and evaluation fits the terminal, and the progress bar redraws in place.
@Suite("nnrepl fits the terminal", .serialized)
struct TerminalWidthTests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)

  func start(columns: UInt16) throws -> PseudoTerminal {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let environment = [
      "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": folder.path,
      "NNREPL_HISTORY": folder.appendingPathComponent("history").path,
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
      "ASAN_OPTIONS": ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "",
    ]
    let terminal = try PseudoTerminal(
      path: BuiltBinary().path, environment: environment, columns: columns)
    try terminal.waitForPrompt()
    return terminal
  }

  /// The lines a student types in the first ten minutes, and a word each prints.
  static let session: [(line: String, shows: String)] = [
    ("help", "AT THE PROMPT:"), ("help plot", "EXAMPLES:"), ("seed 1", "seed 1"),
    ("data spiral", "data: 200 samples"),
    ("layer dense 16 tanh", "layer 1"), ("layer dense 3 softmax", "layer 2"),
    ("loss crossentropy", "loss: crossentropy"),
    ("summary", "Total params: 99"), ("split 0.8", "split"), ("train 1000", "trained 1,000 epochs"),
    ("plot loss", "loss by epoch"), ("plot tanh", "tanh and its derivative"),
    ("plot boundary", "decision regions"),
    ("plot W1", "W1 (2×16)"), ("evaluate", "test: true ↓ predicted →"), ("W1", "W1  2×16"),
  ]

  @Test("no line is wider than the terminal", arguments: [60, 80, 100, 200] as [UInt16])
  func everyLineFits(columns: UInt16) throws {
    let terminal = try start(columns: columns)
    var mark: String.Index?
    for (line, shows) in Self.session { mark = try terminal.run(line, until: shows, after: mark) }
    terminal.type("quit\r")
    #expect(terminal.waitForExit() == 0)
    // Each piece of text between line ends and carriage returns, as the program wrote it.
    let pieces = terminal.transcript.replacing(/\u{1B}\[[0-9;?]*[A-Za-z]/, with: "")
      .split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    let tooWide = pieces.filter { $0.count > Int(columns) }
    #expect(
      tooWide.isEmpty,
      "\(tooWide.count) lines wider than \(columns) columns, such as:\n\(tooWide.prefix(5).joined(separator: "\n"))"
    )
    #expect(
      pieces.contains { $0.hasPrefix("[█") || $0.hasPrefix("[░") }, "the progress bar was drawn")
    #expect(pieces.contains { $0.contains("layer dense <units> <activation>") })
  }

  @Test("at 80 columns the last column stays empty, so no terminal wraps a line that only fills it")
  func lastColumnStaysEmpty() throws {
    let terminal = try start(columns: 80)
    var mark: String.Index?
    for (line, shows) in Self.session { mark = try terminal.run(line, until: shows, after: mark) }
    terminal.type("quit\r")
    #expect(terminal.waitForExit() == 0)
    let pieces = terminal.transcript.replacing(/\u{1B}\[[0-9;?]*[A-Za-z]/, with: "")
      .split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    let full = pieces.filter { $0.count >= 80 }
    #expect(
      full.isEmpty,
      "\(full.count) lines reach the last column, such as:\n\(full.prefix(5).joined(separator: "\n"))"
    )
    // 'lr <rate>' filled all 80 columns before.
    #expect(pieces.contains { $0.hasPrefix("  lr <rate>") && $0.count < 80 })
  }

  @Test("at 60 columns, 'train 1000' redraws one progress line in place instead of leaving ninety")
  func oneProgressLine() throws {
    let terminal = try start(columns: 60)
    var mark = try terminal.run("data xor", until: "data: 4 samples")
    mark = try terminal.run("layer dense 4 tanh", until: "layer 1", after: mark)
    mark = try terminal.run("layer dense 2 softmax", until: "layer 2", after: mark)
    mark = try terminal.run("loss crossentropy", until: "loss: crossentropy", after: mark)
    let before = Screen(terminal.transcript, columns: 60).lines.count
    try terminal.run("train 1000", until: "trained 1,000 epochs", after: mark)
    terminal.type("quit\r")
    #expect(terminal.waitForExit() == 0)
    let screen = Screen(terminal.transcript, columns: 60).lines
    let bars = screen.filter { $0.contains("░") || $0.contains("█") }
    #expect(bars.count <= 1, "\(bars.count) progress lines:\n\(bars.joined(separator: "\n"))")
    #expect(terminal.transcript.contains("] epoch 1000/1000"), "the bar was drawn, to its end")
    #expect(
      screen.count - before < 8,
      "training added only its result lines:\n\(screen.suffix(12).joined(separator: "\n"))")
  }

  @Test("after the window is made narrower (SIGWINCH), output fits the new width")
  func resize() throws {
    let terminal = try start(columns: 120)
    var mark = try terminal.run("help", until: "AT THE PROMPT:")
    let wide = terminal.transcript[..<mark].split(separator: "\r\n").contains { $0.count > 70 }
    #expect(wide, "at 120 columns help uses the room")
    terminal.resize(columns: 60)
    try terminal.run("help", until: "AT THE PROMPT:", after: mark)
    terminal.type("quit\r")
    #expect(terminal.waitForExit() == 0)
    let after = terminal.transcript[mark...].split { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    let tooWide = after.filter { $0.count > 60 }
    #expect(tooWide.isEmpty, "\(tooWide.prefix(5).joined(separator: "\n"))")
  }
}

/// Output to a pipe: `COLUMNS` if set, otherwise 80, and no line padded with spaces.
@Suite("nnrepl fits COLUMNS when piped")
struct PipedWidthTests {
  let binary = BuiltBinary()

  @Test("piped 'help' fits COLUMNS, or 80 without it, and pads no line")
  func pipedHelp() throws {
    for (columns, limit) in [("60", 60), ("100", 100), ("", 80), ("nonsense", 80)] {
      let run = try binary.run([], input: "help\n", environment: ["COLUMNS": columns])
      let lines = run.standardOutput.split(separator: "\n")
      #expect(run.status == 0)
      #expect(lines.count > 40)
      #expect(
        lines.allSatisfy { $0.count <= limit },
        "COLUMNS=\(columns): \(lines.filter { $0.count > limit }.prefix(3))")
      #expect(lines.contains { $0.count > limit - 10 }, "COLUMNS=\(columns): the room is used")
      #expect(!lines.contains { $0.hasSuffix(" ") }, "no line is padded")
    }
  }
}
