import NNEngine
import NNTestSupport
import Testing

@Suite("long short-term memory (lstm)")
struct LSTMLayerTests {
  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    let (steps, features, units) = (4, 3, 2)
    let layer = LSTMLayer(
      inputWeights: LayerCheck.numbers(features, 4 * units, seed: 1, scale: 0.8),
      recurrentWeights: LayerCheck.numbers(units, 4 * units, seed: 2, scale: 0.6),
      bias: LayerCheck.numbers(1, 4 * units, seed: 3, scale: 0.3), steps: steps, returnsSequences: sequences)
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, steps * features, seed: 4),
      weights: LayerCheck.numbers(2, sequences ? steps * units : units, seed: 5))
  }

  @Test("LSTM(64) on 32 features has 4·(32·64 + 64·64 + 64) = 24,832 parameters (PyTorch: 25,088)")
  func parameterCount() {
    let layer = LSTMLayer(
      number: 1, units: 64, features: 32, steps: 10, returnsSequences: false, initialization: .xavier, seed: 1)
    #expect(layer.parameterCount == 24_832)
    let stored = layer.inputWeights.elements.count + layer.recurrentWeights.elements.count + layer.bias.elements.count
    #expect(layer.parameterCount == stored)
    #expect(layer.parameterCount + 4 * layer.units == 25_088)
    let forgetBiases = Array(layer.bias.elements[64..<128])
    #expect(forgetBiases == Array(repeating: 1, count: 64) && layer.bias.sum == 64, "only the forget gate's biases start at 1")
    #expect(LayerCheck.output(layer, Matrix(rows: 3, columns: 10 * 32), samples: 3).shape == Shape(rows: 3, columns: 64))
  }
}
