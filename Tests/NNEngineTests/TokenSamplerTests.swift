import Foundation
import NNEngine
import NNTestSupport
import Testing

/// Drawing the next token: softmax at a temperature over the k likeliest.
@Suite("Sampling the next token")
struct TokenSamplerTests {
  static let scores = [1.0, 3.0, -2.0, 2.5, 3.0, 0.0]

  /// softmax(z/τ) written out: e^(z/τ) / Σ e^(z/τ).
  static func softmax(_ z: [Double], _ τ: Double) -> [Double] {
    let e = z.map { exp($0 / τ) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  @Test("at temperature τ the probabilities are softmax(z/τ)", arguments: [1.0, 0.5, 2.0])
  func temperature(_ τ: Double) {
    let p = TokenSampler(temperature: τ).probabilities(scores: Self.scores)
    expectApproximatelyEqual(
      Matrix(row: p), Matrix(row: Self.softmax(Self.scores, τ)), tolerance: 1e-15)
  }

  @Test("top k keeps the k largest scores, ties to the smaller id, and renormalises")
  func topK() {
    let p = TokenSampler(top: 3).probabilities(scores: Self.scores)
    let kept = Self.softmax([3, 2.5, 3], 1)  // ids 1, 3, 4
    expectApproximatelyEqual(
      Matrix(row: p), Matrix(row: [0, kept[0], 0, kept[1], kept[2], 0]), tolerance: 1e-15)
    // Of the two 3.0s, top 1 keeps id 1.
    #expect(TokenSampler(top: 1).probabilities(scores: Self.scores) == [0, 1, 0, 0, 0, 0])
    #expect(
      TokenSampler(top: 100).probabilities(scores: Self.scores)
        == TokenSampler().probabilities(scores: Self.scores))
  }

  @Test("a temperature near 0 is argmax, and so is top 1 at any temperature")
  func greedy() {
    let z = [0.3, -1.2, 2.2, 2.1999, 0.9]
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<20 {
      #expect(TokenSampler(temperature: 1e-6).sample(scores: z, using: &generator) == 2)
      #expect(TokenSampler(temperature: 50, top: 1).sample(scores: z, using: &generator) == 2)
    }
  }

  @Test("draws follow the probabilities: 20,000 seeded draws within 0.01 of each")
  func frequencies() {
    let sampler = TokenSampler(temperature: 0.8, top: 4)
    var generator = SeededGenerator(seed: 11)
    var counts = Array(repeating: 0, count: Self.scores.count)
    for _ in 0..<20_000 { counts[sampler.sample(scores: Self.scores, using: &generator)] += 1 }
    let p = sampler.probabilities(scores: Self.scores)
    for (count, probability) in zip(counts, p) {
      #expect(abs(Double(count) / 20_000 - probability) < 0.01)
    }
    #expect(counts[2] == 0 && counts[5] == 0)  // cut by top 4
  }

  @Test("a draw is the first token whose cumulative probability passes u")
  func inverseTransform() {
    var generator = SeededGenerator(seed: 3)
    var copy = generator
    let u = copy.nextUniform()
    let p = TokenSampler().probabilities(scores: Self.scores)
    let expected = p.indices.first { p[...$0].reduce(0, +) > u }
    #expect(TokenSampler().sample(scores: Self.scores, using: &generator) == expected)
  }
}
