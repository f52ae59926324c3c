import Foundation
import NNTestSupport
import Testing

/// `generate`'s characters as each printer shows them: one line of running text at a terminal
/// or in a file, one JSON object per character, and streams a notebook joins.
@Suite("generate's running text in nnrepl")
struct GenerateOutputTests {
  let binary = BuiltBinary()

  /// A folder holding a small text and a script that builds a model on it and writes with it.
  func folder(script lines: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try String(repeating: "the cat sat on the mat. ", count: 10).write(
      to: folder.appendingPathComponent("text.txt"), atomically: true, encoding: .utf8)
    try (Self.model + "\n" + lines).write(
      to: folder.appendingPathComponent("write.nn"), atomically: true, encoding: .utf8)
    return folder
  }

  static let model = """
    data text text.txt context 8
    input tokens 8 vocab 11
    layer embedding 8
    layer positions
    layer transformer heads 2 causal
    layer layernorm
    layer dense 11 softmax tied
    """

  @Test("text output: the prompt and the characters on one line, which the closing line ends")
  func text() throws {
    let folder = try folder(script: "generate 30 from \"the \"\nshow vocab")
    let run = try binary.run(["write.nn"], directory: folder)
    #expect(run.status == 0, "\(run.standardError)")
    let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    let written = try #require(lines.firstIndex { $0.hasPrefix("the ") })
    #expect(lines[written].unicodeScalars.count == 4 + 30, "the text has no new line to write")
    #expect(lines[written + 1].hasPrefix("generated 30 characters at temperature 1, seed 42"))
  }

  @Test("--output json: one 'text' object per piece, the prompt first")
  func json() throws {
    let folder = try folder(script: "generate 30 from \"the \"")
    let run = try binary.run(["--output", "json", "write.nn"], directory: folder)
    #expect(run.status == 0, "\(run.standardError)")
    let records = try run.standardOutput.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    let pieces = records.filter { $0["kind"] as? String == "text" }.compactMap {
      $0["data"] as? String
    }
    #expect(pieces.count == 31)
    #expect(pieces.first == "the ")
    #expect(records.last?["kind"] as? String == "message")
  }

  @Test("--serve: the pieces stream as they come, and a newline ends them before the next output")
  func serve() throws {
    let folder = try folder(script: "")
    let code = Self.model + "\ngenerate 12 from \"the \"\ndepth"
    let request = try JSONSerialization.data(withJSONObject: [
      "id": "1", "type": "execute", "code": code, "execution_count": 1,
    ])
    let run = try binary.run(
      ["--serve"], input: String(decoding: request, as: UTF8.self) + "\n", directory: folder)
    #expect(run.status == 0)
    let events = try run.standardOutput.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    let streamed = events.filter { $0["event"] as? String == "stream" }.compactMap {
      $0["text"] as? String
    }.joined()
    let text = try #require(streamed.components(separatedBy: "\n").first { $0.hasPrefix("the ") })
    #expect(text.unicodeScalars.count == 4 + 12)
    #expect(streamed.contains(text + "\ngenerated 12 characters"))
  }
}
