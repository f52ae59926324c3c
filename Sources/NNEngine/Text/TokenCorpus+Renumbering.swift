extension TokenCorpus {
  /// The same text with the ids of `vocabulary`, as a model loaded after it reads: each id i
  /// becomes vocabulary.id(of: self.vocabulary.scalars[i]). Nil if the text holds a token that
  /// `vocabulary` lacks (the first such is `firstMissing`).
  public func renumbered(by vocabulary: CharacterVocabulary) -> TokenCorpus? {
    guard vocabulary != self.vocabulary else { return self }
    let newID = self.vocabulary.scalars.map { vocabulary.id(of: $0).map(Int32.init) }
    var renumbered: [Int32] = []
    renumbered.reserveCapacity(ids.count)
    for id in ids {
      guard let new = newID[Int(id)] else { return nil }
      renumbered.append(new)
    }
    return TokenCorpus(
      vocabulary: vocabulary, ids: renumbered, context: context, trainingCount: trainingCount)
  }

  /// The first token of the text, in text order, that `vocabulary` lacks.
  public func firstMissing(from vocabulary: CharacterVocabulary) -> Unicode.Scalar? {
    ids.lazy.map { self.vocabulary.scalars[Int($0)] }.first { vocabulary.id(of: $0) == nil }
  }
}
