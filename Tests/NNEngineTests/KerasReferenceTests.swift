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
    try #require(
      LayerReference(name, file: "keras-layers.json"),
      "fixture keras-layers.json is missing \(name)")
  }

  /// Checks a layer's output, its parameters' gradients (by Keras's names) and the input's.
  static func check(_ layer: any Layer, _ reference: LayerReference, kerasNames: [String: String]) {
    let x = reference.matrix("x", rows: 2)
    let pass = LayerCheck.forward(layer, x)
    expectApproximatelyEqual(
      LayerCheck.output(layer, x, samples: 2), reference.matrix("output", rows: 2),
      tolerance: 1e-12, "y")
    let (dx, gradients) = LayerCheck.backward(layer, x, pass, reference.matrix("R", rows: 2))
    let kerasGradients = reference.entries["grads"] as? [String: Any] ?? [:]
    #expect(kerasGradients.count == gradients.count)
    for (name, kerasName) in kerasNames {
      let gradient = gradients[name] ?? Matrix(rows: 0, columns: 0)
      expectApproximatelyEqual(
        gradient, reference.matrix("grads", kerasName, rows: gradient.rows), tolerance: 1e-12,
        "d\(name)")
    }
    expectApproximatelyEqual(dx, reference.matrix("dx", rows: 2), tolerance: 1e-12, "dx")
  }

  /// Checks a layer of `Cell` with Keras's kernel, recurrent kernel and bias: 4 steps of 3
  /// features, 2 units.
  static func checkRecurrent<Cell: RecurrentCell>(
    _ cell: Cell.Type, _ reference: LayerReference, sequences: Bool
  ) {
    let layer = RecurrentLayer<Cell>(
      inputWeights: reference.matrix("params", "kernel", rows: 3),
      recurrentWeights: reference.matrix("params", "recurrent_kernel", rows: 2),
      bias: reference.matrix("params", "bias", rows: Cell.biasRows), steps: 4,
      returnsSequences: sequences)
    check(layer, reference, kerasNames: ["Wx": "kernel", "Wh": "recurrent_kernel", "b": "bias"])
  }

  @Test("LSTM: gates in the order i, f, c, o", arguments: ["lstm", "lstm_last"])
  func lstm(_ name: String) throws {
    Self.checkRecurrent(LSTMCell.self, try Self.reference(name), sequences: name == "lstm")
  }

  @Test("GRU: gates in the order z, r, h, reset after the recurrent product, b 2 × 3H")
  func gru() throws {
    Self.checkRecurrent(GRUCell.self, try Self.reference("gru"), sequences: true)
  }

  @Test("SimpleRNN: the last step's output")
  func simpleRNN() throws {
    Self.checkRecurrent(
      SimpleRecurrentCell.self, try Self.reference("simple_rnn_last"), sequences: false)
  }

  static let convolutions: [(name: String, geometry: ConvolutionGeometry)] = [
    (
      "conv2d",
      ConvolutionGeometry(
        height: 5, width: 4, channels: 2, windowHeight: 3, windowWidth: 3, stride: 2, padding: .same
      )
    ),
    (
      "conv1d_same",
      ConvolutionGeometry(
        height: 1, width: 7, channels: 3, windowHeight: 1, windowWidth: 3, stride: 2, padding: .same
      )
    ),
  ]

  @Test(
    "Conv2D and Conv1D: kernel rows in (row, column, channel) order, TensorFlow's 'same' padding",
    arguments: [0, 1])
  func convolution(_ index: Int) throws {
    let (name, geometry) = Self.convolutions[index]
    let reference = try Self.reference(name)
    let layer = ConvolutionLayer(
      kernel: reference.matrix("params", "kernel", rows: geometry.windowSize),
      bias: reference.matrix("params", "bias", rows: 1),
      activation: .tanh, geometry: geometry, readsSequence: index == 1)
    Self.check(layer, reference, kerasNames: ["K": "kernel", "b": "bias"])
  }

  static let poolings: [(name: String, layer: PoolingLayer)] = [
    ("maxpool2d", PoolingLayer(.max, height: 5, width: 4, channels: 2, window: 2)),
    ("avgpool2d", PoolingLayer(.average, height: 5, width: 4, channels: 2, window: 2)),
    (
      "maxpool1d",
      PoolingLayer(.max, height: 1, width: 7, channels: 3, window: 2, readsSequence: true)
    ),
  ]

  @Test(
    "MaxPooling2D, AveragePooling2D and MaxPooling1D: windows that stop at the edge",
    arguments: [0, 1, 2])
  func pooling(_ index: Int) throws {
    let (name, layer) = Self.poolings[index]
    Self.check(layer, try Self.reference(name), kerasNames: [:])
  }
}
