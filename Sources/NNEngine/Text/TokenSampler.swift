#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a language model's next token is drawn from its scores: softmax at a temperature, kept to
/// the k likeliest tokens.
///
///     p_v ∝ exp(z_v / τ)   for the k largest scores z_v (every one without a top),   0 elsewhere
///
/// A temperature τ below 1 sharpens the distribution towards the likeliest tokens (as τ → 0 it
/// becomes argmax, greedy decoding); above 1 it flattens it. Top-k cuts off the long tail of
/// unlikely tokens, each rarely drawn but many together (Fan, Lewis and Dauphin 2018), and top 1
/// is greedy decoding at any temperature. A token is drawn with one uniform u in [0, 1): the
/// first v, in id order, with p_0 + … + p_v > u.
public struct TokenSampler: Equatable, Sendable {
  /// τ, more than 0.
  public var temperature: Double
  /// k, the likeliest tokens kept, from 1; nil keeps every token.
  public var top: Int?

  public init(temperature: Double = 1, top: Int? = nil) {
    precondition(
      temperature > 0 && temperature.isFinite, "the temperature must be a positive number")
    precondition(top.map { $0 >= 1 } ?? true, "top must keep at least one token")
    self.temperature = temperature
    self.top = top
  }

  /// The probability of each token, given its score z_v (a logit: softmax's input).
  public func probabilities(scores z: [Double]) -> [Double] {
    let kept = keptTokens(scores: z)
    let largest = kept.map { z[$0] }.max() ?? 0
    var p = Array(repeating: 0.0, count: z.count)
    // Subtracting the largest score first changes nothing but keeps e^(z/τ) from overflowing.
    for v in kept { p[v] = exp((z[v] - largest) / temperature) }
    let total = p.reduce(0, +)
    return p.map { $0 / total }
  }

  /// The tokens top-k keeps: the k with the largest scores, ties going to the smaller id.
  func keptTokens(scores z: [Double]) -> [Int] {
    guard let top, top < z.count else { return Array(z.indices) }
    return z.indices.sorted { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }.prefix(top).sorted()
  }

  /// A token drawn from `probabilities(scores:)` with `generator` (one uniform number each).
  public func sample(scores z: [Double], using generator: inout SeededGenerator) -> Int {
    let p = probabilities(scores: z)
    let u = generator.nextUniform()
    var cumulative = 0.0
    for (v, probability) in p.enumerated() where probability > 0 {
      cumulative += probability
      if cumulative > u { return v }
    }
    // Rounding can leave the sum a hair below a u close to 1: the last possible token then.
    return p.lastIndex { $0 > 0 } ?? 0
  }
}
