import Foundation
import NNTestSupport
import Testing

/// A stranger's lesson cannot read or write outside the folder nnrepl was started in (and, for
/// reading, the lesson's own folder), however it spells the path.
@Suite("File safety")
struct FileSafetyTests {
  let binary = BuiltBinary()

  /// A fresh working folder, and a folder outside it.
  func folders() throws -> (work: URL, outside: URL) {
    let top = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    let (work, outside) = (top.appendingPathComponent("work"), top.appendingPathComponent("outside"))
    for folder in [work, outside] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    try "x,label\n1,0\n2,1\n".write(to: outside.appendingPathComponent("secret.csv"), atomically: true, encoding: .utf8)
    return (work, outside)
  }

  func run(_ line: String, in work: URL, arguments: [String] = []) throws -> BuiltBinary.Run {
    let script = work.appendingPathComponent("lesson.nn")
    try "input 1\nlayer dense 1 linear\n\(line)\n".write(to: script, atomically: true, encoding: .utf8)
    return try binary.run(arguments + [script.path], directory: work)
  }

  @Test("writes that escape are refused", arguments: ["ABSOLUTE", "save ../escape.json", "save link/escape.json", "plot W1 to ../w.svg"])
  func escapes(_ line: String) throws {
    let (work, outside) = try folders()
    try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("link"), withDestinationURL: outside)
    let command = line == "ABSOLUTE" ? "save \(outside.path)/escape.json" : line
    let run = try run(command, in: work)
    #expect(run.status == 70)
    #expect(run.standardError.contains("is outside the current folder"))
    #expect(run.standardError.contains("--allow-files-anywhere"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["secret.csv"], "nothing was written outside")
  }

  @Test("a write that fails says why in the system's words", arguments: [
    ("save missing-folder/m.json", "No such file or directory"), ("save folder", "Is a directory"),
  ])
  func failedWrite(_ line: String, reason: String) throws {
    let (work, _) = try folders()
    try FileManager.default.createDirectory(at: work.appendingPathComponent("folder"), withIntermediateDirectories: true)
    let run = try run(line, in: work)
    #expect(run.status == 70)
    #expect(run.standardError.contains("cannot be written: \(reason)"), "stderr was: \(run.standardError)")
    #expect(!run.standardError.contains("CocoaError"))
  }

  @Test("reading outside is refused; inside, and with the flag, files work")
  func reads() throws {
    let (work, outside) = try folders()
    let refused = try run("data load \(outside.path)/secret.csv", in: work)
    #expect(refused.status == 70)
    #expect(refused.standardError.contains("is outside the current folder and the script's folder"))
    let inside = try run("save model.json", in: work)
    #expect(inside.status == 0)
    #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("model.json").path))
    let allowed = try run("save \(outside.path)/model.json", in: work, arguments: ["--allow-files-anywhere"])
    #expect(allowed.status == 0)
    #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("model.json").path))
  }
}

@Suite("Memory limit")
struct MemoryLimitTests {
  @Test("--max-memory sets the limit: refused with its size and how to raise it, then allowed")
  func flag() throws {
    let binary = BuiltBinary()
    let small = try binary.run(["--max-memory", "1MB"], input: "input 1000\nlayer dense 1000 relu\n")
    #expect(small.status == 70)
    #expect(small.standardError.contains("this layer would bring the network to 1,001,000 parameters (8.01 MB)"))
    #expect(small.standardError.contains("the limit is 125,000 numbers (1 MB); start nnrepl with a larger --max-memory"))
    let large = try binary.run(["--max-memory", "16MB"], input: "input 1000\nlayer dense 1000 relu\n")
    #expect(large.status == 0)
    #expect(try binary.run(["--max-memory", "lots"]).status == 64)
  }
}
