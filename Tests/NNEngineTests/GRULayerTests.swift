import NNEngine
import NNTestSupport
import Testing

@Suite("gated recurrent unit (gru)")
struct GRULayerTests {
  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    let (steps, features, units) = (4, 3, 2)
    let layer = GRULayer(
      inputWeights: LayerCheck.numbers(features, 3 * units, seed: 1, scale: 0.8),
      recurrentWeights: LayerCheck.numbers(units, 3 * units, seed: 2, scale: 0.6),
      bias: LayerCheck.numbers(2, 3 * units, seed: 3, scale: 0.3), steps: steps, returnsSequences: sequences)
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, steps * features, seed: 4),
      weights: LayerCheck.numbers(2, sequences ? steps * units : units, seed: 5))
  }

  @Test("GRU(64) on 32 features has 3·(32·64 + 64·64 + 2·64) = 18,816 parameters (PyTorch the same)")
  func parameterCount() {
    let layer = GRULayer(
      number: 1, units: 64, features: 32, steps: 10, returnsSequences: false, initialization: .xavier, seed: 1)
    #expect(layer.parameterCount == 18_816)
    let stored = layer.inputWeights.elements.count + layer.recurrentWeights.elements.count + layer.bias.elements.count
    #expect(layer.parameterCount == stored)
    // PyTorch's nn.GRU(32, 64): weight_ih 192×32, weight_hh 192×64, bias_ih and bias_hh of 192.
    let (gates, features, units): (Int, Int, Int) = (3, 32, 64)
    let pytorch = gates * units * features + gates * units * units + 2 * gates * units
    #expect(layer.parameterCount == pytorch)
    #expect(LayerCheck.output(layer, Matrix(rows: 3, columns: 10 * 32), samples: 3).shape == Shape(rows: 3, columns: 64))
  }
}
