import NNEngine
import NNTestSupport
import Testing

@Suite("Layer normalization")
struct LayerNormLayerTests {
  @Test("layer norm reproduces JAX, PyTorch and NumPy to 1e-12", arguments: ["weighted", "mse"])
  func reference(_ loss: String) throws {
    let reference = try #require(
      LayerReference("layernorm"), "fixture reference-layers.json is missing")
    let layer = LayerNormLayer(
      gamma: reference.matrix("params", "gamma", rows: 1),
      beta: reference.matrix("params", "beta", rows: 1))
    // One sample of 3 positions of 5 features: the reference's 3×5 array as one row of 15.
    let x = reference.matrix("inputs", "x", rows: 1)
    var cache = LayerNormLayer.Cache()
    layer.forward(x, into: &cache)
    expectApproximatelyEqual(
      cache.output, reference.matrix("forward", "output", rows: 3), tolerance: 1e-12, "y")
    expectApproximatelyEqual(
      cache.mean, reference.matrix("forward", "mean", rows: 3), tolerance: 1e-12, "μ")
    expectApproximatelyEqual(
      cache.inverseDeviation, reference.matrix("forward", "rstd", rows: 3), tolerance: 1e-12, "rstd"
    )
    expectApproximatelyEqual(
      cache.normalized, reference.matrix("forward", "xhat", rows: 3), tolerance: 1e-12, "x̂")
    var (gradients, dx) = (LayerNormLayer.Gradients(), Matrix(rows: 0, columns: 0))
    layer.backward(
      reference.matrix("losses", loss, "dL_dy", rows: 3), cache: cache, gradients: &gradients,
      inputGradient: &dx)
    expectApproximatelyEqual(
      gradients.gamma, reference.matrix("losses", loss, "grads", "gamma", rows: 1),
      tolerance: 1e-12, "dγ")
    expectApproximatelyEqual(
      gradients.beta, reference.matrix("losses", loss, "grads", "beta", rows: 1), tolerance: 1e-12,
      "dβ")
    expectApproximatelyEqual(
      dx, reference.matrix("losses", loss, "input_grads", "x", rows: 3), tolerance: 1e-12, "dx")
  }

  @Test("every gradient agrees with central differences (2 samples of 3 positions of 4)")
  func gradientCheck() {
    let layer = LayerNormLayer(
      gamma: LayerCheck.numbers(1, 4, seed: 1), beta: LayerCheck.numbers(1, 4, seed: 2))
    let (x, r) = (LayerCheck.numbers(2, 12, seed: 3), LayerCheck.numbers(2, 12, seed: 4))
    var (cache, gradients, dx) = (
      LayerNormLayer.Cache(), LayerNormLayer.Gradients(), Matrix(rows: 0, columns: 0)
    )
    layer.forward(x, into: &cache)
    layer.backward(r, cache: cache, gradients: &gradients, inputGradient: &dx)
    func loss(_ change: (inout LayerNormLayer) -> Void, input: Matrix = x) -> Double {
      var (probe, probeCache) = (layer, LayerNormLayer.Cache())
      change(&probe)
      probe.forward(input, into: &probeCache)
      return LayerCheck.weightedLoss(
        probeCache.output.reshaped(rows: r.rows, columns: r.columns), r)
    }
    LayerCheck.expectGradient(gradients.gamma, at: layer.gamma, "dγ") { g in loss { $0.gamma = g } }
    LayerCheck.expectGradient(gradients.beta, at: layer.beta, "dβ") { b in loss { $0.beta = b } }
    LayerCheck.expectGradient(dx.reshaped(rows: x.rows, columns: x.columns), at: x, "dx") { input in
      loss({ _ in }, input: input)
    }
  }

  @Test(
    "a fresh layer gives each position mean 0 and (biased) variance 1 − ε/(σ²+ε); LayerNorm(768) has 1,536 parameters"
  )
  func normalizesAndCounts() {
    let layer = LayerNormLayer(width: 4)
    var cache = LayerNormLayer.Cache()
    layer.forward(Matrix([[1, 2, 3, 4, 10, 10, 10, 14]]), into: &cache)
    for p in 0..<2 {
      let row = Array(cache.output.elements[(p * 4)..<(p * 4 + 4)])
      let mean = row.reduce(0, +) / 4
      let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 4
      let inputVariance = [1.25, 3.0][p]
      #expect(abs(mean) < 1e-15)
      #expect(
        isApproximatelyEqual(
          variance, inputVariance / (inputVariance + LayerNormLayer.epsilon), tolerance: 1e-14))
    }
    #expect(LayerNormLayer(width: 768).parameterCount == 1_536)
  }
}
