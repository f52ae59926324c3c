import NNEngine
import NNTestSupport
import Testing

@Suite("Simple recurrent layer (rnn)")
struct SimpleRecurrentLayerTests {
  @Test("reproduces JAX, PyTorch and NumPy to 1e-12", arguments: ["weighted", "mse"])
  func reference(_ loss: String) throws {
    let reference = try #require(
      LayerReference("simple_rnn"), "fixture reference-layers.json is missing")
    #expect(reference.numbers("inputs", "h0") == [0, 0, 0], "nnrepl starts from h_0 = 0")
    let layer = SimpleRecurrentLayer(
      inputWeights: reference.matrix("params", "Wx", rows: 2),
      recurrentWeights: reference.matrix("params", "Wh", rows: 3),
      bias: reference.matrix("params", "b", rows: 1), steps: 3, returnsSequences: true)
    let x = reference.matrix("inputs", "x", rows: 1)
    let pass = LayerCheck.forward(layer, x)
    expectApproximatelyEqual(
      pass.output, reference.matrix("forward", "output", rows: 1), tolerance: 1e-12, "h")
    let dOutput = reference.matrix("losses", loss, "dL_dy", rows: 1)
    let (dx, gradients) = LayerCheck.backward(layer, x, pass, dOutput)
    let grads = { (name: String, rows: Int) in
      reference.matrix("losses", loss, "grads", name, rows: rows)
    }
    expectApproximatelyEqual(gradients["Wx"]!, grads("Wx", 2), tolerance: 1e-12, "dWx")
    expectApproximatelyEqual(gradients["Wh"]!, grads("Wh", 3), tolerance: 1e-12, "dWh")
    expectApproximatelyEqual(gradients["b"]!, grads("b", 1), tolerance: 1e-12, "db")
    expectApproximatelyEqual(
      dx, reference.matrix("losses", loss, "input_grads", "x", rows: 1), tolerance: 1e-12, "dx")
    let initialState = layer.initialStateGradient(input: x, pass: pass, dOutput: dOutput)
    expectApproximatelyEqual(
      initialState, reference.matrix("losses", loss, "input_grads", "h0", rows: 1),
      tolerance: 1e-12, "dh0")
  }

  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    RecurrentLayerCheck.expectGradients(
      SimpleRecurrentCell.self, units: 5, sequences: sequences, scales: (0.6, 0.4, 0.2))
  }

  @Test(
    "SimpleRNN(64) on 32 features has 32·64 + 64·64 + 64 = 6,208 parameters (PyTorch's two biases: 6,272)"
  )
  func parameterCount() {
    let layer = RecurrentLayerCheck.layer64(SimpleRecurrentCell.self)
    #expect(layer.parameterCount == 6_208)
    #expect(layer.parameterCount + layer.units == 6_272)
  }
}
