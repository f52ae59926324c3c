/// A character-level tokenizer: every distinct Unicode scalar of a text is one token, and the
/// tokens are numbered in the scalars' order, so the same text always gives the same ids.
///
///     vocabulary = sorted(set(text))        id(c) = its place in that list
///
/// Scalars, not `Character`s (grapheme clusters), because a cluster such as "e" + a combining
/// accent would make the vocabulary depend on how the text was normalised; every scalar of
/// Chinese text (each Han character is one scalar) is a token, as every letter of English is.
public struct CharacterVocabulary: Equatable, Sendable {
  /// The tokens in id order: `scalars[id]`.
  public let scalars: [Unicode.Scalar]
  /// The id of each scalar, the inverse of `scalars`.
  private let ids: [Unicode.Scalar: Int]

  /// The vocabulary of `text`: its distinct scalars, sorted by code point.
  public init(of text: String) {
    self.init(scalars: Set(text.unicodeScalars).sorted { $0.value < $1.value })
  }

  /// A vocabulary of these scalars, in this order (as a model file would keep them).
  public init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
    ids = Dictionary(uniqueKeysWithValues: scalars.enumerated().map { ($0.element, $0.offset) })
  }

  /// V, the number of tokens.
  public var count: Int { scalars.count }

  /// The id of `scalar`, if the vocabulary has it.
  public func id(of scalar: Unicode.Scalar) -> Int? { ids[scalar] }

  /// The ids of `text`, one per scalar; nil if a scalar is not in the vocabulary.
  public func encode(_ text: String) -> [Int]? {
    var result: [Int] = []
    result.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      guard let id = ids[scalar] else { return nil }
      result.append(id)
    }
    return result
  }

  /// The text of `ids`; every id must be in 0..<count.
  public func decode(_ ids: some Sequence<Int>) -> String {
    var text = String.UnicodeScalarView()
    for id in ids { text.append(scalars[id]) }
    return String(text)
  }
}
