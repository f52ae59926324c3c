import Foundation
import NNTestSupport
import Testing

/// A lesson's results in a walk are laid out for the terminal, as the REPL lays them out: a long
/// row keeps fewer corner columns and a plot draws narrower, so neither needs cutting.
@Suite("Walk layout")
struct WalkLayoutTests {
  let binary = BuiltBinary()

  static let lesson = """
    # # Wide results
    #
    # A row of twenty numbers and a plot, in a narrow window.

    let r = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, -20.5]]
    plot sigmoid
    """

  /// The short lesson walked through without pausing at a terminal of `width` columns: what the
  /// screen showed, without colour or cursor codes.
  func walk(width: UInt16) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("wide.nn")
    try Self.lesson.write(to: path, atomically: true, encoding: .utf8)
    let environment = [
      "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": folder.path,
      "NNREPL_HISTORY": folder.path + "/history",
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
    ]
    let terminal = try PseudoTerminal(
      path: binary.path, arguments: ["--no-pause", path.path], environment: environment,
      columns: width)
    #expect(terminal.waitForExit(seconds: 60) == 0, "\(terminal.transcript)")
    return LessonWalkTests.screenLines(terminal.transcript).joined(separator: "\n")
  }

  @Test("at 60 columns a long row shows its corners and a plot fits, with nothing cut")
  func narrow() throws {
    let shown = try walk(width: 60)
    #expect(!shown.contains("(cut at"), "\(shown)")
    #expect(shown.contains("(16 columns left out; 'show r all' shows every entry)"), "\(shown)")
    #expect(shown.contains("-20.5000 ]"), "the row's last entry is shown whole:\n\(shown)")
  }
}
