/// A text as token ids, cut into a training part and a held-out tail, from which a language
/// model's samples are drawn as windows.
///
/// A window at `start` is T = `context` ids and its targets are the same window moved one on,
/// so position t learns to predict the id that follows it:
///
///     x = ids[start ..< start + T]        y = ids[start + 1 ..< start + T + 1]
///
/// The windows are never stored: a text of a million characters has a million overlapping
/// windows, which as a matrix of T ids each would be T times the text. A batch copies the few
/// it needs (`fillBatch`), so memory grows with the batch, not with the text.
public struct TokenCorpus: Equatable, Sendable {
  /// Which part of the text a window comes from.
  public enum Part: Sendable { case training, validation }

  public let vocabulary: CharacterVocabulary
  /// The whole text's ids, training part first.
  public let ids: [Int32]
  /// T, the ids in one window.
  public let context: Int
  /// The number of ids in the training part; the validation tail holds the rest.
  public let trainingCount: Int

  /// Cuts `ids` after `trainingCount`; each part needs at least T + 1 ids, a window and the
  /// id after it (the language checks, with a message).
  public init(vocabulary: CharacterVocabulary, ids: [Int32], context: Int, trainingCount: Int) {
    precondition(
      context >= 1 && trainingCount > context && ids.count - trainingCount > context,
      "each part needs a window and its next id")
    self.vocabulary = vocabulary
    self.ids = ids
    self.context = context
    self.trainingCount = trainingCount
  }

  /// The ids of `part`, as a range of `ids`.
  public func range(of part: Part) -> Range<Int> {
    part == .training ? 0..<trainingCount : trainingCount..<ids.count
  }

  /// How many windows (with their targets) fit in `part`: one per start from its first id to
  /// the last that leaves T + 1 ids.
  public func windowCount(in part: Part) -> Int { range(of: part).count - context }

  /// The starts of `count` windows of `part` spread evenly over it, the first at its start: a
  /// fixed sample that measures the loss the same way at every step.
  public func evenlySpacedStarts(_ count: Int, in part: Part) -> [Int] {
    let (first, windows) = (range(of: part).lowerBound, windowCount(in: part))
    let taken = min(count, windows)
    return (0..<taken).map { first + $0 * windows / taken }
  }

  /// The starts of `count` windows of `part` drawn uniformly, with replacement, by `generator`.
  public func randomStarts(_ count: Int, in part: Part, using generator: inout SeededGenerator)
    -> [Int]
  {
    var starts: [Int] = []
    randomStarts(count, in: part, using: &generator, into: &starts)
    return starts
  }

  /// The same draws written into `starts`, whose storage is kept: a training step draws its
  /// windows this way so that it allocates nothing once `starts` has its size.
  public func randomStarts(
    _ count: Int, in part: Part, using generator: inout SeededGenerator, into starts: inout [Int]
  ) {
    let (first, windows) = (range(of: part).lowerBound, windowCount(in: part))
    starts.removeAll(keepingCapacity: true)
    for _ in 0..<count { starts.append(first + Int(generator.next() % UInt64(windows))) }
  }

  /// Writes the windows at `starts` into `inputs` (one sample of T ids per row) and their
  /// targets into `targets` (one one-hot row of V per position: n·T rows), reusing both
  /// matrices' storage when their shapes stay the same.
  public func fillBatch(starts: [Int], inputs: inout Matrix, targets: inout Matrix) {
    let (t, v) = (context, vocabulary.count)
    inputs.ensureShape(rows: starts.count, columns: t)
    targets.ensureShape(rows: starts.count * t, columns: v)
    for k in targets.elements.indices { targets.elements[k] = 0 }
    for (sample, start) in starts.enumerated() {
      for position in 0..<t {
        inputs.elements[sample * t + position] = Double(ids[start + position])
        // y = the next id
        targets.elements[(sample * t + position) * v + Int(ids[start + position + 1])] = 1
      }
    }
  }
}
