import Foundation
import NNTestSupport
import Testing

/// The golden transcripts in `Tests/Transcripts`: each `NAME.nn` runs through the built binary and
/// what it prints (standard output and standard error as one stream, then its exit status) must
/// equal `NAME.out` byte for byte. Behaviour is visible as files, as craftinginterpreters' tests
/// are. `NNREPL_UPDATE_TRANSCRIPTS=1 swift test --filter TranscriptCorpusTests` writes the `.out`
/// files instead (see Tests/Transcripts/README.md).
@Suite("Golden transcripts")
struct TranscriptCorpusTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Transcripts").standardizedFileURL

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".nn") }.map { String($0.dropLast(3)) }.sorted()
  }()

  static var updating: Bool {
    ProcessInfo.processInfo.environment["NNREPL_UPDATE_TRANSCRIPTS"] == "1"
  }

  @Test("each transcript prints what its .out file holds", arguments: names)
  func transcript(_ name: String) throws {
    let script = try String(
      contentsOf: Self.folder.appendingPathComponent("\(name).nn"), encoding: .utf8)
    let printed = try Self.run(script, named: "\(name).nn")
    let expected = Self.folder.appendingPathComponent("\(name).out")
    if Self.updating {
      try printed.write(to: expected, atomically: true, encoding: .utf8)
      return
    }
    let golden = try String(contentsOf: expected, encoding: .utf8)
    #expect(
      printed == golden,
      "\(name).nn printed something else; if that is intended, NNREPL_UPDATE_TRANSCRIPTS=1 rewrites \(name).out"
    )
  }

  @Test("the corpus has 10 to 20 transcripts, each with its .out and no .out without its .nn")
  func corpusIsComplete() throws {
    guard !Self.updating else { return }  // the .out files are being written
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path))
    #expect((10...20).contains(Self.names.count))
    for name in Self.names {
      #expect(files.contains("\(name).out"), "\(name).nn has no \(name).out")
    }
    for file in files where file.hasSuffix(".out") {
      #expect(files.contains(String(file.dropLast(4)) + ".nn"), "\(file) has no script")
    }
  }

  /// Runs `script` as its first line says: `# nnrepl ARGUMENTS` (where `FILE` is the script,
  /// copied into an empty folder that is the current one), or else on standard input as piped
  /// lines. Colour off, 80 columns, English.
  static func run(_ script: String, named name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nnrepl-transcript-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try script.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    let firstLine = script.split(separator: "\n").first.map(String.init) ?? ""
    let arguments =
      firstLine.hasPrefix("# nnrepl")
      ? firstLine.dropFirst("# nnrepl".count).split(separator: " ").map {
        $0 == "FILE" ? name : String($0)
      } : []
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuiltBinary().path)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment.filter {
      !$0.key.hasPrefix("LC_") && $0.key != "LANGUAGE"
    }
    environment.merge(["NO_COLOR": "1", "COLUMNS": "80", "LANG": "C.UTF-8"]) { $1 }
    process.environment = environment
    let (input, output) = (Pipe(), Pipe())
    (process.standardInput, process.standardOutput, process.standardError) = (input, output, output)
    try process.run()
    if !arguments.contains(name) { input.fileHandleForWriting.write(Data(script.utf8)) }
    try input.fileHandleForWriting.close()
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: printed, as: UTF8.self)
      + "# exit status: \(process.terminationStatus)\n"
  }
}
