#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The simplest language model worth beating: the next token from the previous one alone, by
/// counting. c(a, b) is how often b follows a in the training part; add-one (Laplace) smoothing
/// gives every pair one more, so a pair never seen there still has a probability:
///
///     P(b | a) = (c(a, b) + 1) / (c(a) + V)        c(a) = Σ_b c(a, b)
///
/// A model that looks at more than one token should do better; one that does worse has not yet
/// learnt even which letter tends to follow which.
public struct BigramModel: Sendable {
  /// V, the number of tokens.
  public let vocabulary: Int
  /// c(a, b) at `counts[a·V + b]`.
  public private(set) var counts: [Int]
  /// c(a), the pairs that start with a.
  public private(set) var totals: [Int]

  /// Counts every pair of neighbours in the training part of `corpus` (ids 0 and 1, 1 and 2, …).
  public init(counting corpus: TokenCorpus) {
    vocabulary = corpus.vocabulary.count
    counts = Array(repeating: 0, count: vocabulary * vocabulary)
    totals = Array(repeating: 0, count: vocabulary)
    for i in corpus.range(of: .training).dropLast() {
      let (a, b) = (Int(corpus.ids[i]), Int(corpus.ids[i + 1]))
      counts[a * vocabulary + b] += 1
      totals[a] += 1
    }
  }

  /// P(b | a), smoothed.
  public func probability(of b: Int, after a: Int) -> Double {
    Double(counts[a * vocabulary + b] + 1) / Double(totals[a] + vocabulary)
  }

  /// The cross-entropy on `part` of `corpus`: the mean of −ln P(b | a) over its pairs of
  /// neighbours — the same predictions a language model's windows make there (every id after
  /// the part's first, from the one before it).
  public func loss(on corpus: TokenCorpus, part: TokenCorpus.Part) -> Double {
    let pairs = corpus.range(of: part).dropLast()
    var total = 0.0
    for i in pairs {
      total -= log(probability(of: Int(corpus.ids[i + 1]), after: Int(corpus.ids[i])))
    }
    return total / Double(pairs.count)
  }
}
