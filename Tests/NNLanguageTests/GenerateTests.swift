import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// `generate`: a seeded, untrained language model writing, one streamed piece per character.
@Suite("Generating text")
struct GenerateTests {
  static let text = String(repeating: "the cat sat on the mat. ", count: 10)
  static let poem = String(repeating: "床前明月光，疑是地上霜。举头望明月，低头思故乡。", count: 8)
  static let vocabulary = CharacterVocabulary(of: text)

  /// A small GPT on the text: T = 8, D = 8, one block of 2 heads, the head tied.
  static func model(_ text: String = text, context: Int = 8, extra: String = "") -> (
    script: String, files: MemoryFiles
  ) {
    let files = MemoryFiles(["text.txt": text])
    let v = CharacterVocabulary(of: text).count
    let script = """
      data text text.txt context \(context)
      input tokens \(context) vocab \(v)
      layer embedding 8
      layer positions
      layer transformer heads 2 causal
      layer layernorm
      layer dense \(v) softmax tied
      """
    return (script + (extra.isEmpty ? "" : "\n" + extra), files)
  }

  static func generated(_ line: String, seed: Int = 42) -> Transcript {
    let (script, files) = model(extra: "seed \(seed)\n" + line)
    return Transcript(script, files: files)
  }

  @Test("the same seed writes the same text; another seed another text")
  func reproducible() {
    let first = Self.generated("generate 60 from \"the \"").runningText
    #expect(first.unicodeScalars.count == 4 + 60)
    #expect(first.hasPrefix("the "))
    #expect(Self.generated("generate 60 from \"the \"").runningText == first)
    #expect(Self.generated("generate 60 from \"the \"", seed: 7).runningText != first)
  }

  @Test(
    "each character is streamed as it is drawn: the prompt, then one piece per character, then the closing line"
  )
  func streamed() throws {
    let transcript = Self.generated("generate 12 from \"sat\" temperature 0.8 top 5")
    let pieces = transcript.outputs.compactMap { output -> String? in
      if case .textPiece(let piece) = output { piece } else { nil }
    }
    #expect(pieces.count == 1 + 12)
    #expect(pieces.dropFirst().allSatisfy { $0.unicodeScalars.count == 1 })
    guard case .message(let closing)? = transcript.outputs.last else {
      Issue.record("no closing line"); return
    }
    #expect(closing.hasPrefix("generated 12 characters at temperature 0.8, top 5, seed 42"))
  }

  /// The characters greedy decoding writes, computed here with the engine alone: the window of
  /// the last T ids, padded on the right, and the argmax of the output at the last one read.
  static func greedy(_ count: Int, from prompt: String, network: Network) throws -> String {
    var ids = try #require(vocabulary.encode(prompt))
    for _ in 0..<count {
      let read = Array(ids.suffix(8))
      let output = network.forward(
        Matrix(row: (read + Array(repeating: 0, count: 8 - read.count)).map(Double.init))
      ).output
      let row = (0..<output.columns).map { output[read.count - 1, $0] }
      ids.append(try #require(row.indices.max { row[$0] < row[$1] }))
    }
    return vocabulary.decode(ids)
  }

  @Test(
    "top 1, and a temperature near 0, are greedy decoding",
    arguments: ["top 1", "temperature 0.000001", "temperature 3 top 1"])
  func greedyDecoding(_ options: String) throws {
    let transcript = Self.generated("generate 30 from \"the c\" \(options)")
    let network = try #require(transcript.interpreter.session.network)
    let greedy = try Self.greedy(30, from: "the c", network: network)
    #expect(transcript.runningText == greedy)
  }

  @Test("\\n in a prompt is a new line, which the text's vocabulary has")
  func newLineInPrompt() {
    let (script, files) = Self.model(
      "ab\nba\n" + Self.text, extra: "generate 10 from \"ba\\nab\"")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    #expect(transcript.runningText.hasPrefix("ba\nab"))
    #expect(transcript.runningText.unicodeScalars.count == 5 + 10)
  }

  @Test("without a prompt the text starts after a new line, which is not shown")
  func noPrompt() {
    let (script, files) = Self.model("ab\nba\n" + Self.text, extra: "generate 10")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success)
    #expect(transcript.runningText.unicodeScalars.count == 10)
  }

  @Test("Chinese text: a Han character is one token, written and shown as itself")
  func chinese() throws {
    let poem = Self.poem
    let (script, files) = Self.model(poem, context: 6, extra: "generate 20 from \"明月\"")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let vocabulary = CharacterVocabulary(of: poem)
    let text = transcript.runningText
    #expect(text.hasPrefix("明月"))
    #expect(text.unicodeScalars.allSatisfy { vocabulary.id(of: $0) != nil })
    #expect(text.unicodeScalars.count == 2 + 20)
  }

  @Test("Ctrl-C stops it after the character being drawn, and says so")
  func interrupted() {
    let (script, files) = Self.model()
    var interpreter = Transcript(script, files: files).interpreter
    var (checks, events) = (0, [Event]())
    let outcome = interpreter.run(
      line: "generate 50", number: 1,
      isCancelled: {
        checks += 1
        return checks > 5
      }
    ) { events.append($0) }
    #expect(outcome == .success)
    let pieces = events.filter { if case .output(.textPiece) = $0 { true } else { false } }
    #expect(pieces.count == 5)
    #expect(events.last == .output(.message("interrupted after 5 of 50 characters")))
  }

  @Test(
    "mistakes point at what is wrong and say what would do",
    arguments: [
      ("generate 10", "runtime.noVocabulary", 1, "data text"),
      ("generate 0", "parser.integerOutOfRange", 10, ""),
      ("generate 5 temperature 0", "parser.temperature", 24, "top 1"),
      ("generate 5 temperature -1", "parser.temperature", 24, ""),
      ("generate 5 top 0", "parser.topK", 16, "top 40"),
      ("generate 5 top 2.5", "parser.topK", 16, ""),
      ("generate 5 from ROMEO", "parser.expectedPrompt", 17, "\"ROMEO:\""),
      ("generate 5 top 3 top 4", "parser.repeatedOption", 18, "once"),
      ("generate 5 from \"a\" fast", "parser.unexpectedToken", 21, ""),
    ])
  func mistakes(_ line: String, _ id: String, _ column: Int, _ hint: String) {
    let transcript = Transcript(line)
    #expect(transcript.error?.id == id)
    #expect(transcript.error?.range?.column == column)
    #expect(
      hint.isEmpty || transcript.error?.notes.contains { $0.message.contains(hint) } == true,
      "\(transcript.error?.notes.map(\.message) ?? [])")
  }

  @Test("a prompt character the text never has is pointed at, with the case that exists")
  func promptOutsideVocabulary() throws {
    let missing = Self.generated("generate 5 from \"the dog\"")
    #expect(missing.error?.id == "runtime.promptCharacter")
    #expect(missing.error?.message == "the prompt's 'd' is not in the text's vocabulary")
    #expect(missing.error?.range == SourceRange(line: 9, column: 22, length: 1))
    #expect(missing.error?.notes.last?.message.contains("'show vocab' lists them") == true)
    let capital = Self.generated("generate 5 from \"The\"")
    #expect(capital.error?.notes.first?.message == "did you mean 't'?")
    let newLine = Self.generated("generate 5 from \"at\\nD\"")  // this text has no new line
    #expect(newLine.error?.message == "the prompt's '\\n' is not in the text's vocabulary")
    #expect(newLine.error?.range?.column == 20)
    let (script, files) = Self.model(
      "ab\nba\n" + Self.text, extra: "generate 5 from \"at\\nD\"")
    // \n is one character of the prompt, written as two
    let afterNewLine = Transcript(script, files: files)
    #expect(afterNewLine.error?.message == "the prompt's 'D' is not in the text's vocabulary")
    #expect(afterNewLine.error?.range?.column == 22)
  }

  @Test("a network that is not a language model over the text is refused, saying why")
  func notALanguageModel() {
    let files = MemoryFiles()
    try! files.write(Self.text, to: "text.txt")
    let v = Self.vocabulary.count
    let wrongOutput = Transcript(
      "data text text.txt context 8\ninput tokens 8 vocab \(v)\nlayer embedding 8\nlayer dense 3 tanh\ngenerate 5",
      files: files)
    #expect(wrongOutput.error?.id == "runtime.generateOutput")
    #expect(wrongOutput.error?.notes.first?.message.contains("layer dense \(v) softmax") == true)
    let wrongVocabulary = Transcript(
      "data text text.txt context 8\ninput tokens 8 vocab 30\nlayer embedding 8\ngenerate 5",
      files: files)
    #expect(wrongVocabulary.error?.id == "runtime.generateVocabulary")
  }

  @Test("attention that is not causal would see the padding: generate warns, naming the layer")
  func notCausal() {
    let (script, files) = Self.model(extra: "generate 3 from \"the\"")
    let transcript = Transcript(
      script.replacingOccurrences(of: "heads 2 causal", with: "heads 2"), files: files)
    #expect(transcript.outcome == .success)
    #expect(transcript.diagnostics.map(\.id) == ["warning.generateNotCausal"])
    #expect(
      transcript.diagnostics.first?.message.hasPrefix("layer 3's attention is not causal") == true)
  }

  @Test(
    "a prompt shorter than the window sees none of the padding after it, under causal attention")
  func paddingUnseen() throws {
    let network = try #require(Self.generated("seed 1").interpreter.session.network)
    let (padded, other) = (
      Matrix(row: [1, 4, 2, 0, 0, 0, 0, 0]), Matrix(row: [1, 4, 2, 9, 3, 7, 1, 5])
    )
    let (a, b) = (network.forward(padded), network.forward(other))
    let v = network.outputWidth
    #expect(Array(a.output.elements[0..<(3 * v)]) == Array(b.output.elements[0..<(3 * v)]))
  }
}
