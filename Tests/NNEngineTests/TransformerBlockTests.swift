import NNEngine
import NNTestSupport
import Testing

@Suite("GPT-2 transformer block and GELU")
struct TransformerBlockTests {
  @Test("gelu is GPT-2's tanh form, and its derivative agrees with central differences")
  func gelu() {
    // 0.5·z·(1 + tanh(√(2/π)(z + 0.044715z³))) from Python's math module; the exact z·Φ(z) at 1 is 0.8413447460685429.
    let expected: [(Double, Double)] = [
      (1, 0.8411919906082768), (-1, -0.15880800939172324), (0.5, 0.34571400982514394),
      (-3, -0.0036373920817729943),
    ]
    for (z, value) in expected {
      #expect(isApproximatelyEqual(GELU.value(z), value, tolerance: 1e-15), "gelu(\(z))")
    }
    for z in stride(from: -4.0, through: 4.0, by: 0.25) {
      let numeric = (GELU.value(z + 1e-5) - GELU.value(z - 1e-5)) / 2e-5
      #expect(isApproximatelyEqual(GELU.derivative(z), numeric, tolerance: 1e-9), "gelu′(\(z))")
    }
  }

  /// A block on width 4 with 2 heads (F = 16), from closed-formula numbers.
  static func block(causal: Bool = true) -> TransformerBlock {
    let attention = AttentionLayerTests.layer(heads: 2, causal: causal)
    let attentionWidth = attention.heads * attention.headSize
    let trimmed = AttentionLayer(
      queryWeights: attention.queryWeights, queryBias: attention.queryBias,
      keyWeights: attention.keyWeights,
      keyBias: attention.keyBias, valueWeights: attention.valueWeights,
      valueBias: attention.valueBias,
      outputWeights: LayerCheck.numbers(attentionWidth, 4, seed: 12, scale: 0.5),
      outputBias: attention.outputBias,
      heads: 2, causal: causal)
    return TransformerBlock(
      attentionNorm: LayerNormLayer(
        gamma: LayerCheck.numbers(1, 4, seed: 13, scale: 0.5),
        beta: LayerCheck.numbers(1, 4, seed: 14, scale: 0.1)),
      attention: trimmed,
      mlpNorm: LayerNormLayer(
        gamma: LayerCheck.numbers(1, 4, seed: 15),
        beta: LayerCheck.numbers(1, 4, seed: 16, scale: 0.1)),
      upWeights: LayerCheck.numbers(4, 16, seed: 17, scale: 0.7),
      upBias: LayerCheck.numbers(1, 16, seed: 18, scale: 0.2),
      downWeights: LayerCheck.numbers(16, 4, seed: 19, scale: 0.3),
      downBias: LayerCheck.numbers(1, 4, seed: 20, scale: 0.2))
  }

  /// Every parameter matrix of a block, by where it lies, and where its gradient lies.
  static var parameters:
    [(
      String, WritableKeyPath<TransformerBlock, Matrix>, KeyPath<TransformerBlock.Gradients, Matrix>
    )]
  {
    [
      ("γ₁", \.attentionNorm.gamma, \.attentionNorm.gamma),
      ("β₁", \.attentionNorm.beta, \.attentionNorm.beta),
      ("Wq", \.attention.queryWeights, \.attention.queryWeights),
      ("bq", \.attention.queryBias, \.attention.queryBias),
      ("Wk", \.attention.keyWeights, \.attention.keyWeights),
      ("bk", \.attention.keyBias, \.attention.keyBias),
      ("Wv", \.attention.valueWeights, \.attention.valueWeights),
      ("bv", \.attention.valueBias, \.attention.valueBias),
      ("Wo", \.attention.outputWeights, \.attention.outputWeights),
      ("bo", \.attention.outputBias, \.attention.outputBias),
      ("γ₂", \.mlpNorm.gamma, \.mlpNorm.gamma), ("β₂", \.mlpNorm.beta, \.mlpNorm.beta),
      ("Wup", \.upWeights, \.upWeights), ("bup", \.upBias, \.upBias),
      ("Wdown", \.downWeights, \.downWeights),
      ("bdown", \.downBias, \.downBias),
    ]
  }

  @Test(
    "every one of the block's 16 gradients, and ∂J/∂x, agrees with central differences",
    arguments: [true, false])
  func gradientCheck(_ causal: Bool) {
    let block = Self.block(causal: causal)
    let (x, r) = (LayerCheck.numbers(2, 5 * 4, seed: 21), LayerCheck.numbers(2, 5 * 4, seed: 22))
    var (cache, gradients, dx) = (
      TransformerBlock.Cache(), TransformerBlock.Gradients(), Matrix(rows: 0, columns: 0)
    )
    block.forward(x, positions: 5, into: &cache)
    block.backward(r, input: x, cache: &cache, gradients: &gradients, inputGradient: &dx)
    func loss(_ change: (inout TransformerBlock) -> Void, input: Matrix = x) -> Double {
      var (probe, probeCache) = (block, TransformerBlock.Cache())
      change(&probe)
      probe.forward(input, positions: 5, into: &probeCache)
      return LayerCheck.weightedLoss(
        probeCache.output.reshaped(rows: r.rows, columns: r.columns), r)
    }
    for (name, parameter, gradient) in Self.parameters {
      LayerCheck.expectGradient(
        gradients[keyPath: gradient], at: block[keyPath: parameter], "d\(name)"
      ) { value in
        loss { $0[keyPath: parameter] = value }
      }
    }
    LayerCheck.expectGradient(dx, at: x, "dx") { input in loss({ _ in }, input: input) }
  }

  @Test("a second step with the same buffers gives the same numbers as a fresh cache")
  func reusedBuffers() {
    let block = Self.block()
    let (x, r) = (LayerCheck.numbers(3, 5 * 4, seed: 23), LayerCheck.numbers(3, 5 * 4, seed: 24))
    var (cache, gradients, dx) = (
      TransformerBlock.Cache(), TransformerBlock.Gradients(), Matrix(rows: 0, columns: 0)
    )
    block.forward(LayerCheck.numbers(3, 20, seed: 25), positions: 5, into: &cache)
    block.backward(
      LayerCheck.numbers(3, 20, seed: 26), input: LayerCheck.numbers(3, 20, seed: 25),
      cache: &cache, gradients: &gradients, inputGradient: &dx)
    block.forward(x, positions: 5, into: &cache)
    block.backward(r, input: x, cache: &cache, gradients: &gradients, inputGradient: &dx)
    var (fresh, freshGradients, freshDx) = (
      TransformerBlock.Cache(), TransformerBlock.Gradients(), Matrix(rows: 0, columns: 0)
    )
    block.forward(x, positions: 5, into: &fresh)
    block.backward(r, input: x, cache: &fresh, gradients: &freshGradients, inputGradient: &freshDx)
    #expect(cache.output == fresh.output && gradients == freshGradients && dx == freshDx)
  }

  @Test(
    "Keras's count: one GPT-2 block at 768 has 7,087,872 parameters, as the params calculator says")
  func parameterCount() throws {
    var generator = SeededGenerator(seed: 1)
    let block = TransformerBlock(
      width: 768, heads: 12, causal: true, initialization: .xavier, using: &generator)
    #expect(block.parameterCount == 7_087_872)
    // The calculator's per-block parts for one layer: attention, its norm, the MLP, its norm.
    let shape = TransformerShape(
      layers: 1, dimension: 768, heads: 12, vocabulary: 50_257, context: 1_024)
    let parts = try #require(shape.parts, "the calculator's sums fit an Int")
    let perBlock = parts.filter { $0.name.hasPrefix("attention") || $0.name.hasPrefix("MLP") }
    #expect(
      perBlock.map(\.name) == [
        "attention Q, K, V, O", "attention norm", "MLP up, down", "MLP norm",
      ])
    #expect(perBlock.reduce(0) { $0 + $1.total } == block.parameterCount)
  }
}
