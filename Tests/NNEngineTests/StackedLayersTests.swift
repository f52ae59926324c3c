import NNEngine
import NNTestSupport
import Testing

/// Layers of different kinds chained, each backward pass feeding the one below: the gradients of
/// the whole stack still agree with central differences.
@Suite("Stacked layers")
struct StackedLayersTests {
  @Test("conv2d → maxpool → flatten → dense")
  func convolutionPoolingFlattenDense() {
    let layers: [any Layer] = [
      ConvolutionLayer(
        kernel: LayerCheck.numbers(9, 2, seed: 1, scale: 0.7),
        bias: LayerCheck.numbers(1, 2, seed: 2, scale: 0.2), activation: .tanh,
        geometry: ConvolutionGeometry(
          height: 6, width: 6, channels: 1, windowHeight: 3, windowWidth: 3)),
      PoolingLayer(.max, height: 4, width: 4, channels: 2, window: 2),
      FlattenLayer(inputShape: .image(height: 2, width: 2, channels: 2)),
      DenseLayer(
        weights: LayerCheck.numbers(8, 3, seed: 3, scale: 0.5),
        bias: LayerCheck.numbers(1, 3, seed: 4), activation: .linear),
    ]
    LayerCheck.expectGradients(
      of: layers, input: LayerCheck.numbers(3, 36, seed: 5),
      weights: LayerCheck.numbers(3, 3, seed: 6))
  }

  @Test("lstm → dense, and gru (sequences) → dense on every step")
  func recurrentDense() {
    let lstm: [any Layer] = [
      LSTMLayer(
        inputWeights: LayerCheck.numbers(2, 12, seed: 1, scale: 0.7),
        recurrentWeights: LayerCheck.numbers(3, 12, seed: 2, scale: 0.5),
        bias: LayerCheck.numbers(1, 12, seed: 3, scale: 0.3), steps: 5, returnsSequences: false),
      DenseLayer(
        weights: LayerCheck.numbers(3, 2, seed: 4), bias: LayerCheck.numbers(1, 2, seed: 5),
        activation: .sigmoid),
    ]
    LayerCheck.expectGradients(
      of: lstm, input: LayerCheck.numbers(3, 10, seed: 6),
      weights: LayerCheck.numbers(3, 2, seed: 7))
    let gru: [any Layer] = [
      GRULayer(
        inputWeights: LayerCheck.numbers(2, 9, seed: 1, scale: 0.7),
        recurrentWeights: LayerCheck.numbers(3, 9, seed: 2, scale: 0.5),
        bias: LayerCheck.numbers(2, 9, seed: 3, scale: 0.3), steps: 5, returnsSequences: true),
      DenseLayer(
        weights: LayerCheck.numbers(3, 2, seed: 4), bias: LayerCheck.numbers(1, 2, seed: 5),
        activation: .tanh,
        inputShape: .sequence(steps: 5, features: 3)),
    ]
    LayerCheck.expectGradients(
      of: gru, input: LayerCheck.numbers(3, 10, seed: 6),
      weights: LayerCheck.numbers(3, 10, seed: 7))
  }
}
