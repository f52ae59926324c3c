import NNEngine
import NNTestSupport
import Testing

/// The layers against Keras 3's own (`Fixtures/keras-layers.json`, written by `keras-layers.py`
/// with the JAX backend in float64): Keras fixes the conventions nnrepl follows, so agreement to
/// 1e-12 checks the layouts (gate order, kernel order, 'same' padding) as well as the numbers.
/// Each case has a batch of two; the loss is Σ R ⊙ y.
@Suite("Layers against Keras")
struct KerasReferenceTests {
  static func reference(_ name: String) throws -> LayerReference {
    try #require(LayerReference(name, file: "keras-layers.json"), "fixture keras-layers.json is missing \(name)")
  }

  /// Checks a recurrent layer's output, its three parameter gradients and the input gradient.
  static func checkRecurrent(
    _ reference: LayerReference, output: Matrix,
    backward: (Matrix) -> (input: Matrix, weights: Matrix, recurrent: Matrix, bias: Matrix)
  ) {
    expectApproximatelyEqual(output, reference.matrix("output", rows: 2), tolerance: 1e-12, "y")
    let (dx, dWx, dWh, db) = backward(reference.matrix("R", rows: 2))
    let grads = reference.entries["grads"] as? [String: Any] ?? [:]
    #expect(grads.count == 3)
    expectApproximatelyEqual(dWx, reference.matrix("grads", "kernel", rows: dWx.rows), tolerance: 1e-12, "dWx")
    expectApproximatelyEqual(dWh, reference.matrix("grads", "recurrent_kernel", rows: dWh.rows), tolerance: 1e-12, "dWh")
    expectApproximatelyEqual(db, reference.matrix("grads", "bias", rows: db.rows), tolerance: 1e-12, "db")
    expectApproximatelyEqual(dx, reference.matrix("dx", rows: 2), tolerance: 1e-12, "dx")
  }

  @Test("LSTM: gates in the order i, f, c, o", arguments: ["lstm", "lstm_last"])
  func lstm(_ name: String) throws {
    let reference = try Self.reference(name)
    let layer = LSTMLayer(
      inputWeights: reference.matrix("params", "kernel", rows: 3), recurrentWeights: reference.matrix("params", "recurrent_kernel", rows: 2),
      bias: reference.matrix("params", "bias", rows: 1), steps: 4, returnsSequences: name == "lstm")
    let cache = layer.forward(reference.matrix("x", rows: 2))
    Self.checkRecurrent(reference, output: cache.output) { r in
      let (dx, g) = layer.backward(r, cache: cache)
      return (dx, g.inputWeights, g.recurrentWeights, g.bias)
    }
  }

  @Test("GRU: gates in the order z, r, h, reset after the recurrent product, b 2 × 3H")
  func gru() throws {
    let reference = try Self.reference("gru")
    let layer = GRULayer(
      inputWeights: reference.matrix("params", "kernel", rows: 3), recurrentWeights: reference.matrix("params", "recurrent_kernel", rows: 2),
      bias: reference.matrix("params", "bias", rows: 2), steps: 4, returnsSequences: true)
    let cache = layer.forward(reference.matrix("x", rows: 2))
    Self.checkRecurrent(reference, output: cache.output) { r in
      let (dx, g) = layer.backward(r, cache: cache)
      return (dx, g.inputWeights, g.recurrentWeights, g.bias)
    }
  }

  @Test("SimpleRNN: the last step's output")
  func simpleRNN() throws {
    let reference = try Self.reference("simple_rnn_last")
    let layer = SimpleRecurrentLayer(
      inputWeights: reference.matrix("params", "kernel", rows: 3), recurrentWeights: reference.matrix("params", "recurrent_kernel", rows: 2),
      bias: reference.matrix("params", "bias", rows: 1), steps: 4, returnsSequences: false)
    let cache = layer.forward(reference.matrix("x", rows: 2))
    Self.checkRecurrent(reference, output: cache.output) { r in
      let (dx, g) = layer.backward(r, cache: cache)
      return (dx, g.inputWeights, g.recurrentWeights, g.bias)
    }
  }

  static let convolutions: [(name: String, geometry: ConvolutionGeometry)] = [
    ("conv2d", ConvolutionGeometry(height: 5, width: 4, channels: 2, windowHeight: 3, windowWidth: 3, stride: 2, padding: .same)),
    ("conv1d_same", ConvolutionGeometry(height: 1, width: 7, channels: 3, windowHeight: 1, windowWidth: 3, stride: 2, padding: .same)),
  ]

  @Test("Conv2D and Conv1D: kernel rows in (row, column, channel) order, TensorFlow's 'same' padding", arguments: [0, 1])
  func convolution(_ index: Int) throws {
    let (name, geometry) = Self.convolutions[index]
    let reference = try Self.reference(name)
    let layer = ConvolutionLayer(
      kernel: reference.matrix("params", "kernel", rows: geometry.windowSize), bias: reference.matrix("params", "bias", rows: 1),
      activation: .tanh, geometry: geometry)
    let cache = layer.forward(reference.matrix("x", rows: 2))
    expectApproximatelyEqual(cache.output, reference.matrix("output", rows: 2), tolerance: 1e-12, "y")
    let (dx, gradients) = layer.backward(reference.matrix("R", rows: 2), cache: cache)
    expectApproximatelyEqual(gradients.kernel, reference.matrix("grads", "kernel", rows: geometry.windowSize), tolerance: 1e-12, "dK")
    expectApproximatelyEqual(gradients.bias, reference.matrix("grads", "bias", rows: 1), tolerance: 1e-12, "db")
    expectApproximatelyEqual(dx, reference.matrix("dx", rows: 2), tolerance: 1e-12, "dx")
  }

  static let poolings: [(name: String, layer: PoolingLayer)] = [
    ("maxpool2d", PoolingLayer(.max, height: 5, width: 4, channels: 2, windowHeight: 2, windowWidth: 2)),
    ("avgpool2d", PoolingLayer(.average, height: 5, width: 4, channels: 2, windowHeight: 2, windowWidth: 2)),
    ("maxpool1d", PoolingLayer(.max, height: 1, width: 7, channels: 3, windowHeight: 1, windowWidth: 2)),
  ]

  @Test("MaxPooling2D, AveragePooling2D and MaxPooling1D: windows that stop at the edge", arguments: [0, 1, 2])
  func pooling(_ index: Int) throws {
    let (name, layer) = Self.poolings[index]
    let reference = try Self.reference(name)
    let x = reference.matrix("x", rows: 2)
    expectApproximatelyEqual(layer.forward(x), reference.matrix("output", rows: 2), tolerance: 1e-12, "y")
    expectApproximatelyEqual(layer.backward(reference.matrix("R", rows: 2), input: x), reference.matrix("dx", rows: 2), tolerance: 1e-12, "dx")
  }
}
