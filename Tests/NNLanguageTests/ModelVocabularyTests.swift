import Foundation
import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// A language model's vocabulary belongs to the model: saved with it, restored by `load`, and
/// the numbering of a second text (fine-tuning data), as issue 13 §5 needs.
@Suite("A model's vocabulary")
struct ModelVocabularyTests {
  /// Its vocabulary is \n, ␠, a, b, c: ids 0 to 4.
  static let base = String(repeating: "abcab\ncab ", count: 10)

  /// A small language model on `text.txt` (the head tied, so it is the smallest there is), and
  /// what follows it.
  static func model(_ text: String = base, then lines: String = "") -> (
    script: String, files: MemoryFiles
  ) {
    let files = MemoryFiles(["text.txt": text])
    let v = CharacterVocabulary(of: text).count
    let script = """
      data text text.txt context 4
      input tokens 4 vocab \(v)
      layer embedding 4
      layer positions
      layer transformer heads 1 causal
      layer dense \(v) softmax tied
      """
    return (script + (lines.isEmpty ? "" : "\n" + lines), files)
  }

  /// Runs the model's script, then `lines`, and returns the files it saved and its transcript.
  static func run(_ text: String = base, then lines: String) -> (Transcript, MemoryFiles) {
    let (script, files) = model(text, then: lines)
    return (Transcript(script, files: files), files)
  }

  @Test(
    "the vocabulary goes through save and load scalar for scalar: the new line, the space, Chinese, control and combining characters",
    arguments: [
      base,
      String(repeating: "学而时习之，不亦说乎。\n", count: 4),
      String(repeating: "a\tb\r\nc\"d\\e\u{301}f\u{7F} \u{2028}g\u{1}", count: 4),
    ])
  func roundTrip(_ text: String) throws {
    let (saved, files) = Self.run(text, then: "save m.json")
    #expect(saved.outcome == .success, "\(saved.diagnostics.map(\.message))")
    let file = try #require(files["m.json"])
    #expect(file.contains("\"vocabulary\" : ["))
    let loaded = Transcript("load m.json\nshow vocab", files: files)
    #expect(loaded.outcome == .success)
    let session = loaded.interpreter.session
    #expect(session.corpus == nil)
    #expect(session.vocabulary == CharacterVocabulary(of: text))
    #expect(session.vocabulary?.scalars == saved.interpreter.session.corpus?.vocabulary.scalars)
    #expect(
      loaded.text.contains("with its vocabulary of \(CharacterVocabulary(of: text).count) tokens"))
    let listing = Transcript("show vocab", interpreter: saved.interpreter).text
    #expect(
      loaded.text.hasSuffix(listing), "'show vocab' after load lists what it listed before save")
  }

  @Test("the vocabulary is written one scalar per entry, in id order, control characters escaped")
  func written() throws {
    let (_, files) = Self.run(then: "save m.json")
    let file = try #require(files["m.json"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
    #expect(json["vocabulary"] as? [String] == ["\n", " ", "a", "b", "c"])
    #expect(file.contains(#""\n""#))
  }

  @Test(
    "generate works right after load, without the text, and writes what the model wrote before save"
  )
  func generateAfterLoad() throws {
    let (before, files) = Self.run(then: "seed 5\ngenerate 30 from \"cab\"\nsave m.json")
    #expect(before.outcome == .success)
    let after = Transcript("load m.json\ngenerate 30 from \"cab\"", files: files)
    #expect(after.outcome == .success, "\(after.diagnostics.map(\.message))")
    #expect(after.interpreter.session.corpus == nil)
    #expect(after.runningText == before.runningText)
    #expect(after.runningText.unicodeScalars.count == 3 + 30)
  }

  /// A second text without 'a' (its own vocabulary would be \n, ␠, b, c: c = 3).
  static let second = String(repeating: "cc bb\n", count: 10)

  @Test("a second text is numbered by the model's vocabulary, after building or after load")
  func secondText() throws {
    let (script, files) = Self.model()
    try files.write(Self.second, to: "second.txt")
    #expect(Transcript(script + "\nsave m.json", files: files).outcome == .success)
    let afterBuilding = Transcript(script + "\ndata text second.txt context 4", files: files)
    let afterLoading = Transcript("load m.json\ndata text second.txt context 4", files: files)
    for transcript in [afterBuilding, afterLoading] {
      #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
      let corpus = try #require(transcript.interpreter.session.corpus)
      #expect(corpus.vocabulary.scalars == ["\n", " ", "a", "b", "c"])
      #expect(
        Array(corpus.ids.prefix(6)) == [4, 4, 1, 3, 3, 0], "c c ␠ b b \\n in the model's ids")
      #expect(transcript.interpreter.session.vocabulary == corpus.vocabulary)
      #expect(
        transcript.text.contains("60 characters, numbered by the model's vocabulary of 5 tokens"))
    }
    #expect(
      Transcript("data text second.txt context 4", files: files).interpreter.session.corpus?
        .vocabulary.count == 4, "without a model, its own")
  }

  @Test(
    "a character the model's vocabulary lacks is refused with its line and column, and the session stays as it was"
  )
  func unknownCharacter() throws {
    let (script, files) = Self.model()
    try files.write(String(repeating: "abc\nab d\n", count: 10) + "é", to: "other.txt")
    let transcript = Transcript(script + "\ndata text other.txt context 4", files: files)
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.textCharacter")
    #expect(
      error.message.contains(
        "has 'd' (U+0064) at line 2, column 4, which is not one of the model's 5 tokens (and 1 other character it lacks)"
      ), "\(error.message)")
    #expect(error.range?.line == 7)
    #expect(
      error.notes.contains { $0.message.contains("'show vocab'") }
        && error.notes.contains { $0.message.contains("'reset'") })
    #expect(
      transcript.interpreter.session.corpus
        == Transcript(script, files: files).interpreter.session.corpus)
  }

  @Test("a file without a vocabulary (older, or saved without a text) loads as before")
  func oldFile() throws {
    let files = MemoryFiles(["text.txt": Self.base])
    let saved = Transcript(
      "input tokens 4 vocab 5\nlayer embedding 4\nlayer dense 5 softmax\nsave old.json",
      files: files)
    #expect(saved.outcome == .success)
    #expect(try #require(files["old.json"]).contains("vocabulary") == false)
    let alone = Transcript("load old.json", files: files)
    #expect(alone.outcome == .success && alone.interpreter.session.vocabulary == nil)
    #expect(
      Transcript("load old.json\ngenerate 5", files: files).error?.id == "runtime.noVocabulary")
    let withText = Transcript(
      "data text text.txt context 4\nload old.json\ngenerate 5", files: files)
    #expect(withText.outcome == .success, "the text's vocabulary, as before")
    #expect(
      withText.interpreter.session.vocabulary == withText.interpreter.session.corpus?.vocabulary)
    #expect(
      Transcript("data xor\ninput 2\nlayer dense 1 sigmoid\nsave d.json", files: files).outcome
        == .success)
    #expect(try #require(files["d.json"]).contains("vocabulary") == false)
  }

  /// The saved model's file with its vocabulary replaced by `entries` (nil: as saved).
  static func edited(_ entries: [String]) throws -> MemoryFiles {
    let (_, files) = run(then: "save m.json")
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(files["m.json"]!.utf8)) as? [String: Any])
    json["vocabulary"] = entries
    try files.write(
      String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self),
      to: "m.json")
    return files
  }

  @Test(
    "a corrupt vocabulary is refused, saying what is wrong, and the session stays as it was",
    arguments: [
      (["\n", " ", "a", "b", "a"], "its vocabulary: 'a' is both token 2 and token 4"),
      (["\n", " ", "a", "b"], "its vocabulary: it has 4 tokens, but the network reads ids of 5"),
      (["\n", " ", "a", "b", "c", "d"], "it has 6 tokens, but the network reads ids of 5"),
      (["\n", " ", "ab", "b", "c"], "token 2 should be one character, but it is 'ab', 2 of them"),
      (["\n", "", "a", "b", "c"], "token 1 should be one character, but it is empty"),
    ])
  func corrupt(_ entries: [String], _ reason: String) throws {
    let files = try Self.edited(entries)
    let transcript = Transcript("seed 9\nload m.json", files: files)
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.corruptModel")
    #expect(error.message.contains(reason), "\(error.message)")
    #expect(
      transcript.interpreter.session.network == nil
        && transcript.interpreter.session.vocabulary == nil)
    #expect(transcript.interpreter.session.seed == 9)
  }

  @Test("a vocabulary in the file of a network that reads no tokens is refused")
  func vocabularyWithoutTokens() throws {
    let files = MemoryFiles()
    #expect(
      Transcript("data xor\ninput 2\nlayer dense 1 sigmoid\nsave d.json", files: files).outcome
        == .success)
    let text = try #require(files["d.json"]).replacingOccurrences(
      of: "\"version\" : 2", with: "\"version\" : 2, \"vocabulary\" : [\"a\", \"b\"]")
    try files.write(text, to: "d.json")
    #expect(
      Transcript("load d.json", files: files).error?.message.contains(
        "its vocabulary: only a network that reads token ids has one") == true)
  }

  @Test(
    "a text loaded before the model is renumbered by its vocabulary, or put aside if it has other characters"
  )
  func textBeforeLoad() throws {
    let (_, files) = Self.run(then: "save m.json")
    try files.write(Self.second, to: "second.txt")
    try files.write(String(repeating: "xyz ", count: 20), to: "other.txt")
    let renumbered = Transcript("data text second.txt context 4\nload m.json", files: files)
    let corpus = try #require(renumbered.interpreter.session.corpus)
    #expect(corpus.vocabulary.count == 5 && Array(corpus.ids.prefix(6)) == [4, 4, 1, 3, 3, 0])
    #expect(renumbered.interpreter.session.vocabulary == corpus.vocabulary)
    let aside = Transcript("data text other.txt context 4\nload m.json", files: files)
    #expect(aside.outcome == .success)
    #expect(
      aside.interpreter.session.corpus == nil && aside.interpreter.session.vocabulary?.count == 5)
    #expect(aside.diagnostics.first?.id == "warning.loadedVocabulary")
    #expect(aside.diagnostics.first?.message.contains("has 'x'") == true)
  }

  @Test("reset forgets the vocabulary: the next text is numbered by its own")
  func reset() throws {
    let (script, files) = Self.model(then: "reset")
    try files.write(Self.second, to: "second.txt")
    let transcript = Transcript(script + "\ndata text second.txt context 4", files: files)
    #expect(transcript.interpreter.session.vocabulary?.scalars == ["\n", " ", "b", "c"])
    #expect(Transcript("help data").text.contains("numbered by its vocabulary"))
  }

  static let lessonData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../lessons/data")

  @Test(
    "romeo.txt is every speech of ROMEO in tinyshakespeare, read with its 65 ids, in windows of 32 split 0.9"
  )
  func romeo() throws {
    let shakespeare = try String(
      contentsOf: Self.lessonData.appendingPathComponent("tinyshakespeare.txt"), encoding: .utf8)
    let romeo = try String(
      contentsOf: Self.lessonData.appendingPathComponent("romeo.txt"), encoding: .utf8)
    var speaking = false
    var extracted = ""
    // the text ends with "\n"
    for line in shakespeare.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      if line == "ROMEO:" { speaking = true }
      if speaking { extracted += line + "\n" }
      if line.isEmpty { speaking = false }
    }
    #expect(romeo == extracted, "make-romeo.sh's rule")
    #expect(
      romeo.unicodeScalars.count == 25_808
        && romeo.components(separatedBy: "ROMEO:\n").count - 1 == 163)
    let files = MemoryFiles(["tiny.txt": shakespeare, "romeo.txt": romeo])
    let transcript = Transcript(
      "data text tiny.txt context 32\ninput tokens 32 vocab 65\ndata text romeo.txt context 32 split 0.9",
      files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let corpus = try #require(transcript.interpreter.session.corpus)
    #expect(corpus.vocabulary.count == 65 && Set(romeo.unicodeScalars).count == 58)
    #expect(
      Array(corpus.ids.prefix(7)) == [30, 27, 25, 17, 27, 10, 0],
      "R O M E O : \\n in tinyshakespeare's ids")
    #expect(
      corpus.windowCount(in: .training) == 23_195 && corpus.windowCount(in: .validation) == 2_549)
  }
}
