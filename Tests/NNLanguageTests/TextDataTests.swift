import Foundation
import NNEngine
import NNLanguage
import NNTestSupport
import Testing

@Suite("data text")
struct TextDataTests {
  let files = MemoryFiles([
    "abc.txt": String(repeating: "abcab\ncab ", count: 10),
    "empty.txt": "",
    "nul.txt": "some text\nthen \0 a NUL",
    "short.txt": "abcdefghij",
    "one.txt": String(repeating: "a", count: 40),
    "chinese.txt": String(repeating: "学而时习之，不亦说乎。\n", count: 4),
  ])

  @Test("a text becomes a corpus: its vocabulary, its training part and its held-out tail")
  func loads() throws {
    let transcript = Transcript("data text abc.txt context 4", files: files)
    #expect(transcript.error == nil)
    let corpus = try #require(transcript.interpreter.session.corpus)
    #expect(corpus.vocabulary.count == 5 && corpus.context == 4)
    #expect(corpus.range(of: .training) == 0..<90 && corpus.range(of: .validation) == 90..<100)
    #expect(transcript.text.contains("100 characters, 5 distinct ones"))
    #expect(transcript.text.contains("'input tokens 4 vocab 5'"))
    #expect(
      Transcript("data text abc.txt context 4 split 0.5", files: files).interpreter.session.corpus?
        .trainingCount == 50)
  }

  @Test(
    "'show vocab' lists the tokens in id order, the new line and the space escaped, Chinese as written"
  )
  func vocab() {
    #expect(
      Transcript("data text abc.txt context 4\nshow vocab", files: files).text.hasSuffix(
        "\\n ␠ a b c"))
    let chinese = Transcript("data text chinese.txt context 4\nshow vocab", files: files).text
    #expect(chinese.hasSuffix("\\n 。 不 之 乎 习 亦 学 时 而 说 ，"), "by code point")
    #expect(Transcript("show vocab").error?.id == "runtime.noVocabulary")
  }

  @Test("a bad text file is refused, at the command, with a hint, and the session stays as it was")
  func refusals() throws {
    let cases = [
      ("data text empty.txt context 4", "runtime.emptyText", "is empty"),
      ("data text nul.txt context 4", "runtime.binaryText", "NUL character at line 2, column 6"),
      (
        "data text short.txt context 8", "runtime.textTooShort",
        "has 10 characters, too few for windows of 8"
      ),
      ("data text one.txt context 2", "runtime.oneCharacter", "only one distinct character"),
      ("data text missing.txt context 4", "runtime.cannotRead", "no such file"),
    ]
    for (line, id, message) in cases {
      let transcript = Transcript("data xor\n" + line, files: files)
      let error = try #require(transcript.error, "\(line)")
      #expect(error.id == id && error.message.contains(message), "\(line): \(error.message)")
      #expect(error.range?.line == 2)
      #expect(id == "runtime.cannotRead" || !error.notes.isEmpty, "\(line) has a hint")
      #expect(
        transcript.interpreter.session.data == .xor && transcript.interpreter.session.corpus == nil)
    }
    #expect(
      Transcript("data text abc.txt context 4 split 1", files: files).error?.id
        == "parser.splitFraction")
  }

  @Test("a network for other samples is not silently given text; other data replaces the text")
  func replaces() {
    #expect(
      Transcript("input 2\ndata text abc.txt context 4", files: files).error?.id
        == "runtime.textInput")
    let session = Transcript("data text abc.txt context 4\ndata xor", files: files).interpreter
      .session
    #expect(session.corpus == nil && session.data == .xor)
  }

  @Test("the shipped Shakespeare: 1,115,394 characters, 65 distinct, and it round-trips")
  func shakespeare() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../lessons/data/tinyshakespeare.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let files = MemoryFiles(["tiny.txt": text])
    let corpus = try #require(
      Transcript("data text tiny.txt context 32", files: files).interpreter.session.corpus)
    #expect(corpus.ids.count == 1_115_394 && corpus.vocabulary.count == 65)
    #expect(corpus.range(of: .validation).count == 111_539)
    #expect(corpus.vocabulary.decode(corpus.ids.map(Int.init)) == text)
  }
}
