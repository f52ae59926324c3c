import Foundation
import NNTestSupport
import Testing

/// The README's language-model transcript is what nnrepl writes today: the same checkpoint,
/// seed and prompt give the same characters, the same attention table.
@Suite("The README's generation transcript")
struct ReadmeGenerationTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../..").standardized

  @Test("the README shows what 'generate' and 'show attention' print for the shipped checkpoint")
  func transcriptIsCurrent() throws {
    let readme = try String(
      contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = [
      "data text tinyshakespeare.txt context 32", "load tiny-gpt.json",
      "generate 300 from \"ROMEO:\" temperature 0.8 top 40", "show attention 1 head 1",
    ]
    #expect(lines.allSatisfy { readme.contains("'\($0)'") }, "the README runs these lines")
    let run = try BuiltBinary().run(
      input: lines.joined(separator: "\n") + "\n", environment: ["COLUMNS": "80"],
      directory: Self.root.appendingPathComponent("lessons/data"))
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("ROMEO:\n"))
    #expect(
      readme.contains("```text\n" + run.standardOutput + "```"),
      "the README's transcript differs from:\n\(run.standardOutput)")
  }
}
