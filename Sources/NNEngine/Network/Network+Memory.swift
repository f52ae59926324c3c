/// Counting numbers without overflowing: a count too large for an `Int` becomes `Int.max`, which
/// every memory limit refuses. Sizes are products of what a user typed (samples × units), so
/// they can overflow where the matrices themselves could never be allocated.
public enum NumberCount {
  /// a · b · …, or `Int.max` if it does not fit (factors are not negative).
  public static func product(_ factors: Int...) -> Int {
    factors.reduce(1) { total, factor in
      let (result, overflow) = total.multipliedReportingOverflow(by: factor)
      return overflow ? .max : result
    }
  }

  /// a + b + …, or `Int.max` if it does not fit (terms are not negative).
  public static func sum(_ terms: Int...) -> Int { sum(terms) }

  public static func sum(_ terms: [Int]) -> Int {
    terms.reduce(0) { total, term in
      let (result, overflow) = total.addingReportingOverflow(term)
      return overflow ? .max : result
    }
  }
}

extension Network {
  /// The numbers a forward pass of `samples` samples keeps: every layer's `forwardNumbers`.
  public func forwardNumbers(samples: Int) -> Int {
    NumberCount.sum(layers.map { $0.forwardNumbers(samples: samples) })
  }

  /// The numbers a backward pass of `samples` samples writes: every layer's `backwardNumbers`.
  public func backwardNumbers(samples: Int) -> Int {
    NumberCount.sum(layers.map { $0.backwardNumbers(samples: samples) })
  }

  /// The layer whose forward pass of `samples` samples keeps the most (counted from 1), and how
  /// much: what a message about the pass's size names.
  public func largestPass(samples: Int) -> (layer: Int, numbers: Int)? {
    layers.indices.map { ($0 + 1, layers[$0].forwardNumbers(samples: samples)) }.max { $0.1 < $1.1 }
  }
}
