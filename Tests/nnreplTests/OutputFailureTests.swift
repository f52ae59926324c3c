import Foundation
import NNTestSupport
import Testing

/// Standard output that goes away or fills up: the script still runs, and a lost output is said.
@Suite("Output failures")
struct OutputFailureTests {
  let binary = BuiltBinary()

  /// A folder with a script that prints many lines and then saves a model.
  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let lines =
      ["data xor", "input 2", "layer dense 4 tanh", "layer dense 1 sigmoid", "loss crossentropy"]
      + Array(repeating: "summary", count: 200) + ["save model.json"]
    try lines.joined(separator: "\n").write(
      to: folder.appendingPathComponent("lesson.nn"), atomically: true, encoding: .utf8)
    return folder
  }

  /// Runs `command` with bash in `folder`, returning its status and standard error.
  func shell(_ command: String, in folder: URL) throws -> (status: Int32, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = folder
    let error = Pipe()
    process.standardError = error
    try process.run()
    let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  @Test("piped to 'head -1', the script runs on to its 'save' and exits 0")
  func brokenPipe() throws {
    let folder = try folder()
    let run = try shell(
      "'\(binary.path)' lesson.nn | head -1 > first.txt; exit ${PIPESTATUS[0]}", in: folder)
    #expect(run.status == 0)
    #expect(run.error == "")
    #expect(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.json").path))
    #expect(
      try String(contentsOf: folder.appendingPathComponent("first.txt"), encoding: .utf8).hasPrefix(
        "data: 4 samples"))
  }

  @Test("written to /dev/full, the failure is said and the status is 74")
  func fullDevice() throws {
    let folder = try folder()
    let run = try shell("'\(binary.path)' lesson.nn > /dev/full", in: folder)
    #expect(run.status == 74)
    #expect(
      run.error == "nnrepl: error: cannot write to standard output: No space left on device\n")
    #expect(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.json").path))
  }
}
