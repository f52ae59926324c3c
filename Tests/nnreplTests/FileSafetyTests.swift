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
    let (work, outside) = (
      top.appendingPathComponent("work"), top.appendingPathComponent("outside")
    )
    for folder in [work, outside] {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    try "x,label\n1,0\n2,1\n".write(
      to: outside.appendingPathComponent("secret.csv"), atomically: true, encoding: .utf8)
    return (work, outside)
  }

  func run(_ line: String, in work: URL, arguments: [String] = []) throws -> BuiltBinary.Run {
    let script = work.appendingPathComponent("lesson.nn")
    try "input 1\nlayer dense 1 linear\n\(line)\n".write(
      to: script, atomically: true, encoding: .utf8)
    return try binary.run(arguments + [script.path], directory: work)
  }

  @Test(
    "writes that escape are refused",
    arguments: ["ABSOLUTE", "save ../escape.json", "save link/escape.json", "plot W1 to ../w.svg"])
  func escapes(_ line: String) throws {
    let (work, outside) = try folders()
    try FileManager.default.createSymbolicLink(
      at: work.appendingPathComponent("link"), withDestinationURL: outside)
    let command = line == "ABSOLUTE" ? "save \(outside.path)/escape.json" : line
    let run = try run(command, in: work)
    #expect(run.status == 70)
    #expect(run.standardError.contains("is outside the current folder"))
    #expect(run.standardError.contains("--allow-files-anywhere"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["secret.csv"],
      "nothing was written outside")
  }

  @Test(
    "a write that fails says why in the system's words",
    arguments: [
      ("save missing-folder/m.json", "No such file or directory"),
      ("save folder", "Is a directory"),
    ])
  func failedWrite(_ line: String, reason: String) throws {
    let (work, _) = try folders()
    try FileManager.default.createDirectory(
      at: work.appendingPathComponent("folder"), withIntermediateDirectories: true)
    let run = try run(line, in: work)
    #expect(run.status == 70)
    #expect(
      run.standardError.contains("cannot be written: \(reason)"), "stderr was: \(run.standardError)"
    )
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
    let allowed = try run(
      "save \(outside.path)/model.json", in: work, arguments: ["--allow-files-anywhere"])
    #expect(allowed.status == 0)
    #expect(
      FileManager.default.fileExists(atPath: outside.appendingPathComponent("model.json").path))
  }
}

@Suite("Memory limit")
struct MemoryLimitTests {
  @Test("--max-memory sets the limit: refused with its size and how to raise it, then allowed")
  func flag() throws {
    let binary = BuiltBinary()
    let small = try binary.run(
      ["--max-memory", "1MB"], input: "input 1000\nlayer dense 1000 relu\n")
    #expect(small.status == 70)
    #expect(
      small.standardError.contains(
        "this layer would bring the network to 1,001,000 parameters (8.01 MB)"))
    #expect(
      small.standardError.contains(
        "the limit is 125,000 numbers (1 MB); start nnrepl with a larger --max-memory"))
    let large = try binary.run(
      ["--max-memory", "16MB"], input: "input 1000\nlayer dense 1000 relu\n")
    #expect(large.status == 0)
    #expect(try binary.run(["--max-memory", "lots"]).status == 64)
  }
}

@Suite("File safety: special files, paths from elsewhere, signals")
struct FileKindTests {
  let binary = BuiltBinary()

  /// A fresh folder.
  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("a FIFO is neither replaced by 'save' nor waited on by 'data load'")
  func fifo() throws {
    let work = try folder()
    let fifo = work.appendingPathComponent("pipe.json")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    let script = work.appendingPathComponent("lesson.nn")
    try "input 1\nlayer dense 1 linear\nsave pipe.json\n".write(
      to: script, atomically: true, encoding: .utf8)
    let saved = try binary.run([script.path], directory: work)
    #expect(saved.status == 70)
    #expect(
      saved.standardError.contains(
        "is a FIFO (a named pipe), not a regular file; nnrepl replaces only regular files"))
    let attributes = try FileManager.default.attributesOfItem(atPath: fifo.path)
    #expect(attributes[.type] as? FileAttributeType != .typeRegular, "the FIFO is still there")
    try "data load pipe.json\n".write(to: script, atomically: true, encoding: .utf8)
    let loaded = try binary.run([script.path], directory: work)
    #expect(loaded.status == 70)
    #expect(loaded.standardError.contains("nnrepl reads only regular files"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == [
        "lesson.nn", "pipe.json",
      ])
  }

  @Test("a lesson run from another folder writes its files there and reads them back")
  func otherFolder() throws {
    let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("lessons")
    let work = try folder()
    let run = try binary.run(
      [lessons.appendingPathComponent("07-fine-tuning.nn").path], directory: work)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(
      FileManager.default.fileExists(atPath: work.appendingPathComponent("circle-model.json").path))
    let export = try binary.run(
      ["export", lessons.appendingPathComponent("07-fine-tuning.nn").path, "--to", "07.html"],
      directory: work)
    #expect(export.status == 0, "\(export.standardError)")
    #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("07.html").path))
  }

  @Test("the refusal to write outside reads as one sentence")
  func refusalSentence() throws {
    let work = try folder()
    let script = work.appendingPathComponent("lesson.nn")
    try "input 1\nlayer dense 1 linear\nsave ../x.json\n".write(
      to: script, atomically: true, encoding: .utf8)
    let run = try binary.run([script.path], directory: work)
    let outside = work.deletingLastPathComponent().appendingPathComponent("x.json").path
    #expect(
      run.standardError.contains(
        "'../x.json' is outside the current folder (it is \(outside)), and a script may write only inside it unless nnrepl is started with --allow-files-anywhere"
      ))
  }

  @Test(
    "a signal while a script saves ends it as that signal would, and leaves no temporary file",
    arguments: [SIGTERM, SIGHUP, SIGINT, SIGKILL])
  func signalledDuringSave(_ signal: Int32) throws {
    let work = try folder()
    let lines = ["input 200", "layer dense 1000 relu"] + Array(repeating: "save m.json", count: 20)
    try lines.joined(separator: "\n").write(
      to: work.appendingPathComponent("lesson.nn"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary.path)
    process.arguments = ["lesson.nn"]
    process.currentDirectoryURL = work
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("saved") {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += chunk
    }
    kill(process.processIdentifier, signal)  // most likely during the second save
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == signal)
    let left = try FileManager.default.contentsOfDirectory(atPath: work.path).filter {
      $0.contains(".tmp-")
    }
    #expect(left == [])
  }
}
