import NNEngine
import NNTestSupport
import Testing

@Suite("Attention layer (multi-head, causal)")
struct AttentionLayerTests {
  /// The reference's head: d_model 4, one head of size 3, causal, on 4 tokens.
  static func referenceLayer(_ reference: LayerReference) -> AttentionLayer {
    func parameter(_ name: String, rows: Int) -> Matrix {
      reference.matrix("params", name, rows: rows)
    }
    return AttentionLayer(
      queryWeights: parameter("Wq", rows: 4), queryBias: parameter("bq", rows: 1),
      keyWeights: parameter("Wk", rows: 4), keyBias: parameter("bk", rows: 1),
      valueWeights: parameter("Wv", rows: 4), valueBias: parameter("bv", rows: 1),
      outputWeights: parameter("Wo", rows: 3), outputBias: parameter("bo", rows: 1), heads: 1,
      causal: true)
  }

  @Test(
    "causal self-attention reproduces JAX, PyTorch and NumPy to 1e-12",
    arguments: ["weighted", "mse"])
  func reference(_ loss: String) throws {
    let reference = try #require(
      LayerReference("causal_self_attention"), "fixture reference-layers.json is missing")
    let layer = Self.referenceLayer(reference)
    let x = reference.matrix("inputs", "x", rows: 1)
    var cache = AttentionLayer.Cache()
    layer.forward(x, positions: 4, into: &cache)
    expectApproximatelyEqual(
      cache.output, reference.matrix("forward", "output", rows: 4), tolerance: 1e-12, "y")
    expectApproximatelyEqual(
      cache.probabilities, reference.matrix("forward", "probs", rows: 4), tolerance: 1e-12, "P")
    expectApproximatelyEqual(
      cache.headOutputs, reference.matrix("forward", "head_out", rows: 4), tolerance: 1e-12, "O")
    var (gradients, dx) = (AttentionLayer.Gradients(), Matrix(rows: 0, columns: 0))
    layer.backward(
      reference.matrix("losses", loss, "dL_dy", rows: 4), input: x, cache: &cache,
      gradients: &gradients, inputGradient: &dx)
    let expected: [(Matrix, String, Int)] = [
      (gradients.queryWeights, "Wq", 4), (gradients.queryBias, "bq", 1),
      (gradients.keyWeights, "Wk", 4),
      (gradients.keyBias, "bk", 1), (gradients.valueWeights, "Wv", 4),
      (gradients.valueBias, "bv", 1),
      (gradients.outputWeights, "Wo", 3), (gradients.outputBias, "bo", 1),
    ]
    for (gradient, name, rows) in expected {
      expectApproximatelyEqual(
        gradient, reference.matrix("losses", loss, "grads", name, rows: rows), tolerance: 1e-12,
        "d\(name)")
    }
    expectApproximatelyEqual(
      dx, reference.matrix("losses", loss, "input_grads", "x", rows: 1), tolerance: 1e-12, "dx")
  }

  /// A layer of `heads` heads of size 3 on positions of width 4, from closed-formula numbers.
  static func layer(heads: Int, causal: Bool) -> AttentionLayer {
    let hk = 3 * heads
    return AttentionLayer(
      queryWeights: LayerCheck.numbers(4, hk, seed: 1, scale: 0.8),
      queryBias: LayerCheck.numbers(1, hk, seed: 2, scale: 0.2),
      keyWeights: LayerCheck.numbers(4, hk, seed: 3, scale: 0.8),
      keyBias: LayerCheck.numbers(1, hk, seed: 4, scale: 0.2),
      valueWeights: LayerCheck.numbers(4, hk, seed: 5),
      valueBias: LayerCheck.numbers(1, hk, seed: 6, scale: 0.2),
      outputWeights: LayerCheck.numbers(hk, 4, seed: 7),
      outputBias: LayerCheck.numbers(1, 4, seed: 8, scale: 0.2),
      heads: heads, causal: causal)
  }

  static let shapes: [(heads: Int, causal: Bool)] = [(1, true), (2, true), (3, false)]

  @Test(
    "every gradient agrees with central differences (2 samples of 5 positions)", arguments: 0..<3)
  func gradientCheck(_ shape: Int) {
    let layer = Self.layer(heads: Self.shapes[shape].heads, causal: Self.shapes[shape].causal)
    let x = LayerCheck.numbers(2, 5 * 4, seed: 9)
    let r = LayerCheck.numbers(2, 5 * 4, seed: 10)
    var (cache, gradients, dx) = (
      AttentionLayer.Cache(), AttentionLayer.Gradients(), Matrix(rows: 0, columns: 0)
    )
    layer.forward(x, positions: 5, into: &cache)
    layer.backward(r, input: x, cache: &cache, gradients: &gradients, inputGradient: &dx)
    func loss(_ change: (inout AttentionLayer) -> Void, input: Matrix = x) -> Double {
      var (probe, probeCache) = (layer, AttentionLayer.Cache())
      change(&probe)
      probe.forward(input, positions: 5, into: &probeCache)
      return LayerCheck.weightedLoss(
        probeCache.output.reshaped(rows: r.rows, columns: r.columns), r)
    }
    let parameters: [(WritableKeyPath<AttentionLayer, Matrix>, Matrix, String)] = [
      (\.queryWeights, gradients.queryWeights, "dWq"), (\.queryBias, gradients.queryBias, "dbq"),
      (\.keyWeights, gradients.keyWeights, "dWk"), (\.keyBias, gradients.keyBias, "dbk"),
      (\.valueWeights, gradients.valueWeights, "dWv"), (\.valueBias, gradients.valueBias, "dbv"),
      (\.outputWeights, gradients.outputWeights, "dWo"),
      (\.outputBias, gradients.outputBias, "dbo"),
    ]
    for (path, analytic, name) in parameters {
      LayerCheck.expectGradient(analytic, at: layer[keyPath: path], "\(name)") { value in
        loss { $0[keyPath: path] = value }
      }
    }
    LayerCheck.expectGradient(dx, at: x, "dx") { input in loss({ _ in }, input: input) }
  }

  @Test("a causal head's output at position i does not change when a later position does")
  func causalMaskHidesTheFuture() {
    let layer = Self.layer(heads: 2, causal: true)
    var x = LayerCheck.numbers(1, 5 * 4, seed: 11)
    var (before, after) = (AttentionLayer.Cache(), AttentionLayer.Cache())
    layer.forward(x, positions: 5, into: &before)
    for j in 12..<16 { x[0, j] += 1 }  // position 3
    layer.forward(x, positions: 5, into: &after)
    #expect(Array(before.output.elements[0..<12]) == Array(after.output.elements[0..<12]))
    #expect(before.output.elements[12] != after.output.elements[12])
  }

  @Test("a batch read as one row per position gives the same numbers as one row per sample")
  func rowsOfPositions() {
    let layer = Self.layer(heads: 2, causal: true)
    let x = LayerCheck.numbers(2, 5 * 4, seed: 12)
    var (samples, positions) = (AttentionLayer.Cache(), AttentionLayer.Cache())
    layer.forward(x, positions: 5, into: &samples)
    layer.forward(x.reshaped(rows: 10, columns: 4), positions: 5, into: &positions)
    #expect(samples.output == positions.output)
    #expect(
      samples.output.shape == Shape(rows: 10, columns: 4),
      "a row per position, as dense writes a sequence")
  }

  @Test("Keras's count: MultiHeadAttention with 12 heads on 768 has 4·768² + 4·768 = 2,362,368")
  func parameterCount() {
    var generator = SeededGenerator(seed: 1)
    let layer = AttentionLayer(
      width: 768, heads: 12, causal: true, initialization: .xavier, using: &generator)
    #expect(layer.parameterCount == 2_362_368)
    #expect(layer.headSize == 64)
    let wide = AttentionLayer(
      width: 8, heads: 2, headSize: 5, causal: false, initialization: .xavier, using: &generator)
    #expect(wide.parameterCount == 4 * 8 * 10 + 3 * 10 + 8)
  }
}
