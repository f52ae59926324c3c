import NNEngine
import Testing

@Suite("character tokenizer and text windows")
struct TokenCorpusTests {
  @Test(
    "the vocabulary is the sorted set of scalars, and encoding then decoding gives the text back")
  func roundTrip() throws {
    let text = "hello, world\n"
    let vocabulary = CharacterVocabulary(of: text)
    #expect(
      vocabulary.scalars.map { String($0) } == ["\n", " ", ",", "d", "e", "h", "l", "o", "r", "w"])
    let ids = try #require(vocabulary.encode(text))
    #expect(ids == [5, 4, 6, 6, 7, 2, 1, 9, 7, 8, 6, 3, 0])
    #expect(vocabulary.decode(ids) == text)
    #expect(vocabulary.encode("held!") == nil, "'!' is not in the vocabulary")
  }

  @Test(
    "Chinese text: each Han character is one token, and a combining accent is a token of its own")
  func scalars() throws {
    let text = "学而时习之，不亦说乎。e\u{301}"
    let vocabulary = CharacterVocabulary(of: text)
    #expect(vocabulary.count == 13)
    #expect(vocabulary.decode(try #require(vocabulary.encode(text))) == text)
    #expect(
      vocabulary.id(of: "e") == 0 && vocabulary.id(of: "\u{301}") == 1, "sorted by code point")
  }

  /// "abcdefghij" with T = 3 and the first 6 ids for training.
  let corpus: TokenCorpus = {
    let vocabulary = CharacterVocabulary(of: "abcdefghij")
    return TokenCorpus(
      vocabulary: vocabulary,
      ids: "abcdefghij".unicodeScalars.compactMap { vocabulary.id(of: $0).map(Int32.init) },
      context: 3,
      trainingCount: 6)
  }()

  @Test("a window's targets are the window moved on by one, one-hot per position")
  func window() {
    var (inputs, targets) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    corpus.fillBatch(starts: [0, 6], inputs: &inputs, targets: &targets)
    #expect(inputs == Matrix([[0, 1, 2], [6, 7, 8]]))
    #expect(targets.shape == Shape(rows: 6, columns: 10))
    let nextIds = (0..<6).map { row in (0..<10).first { targets[row, $0] == 1 }! }
    #expect(nextIds == [1, 2, 3, 7, 8, 9])
    #expect(targets.elements.reduce(0, +) == 6, "one 1 per position")
  }

  @Test("windows stay inside their part: training starts 0…2, validation starts 6")
  func parts() {
    #expect(corpus.windowCount(in: .training) == 3 && corpus.windowCount(in: .validation) == 1)
    #expect(corpus.evenlySpacedStarts(2, in: .training) == [0, 1])
    #expect(corpus.evenlySpacedStarts(5, in: .validation) == [6])
    var generator = SeededGenerator(seed: 1)
    let starts = corpus.randomStarts(200, in: .training, using: &generator)
    #expect(Set(starts) == [0, 1, 2])
    var again = SeededGenerator(seed: 1)
    #expect(corpus.randomStarts(200, in: .training, using: &again) == starts, "seeded")
  }
}
