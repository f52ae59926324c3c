import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// Inputs from an outside attack (issue 17): each ends in a located message, never a trap.
@Suite("Robustness: hostile inputs")
struct RobustnessTests {
  @Test("'params transformer' with every number in range but their product not is refused")
  func paramsOverflow() throws {
    let transcript = Transcript(
      "params transformer layers 10000000 dim 10000000 heads 1 vocab 10000000 context 10000000")
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.modelTooLarge")
    #expect(
      error.message
        == "this model has more parameters than nnrepl can count (over 1,152,921,504,606,846,975)")
    #expect(error.range?.column == 1)
    let lora = Transcript(
      "params transformer layers 10000000 dim 1000 heads 1 vocab 10 context 10 lora 65536 on q k v o up down"
    )
    #expect(lora.error?.id == nil)
    #expect(
      lora.interpreter.session.modelLoRAParameters == 10_000_000
        * (4 * 65_536 * 2_000 + 2 * 65_536 * 5_000))
  }
}

@Suite("Robustness: suggestions")
struct SuggestionBoundTests {
  @Test("a ten-megabyte unknown word gets no suggestion, and no edit distance is computed for it")
  func hugeWord() {
    let word = String(repeating: "x", count: 10_000_000)
    #expect(Suggestions.closest(to: word, among: ["layer", "train", "sigmoid"]) == nil)
    #expect(Suggestions.closest(to: "sigmod", among: ["layer", "train", "sigmoid"]) == "sigmoid")
    #expect(
      Suggestions.closest(
        to: "xxxxxxxxxxxxxxxxx", among: ["xxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxx"])
        == "xxxxxxxxxxxxxxxxxxxx")
  }
}

@Suite("Robustness: control characters in diagnostics")
struct ControlCharacterTests {
  @Test("ESC, OSC and NUL in a line are shown escaped, and the caret still points at the token")
  func escaped() throws {
    let text = "layer \u{1B}]0;owned\u{07} dense 4 sigmod\u{0}"
    let source = SourceFile(name: "evil\u{1B}[2J.nn", text: text)
    let script = Script(source)
    let error = try #require(script.errors.first)
    let shown = DiagnosticFormatter().format(error, in: source)
    #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(
      shown == """
        evil\\e[2J.nn:1:7: error: unexpected character '\\e'
          1 | layer \\e]0;owned\\u{7} dense 4 sigmod\\u{0}
            |       ^~
        """)
    let interactive = DiagnosticFormatter().formatInteractive(error, line: text, promptWidth: 4)
    #expect(!interactive.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
  }
}

@Suite("Robustness: whole numbers are read exactly")
struct ExactIntegerTests {
  func parse(_ line: String) throws -> Command? { try CommandCatalog.parse(line: line, number: 1) }

  @Test("a seed past 2⁵³ is refused, not rounded; 2⁵³ itself is exact")
  func seed() throws {
    #expect(try parse("seed 9007199254740992") == Command(Seed(seed: 9_007_199_254_740_992)))
    let error = try #require(throws: Diagnostic.self) { try parse("seed 9007199254740993") }
    #expect(
      error.message == "a seed must be between 0 and 9007199254740992, found 9007199254740993")
    let huge = try #require(throws: Diagnostic.self) { try parse("seed 99999999999999999999999") }
    #expect(huge.id == "parser.integerOutOfRange")
  }

  @Test(
    "the largest row index is accepted exactly, and the bound in the message is not contradicted")
  func rowIndex() throws {
    let transcript = Transcript("let m = [[1, 2]]\nlet x = m[4611686018427387903]")
    #expect(transcript.error?.id == "runtime.indexOutOfRange")
    let error = try #require(throws: Diagnostic.self) {
      try parse("let x = m[4611686018427387904]")
    }
    #expect(
      error.message
        == "a row index must be between 0 and 4611686018427387903, found 4611686018427387904")
  }
}

@Suite("Robustness: CSV files")
struct CSVRobustnessTests {
  func load(_ text: String, maxNumbers: Int? = nil) -> Transcript {
    var session = Session()
    if let maxNumbers { session.maxNumbers = maxNumbers }
    return Transcript(
      "data load a.csv", interpreter: Interpreter(session: session),
      files: MemoryFiles(["a.csv": text]))
  }

  @Test("an unterminated quote is an error with its line")
  func unterminatedQuote() {
    let transcript = load("x,label\n1,cat\n2,\"dog\n3,cat\n")
    #expect(transcript.error?.message == "a.csv:3: a quoted field is not closed")
    #expect(transcript.interpreter.session.data == nil)
  }

  @Test(
    "a CSV with only the target column says there are no features, instead of a 0-feature data set")
  func labelOnly() {
    let transcript = load("label\ncat\ndog\n")
    #expect(
      transcript.error?.message
        == "a.csv:1: the only column is the target 'label': there are no features to learn from")
  }

  @Test("20,000 distinct text labels are numbered in the order seen")
  func manyLabels() throws {
    let count = 20_000
    let text = "x,label\n" + (0..<count).map { "\($0),l\($0)" }.joined(separator: "\n")
    let transcript = load(text)
    #expect(transcript.outcome == .success)
    let data = try #require(transcript.interpreter.session.data)
    #expect(data.classes == Array(0..<count))
  }

  @Test(
    "a file past the memory limit is refused at the row that passes it, not after reading all of it"
  )
  func tooLarge() {
    let text = "a,b,label\n" + Array(repeating: "1,2,0", count: 100).joined(separator: "\n")
    let transcript = load(text, maxNumbers: 50)
    #expect(
      transcript.error?.message
        == "a.csv:27: the file is larger than 1,000,000 samples or 50 numbers; it was not loaded")
    #expect(load(text, maxNumbers: 200).outcome == .success)
  }
}
