import Foundation
import NNTestSupport
import Testing

/// At the prompt, a line whose error suggests a word leaves the corrected line in the history:
/// Up brings it back, ready to run.
@Suite("nnrepl at a terminal: fix-its in the history", .serialized)
struct FixItHistoryTests {
  @Test("after 'dpeth', Up gives 'depth', which runs")
  func upGivesTheCorrectedLine() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = [
      "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": folder.path,
      "NNREPL_HISTORY": folder.appendingPathComponent("history").path,
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
      "ASAN_OPTIONS": ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "",
    ]
    let terminal = try PseudoTerminal(path: BuiltBinary().path, environment: environment)
    try terminal.waitForPrompt()
    var mark = try terminal.run("dpeth", until: "did you mean 'depth'?")
    // Up: 'depth'
    mark = try terminal.run("\u{1B}[A", until: "the network has no layers yet", after: mark)
    terminal.type("\u{04}")  // Ctrl-D
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
  }
}
