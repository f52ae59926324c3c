import NNEngine
import NNTestSupport
import Testing

@Suite("Batch normalization and dropout")
struct NormalizationAndDropoutTests {
  static let batchNorm = BatchNormLayer(
    gamma: LayerCheck.numbers(1, 3, seed: 1), beta: LayerCheck.numbers(1, 3, seed: 2),
    runningMean: LayerCheck.numbers(1, 3, seed: 3, scale: 0.2),
    runningVariance: Matrix(row: [0.5, 1.5, 2]))

  @Test(
    "batch norm's gradients agree with central differences, in training and in inference",
    arguments: [LayerMode.training, .inference])
  func batchNormGradientCheck(_ mode: LayerMode) {
    let layer = Self.batchNorm
    // 3 samples of 2 positions of 3 channels: each channel is normalized over 6 numbers.
    let (x, r) = (LayerCheck.numbers(3, 6, seed: 4, scale: 2), LayerCheck.numbers(3, 6, seed: 5))
    var (cache, gradients, dx) = (
      BatchNormLayer.Cache(), BatchNormLayer.Gradients(), Matrix(rows: 0, columns: 0)
    )
    layer.forward(x, mode: mode, into: &cache)
    layer.backward(r, cache: cache, gradients: &gradients, inputGradient: &dx)
    func loss(_ change: (inout BatchNormLayer) -> Void, input: Matrix = x) -> Double {
      var (probe, probeCache) = (layer, BatchNormLayer.Cache())
      change(&probe)
      probe.forward(input, mode: mode, into: &probeCache)
      return LayerCheck.weightedLoss(
        probeCache.output.reshaped(rows: r.rows, columns: r.columns), r)
    }
    LayerCheck.expectGradient(gradients.gamma, at: layer.gamma, "dγ") { g in loss { $0.gamma = g } }
    LayerCheck.expectGradient(gradients.beta, at: layer.beta, "dβ") { b in loss { $0.beta = b } }
    LayerCheck.expectGradient(dx.reshaped(rows: x.rows, columns: x.columns), at: x, "dx") { input in
      loss({ _ in }, input: input)
    }
    // The running statistics matter only in inference (their gradient is 0 in training), and
    // are never trained; their gradient is still the right one.
    LayerCheck.expectGradient(gradients.runningMean, at: layer.runningMean, "dμ̄") { m in
      loss { $0.runningMean = m }
    }
    LayerCheck.expectGradient(gradients.runningVariance, at: layer.runningVariance, "dσ̄²") { v in
      loss { $0.runningVariance = v }
    }
  }

  @Test(
    "training normalizes each channel over the batch; the running statistics move a tenth of the way; inference uses them"
  )
  func batchNormStatistics() {
    var layer = BatchNormLayer(channels: 2)
    // Channel 0 holds 1, 3, 5, 7 (μ = 4, σ² = 5); channel 1 holds 10 four times (σ² = 0).
    let x = Matrix([[1, 10, 3, 10], [5, 10, 7, 10]])
    var cache = BatchNormLayer.Cache()
    layer.forward(x, mode: .training, into: &cache)
    #expect(cache.mean == Matrix(row: [4, 10]) && cache.variance == Matrix(row: [5, 0]))
    #expect(
      isApproximatelyEqual(cache.output[0, 0], -3 / (5 + 1e-5).squareRoot(), tolerance: 1e-15))
    #expect(cache.output[1, 1] == 0, "a constant channel becomes β")
    layer.updateRunningStatistics(from: cache)
    expectApproximatelyEqual(layer.runningMean, Matrix(row: [0.4, 1]), tolerance: 1e-15)
    #expect(
      isApproximatelyEqual(layer.runningVariance[0, 0], 0.9 + 0.5, tolerance: 1e-15)
        && layer.runningVariance[0, 1] == 0.9)
    layer.forward(Matrix([[0.4, 1]]), mode: .inference, into: &cache)
    expectApproximatelyEqual(
      cache.output, Matrix([[0, 0]]), tolerance: 1e-15,
      "one sample, normalized with the running statistics")
    let before = layer
    layer.updateRunningStatistics(from: cache)
    #expect(layer == before, "inference leaves the statistics alone")
  }

  @Test("BatchNormalization(64): Keras counts 256 (128 trainable), PyTorch 128 and two buffers")
  func batchNormCounts() {
    let layer = BatchNormLayer(channels: 64)
    #expect(layer.parameterCount == 256 && layer.trainableParameterCount == 128)
  }

  @Test(
    "dropout drops about p of the numbers while training, scales the rest by 1/(1 − p), and is the identity in inference"
  )
  func dropout() {
    var layer = DropoutLayer(rate: 0.25, seed: 7, number: 3, inputShape: .features(50))
    let x = Matrix(rows: 40, columns: 50, repeating: 2)
    var cache = DropoutLayer.Cache()
    layer.forward(x, mode: .training, into: &cache)
    let dropped = cache.output.elements.filter { $0 == 0 }.count
    #expect((400...600).contains(dropped), "\(dropped) of 2,000 dropped")
    #expect(cache.output.elements.allSatisfy { $0 == 0 || $0 == 2 / 0.75 })
    let r = LayerCheck.numbers(40, 50, seed: 8)
    var dx = Matrix(rows: 0, columns: 0)
    layer.backward(r, cache: cache, inputGradient: &dx)
    #expect(dx == r * cache.mask, "∂J/∂x = dy ⊙ m")
    let firstMask = cache.mask
    layer.forward(x, mode: .training, into: &cache)
    #expect(cache.mask == firstMask, "within one step, every forward pass sees the same mask")
    var pass = LayerPass(names: layer.passNames)
    pass.mode = .training
    layer.finishTrainingStep(pass)
    layer.forward(x, mode: .training, into: &cache)
    #expect(cache.mask != firstMask, "the next step draws a new mask")
    var again = DropoutLayer(rate: 0.25, seed: 7, number: 3, inputShape: .features(50))
    var againCache = DropoutLayer.Cache()
    again.finishTrainingStep(pass)
    again.forward(x, mode: .training, into: &againCache)
    #expect(againCache.mask == cache.mask, "the same seed and step drop the same numbers")
    layer.forward(x, mode: .inference, into: &cache)
    #expect(cache.output == x)
    layer.backward(r, cache: cache, inputGradient: &dx)
    #expect(dx == r)
  }
}
