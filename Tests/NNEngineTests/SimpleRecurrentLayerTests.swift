import NNEngine
import NNTestSupport
import Testing

@Suite("Simple recurrent layer (rnn)")
struct SimpleRecurrentLayerTests {
  @Test("reproduces JAX, PyTorch and NumPy to 1e-12", arguments: ["weighted", "mse"])
  func reference(_ loss: String) throws {
    let reference = try #require(LayerReference("simple_rnn"), "fixture reference-layers.json is missing")
    #expect(reference.numbers("inputs", "h0") == [0, 0, 0], "nnrepl starts from h_0 = 0")
    let layer = SimpleRecurrentLayer(
      inputWeights: reference.matrix("params", "Wx", rows: 2), recurrentWeights: reference.matrix("params", "Wh", rows: 3),
      bias: reference.matrix("params", "b", rows: 1), steps: 3, returnsSequences: true)
    let cache = layer.forward(reference.matrix("inputs", "x", rows: 1))
    expectApproximatelyEqual(cache.output, reference.matrix("forward", "output", rows: 1), tolerance: 1e-12, "h")
    let (dx, gradients) = layer.backward(reference.matrix("losses", loss, "dL_dy", rows: 1), cache: cache)
    let grads = { (name: String, rows: Int) in reference.matrix("losses", loss, "grads", name, rows: rows) }
    expectApproximatelyEqual(gradients.inputWeights, grads("Wx", 2), tolerance: 1e-12, "dWx")
    expectApproximatelyEqual(gradients.recurrentWeights, grads("Wh", 3), tolerance: 1e-12, "dWh")
    expectApproximatelyEqual(gradients.bias, grads("b", 1), tolerance: 1e-12, "db")
    expectApproximatelyEqual(dx, reference.matrix("losses", loss, "input_grads", "x", rows: 1), tolerance: 1e-12, "dx")
    expectApproximatelyEqual(
      gradients.initialState, reference.matrix("losses", loss, "input_grads", "h0", rows: 1), tolerance: 1e-12, "dh0")
  }

  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    let (steps, features, units) = (4, 3, 5)
    let layer = SimpleRecurrentLayer(
      inputWeights: LayerCheck.numbers(features, units, seed: 1, scale: 0.6),
      recurrentWeights: LayerCheck.numbers(units, units, seed: 2, scale: 0.4),
      bias: LayerCheck.numbers(1, units, seed: 3, scale: 0.2), steps: steps, returnsSequences: sequences)
    let x = LayerCheck.numbers(2, steps * features, seed: 4)
    let r = LayerCheck.numbers(2, sequences ? steps * units : units, seed: 5)
    let (dx, gradients) = layer.backward(r, cache: layer.forward(x))
    func loss(_ change: (inout SimpleRecurrentLayer) -> Void, input: Matrix = x) -> Double {
      var probe = layer
      change(&probe)
      return LayerCheck.weightedLoss(probe.forward(input).output, r)
    }
    LayerCheck.expectGradient(gradients.inputWeights, at: layer.inputWeights, "dWx") { w in loss { $0.inputWeights = w } }
    LayerCheck.expectGradient(gradients.recurrentWeights, at: layer.recurrentWeights, "dWh") { w in loss { $0.recurrentWeights = w } }
    LayerCheck.expectGradient(gradients.bias, at: layer.bias, "db") { b in loss { $0.bias = b } }
    LayerCheck.expectGradient(dx, at: x, "dx") { input in loss({ _ in }, input: input) }
  }

  @Test("SimpleRNN(64) on 32 features has 32·64 + 64·64 + 64 = 6,208 parameters (PyTorch's two biases: 6,272)")
  func parameterCount() {
    var generator = SeededGenerator(seed: 1)
    let layer = SimpleRecurrentLayer(
      units: 64, features: 32, steps: 10, returnsSequences: false, initialization: .xavier, using: &generator)
    #expect(layer.parameterCount == 6_208)
    #expect(layer.parameterCount + layer.units == 6_272)
    #expect(layer.forward(Matrix(rows: 3, columns: 10 * 32)).output.shape == Shape(rows: 3, columns: 64))
  }
}
