import Foundation
import NNEngine
@testable import NNLanguage
import Testing

/// The grammar in `Sources/NNLanguage/README.md` is written from the commands' synopses and the
/// language's word lists, so it cannot fall behind them as a hand-kept copy did.
@Suite("The README's grammar")
struct ReadmeGrammarTests {
  static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/NNLanguage/README.md").standardizedFileURL
  static let (begin, end) = ("<!-- generated: begin -->\n", "<!-- generated: end -->")

  /// Every command's synopsis in `help`'s order, then the words an argument may be.
  static var generated: String {
    let words: [(String, [String])] = [
      ("<activation>", Activation.allCases.map(\.rawValue)),
      ("<kind>", LayerKinds.names),
      ("<set>", DataCommand.Name.allCases.map(\.rawValue) + DataTask.names),
      ("<loss>", Loss.allCases.map(\.rawValue)),
      ("<initialization>", Initialization.allCases.map(\.rawValue)),
      ("<optimizer>", OptimizerCommand.Name.allCases.map(\.rawValue)),
      ("<preset>", TransformerShape.Preset.allCases.map(\.rawValue)),
      ("<function>", Function.allCases.map(\.rawValue)),
    ]
    let width = words.map(\.0.count).max() ?? 0
    let lines =
      CommandCatalog.entries.map(\.synopsis) + [""]
      + words.map { name, values in
        name.padding(toLength: width, withPad: " ", startingAt: 0) + " = "
          + values.joined(separator: " | ")
      }
    return "```text\n" + lines.joined(separator: "\n") + "\n```\n"
  }

  @Test("the README's commands and words are the synopses and word lists")
  func grammarIsGenerated() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    let start = try #require(
      text.range(of: Self.begin), "the README marks where the generated grammar begins")
    let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
    let written = String(text[start.upperBound..<stop.lowerBound])
    if ProcessInfo.processInfo.environment["NNREPL_UPDATE_TRANSCRIPTS"] == "1" {
      try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: Self.generated)
        .write(to: Self.readme, atomically: true, encoding: .utf8)
      return
    }
    #expect(
      written == Self.generated,
      "NNREPL_UPDATE_TRANSCRIPTS=1 swift test --filter ReadmeGrammarTests rewrites it")
  }
}
