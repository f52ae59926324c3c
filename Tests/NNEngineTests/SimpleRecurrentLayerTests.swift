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
    let x = reference.matrix("inputs", "x", rows: 1)
    let pass = LayerCheck.forward(layer, x)
    expectApproximatelyEqual(pass.output, reference.matrix("forward", "output", rows: 1), tolerance: 1e-12, "h")
    let dOutput = reference.matrix("losses", loss, "dL_dy", rows: 1)
    let (dx, gradients) = LayerCheck.backward(layer, x, pass, dOutput)
    let grads = { (name: String, rows: Int) in reference.matrix("losses", loss, "grads", name, rows: rows) }
    expectApproximatelyEqual(gradients["Wx"]!, grads("Wx", 2), tolerance: 1e-12, "dWx")
    expectApproximatelyEqual(gradients["Wh"]!, grads("Wh", 3), tolerance: 1e-12, "dWh")
    expectApproximatelyEqual(gradients["b"]!, grads("b", 1), tolerance: 1e-12, "db")
    expectApproximatelyEqual(dx, reference.matrix("losses", loss, "input_grads", "x", rows: 1), tolerance: 1e-12, "dx")
    let (_, initialState) = layer.throughTime(dOutput, states: pass["h"]!.timeMajor(steps: 3))
    expectApproximatelyEqual(initialState, reference.matrix("losses", loss, "input_grads", "h0", rows: 1), tolerance: 1e-12, "dh0")
  }

  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    let (steps, features, units) = (4, 3, 5)
    let layer = SimpleRecurrentLayer(
      inputWeights: LayerCheck.numbers(features, units, seed: 1, scale: 0.6),
      recurrentWeights: LayerCheck.numbers(units, units, seed: 2, scale: 0.4),
      bias: LayerCheck.numbers(1, units, seed: 3, scale: 0.2), steps: steps, returnsSequences: sequences)
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, steps * features, seed: 4),
      weights: LayerCheck.numbers(2, sequences ? steps * units : units, seed: 5))
  }

  @Test("SimpleRNN(64) on 32 features has 32·64 + 64·64 + 64 = 6,208 parameters (PyTorch's two biases: 6,272)")
  func parameterCount() {
    let layer = SimpleRecurrentLayer(
      number: 1, units: 64, features: 32, steps: 10, returnsSequences: false, initialization: .xavier, seed: 1)
    #expect(layer.parameterCount == 6_208)
    #expect(layer.parameterCount + layer.units == 6_272)
    #expect(layer.outputShape == .features(64))
    #expect(LayerCheck.output(layer, Matrix(rows: 3, columns: 10 * 32), samples: 3).shape == Shape(rows: 3, columns: 64))
  }
}
