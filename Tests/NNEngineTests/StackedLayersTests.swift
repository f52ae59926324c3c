import NNEngine
import NNTestSupport
import Testing

/// Layers of different kinds chained by hand, each backward pass feeding the one below: the
/// gradients of the whole stack still agree with central differences.
@Suite("Stacked layers")
struct StackedLayersTests {
  /// The backward pass of a dense layer, as Network+Backprop.swift does it: δ = dA ⊙ f′(z).
  static func denseBackward(_ layer: DenseLayer, input: Matrix, z: Matrix, a: Matrix, dOutput: Matrix)
    -> (input: Matrix, weights: Matrix, bias: Matrix)
  {
    var delta = dOutput
    layer.activation.backpropagate(&delta, z: z, a: a)
    var (weights, bias, dx) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    layer.parameterGradients(input: input, delta: delta, weights: &weights, bias: &bias)
    layer.inputGradient(delta: delta, into: &dx)
    return (dx, weights, bias)
  }

  struct ConvolutionalStack {
    var convolution = ConvolutionLayer(
      kernel: LayerCheck.numbers(9, 2, seed: 1, scale: 0.7), bias: LayerCheck.numbers(1, 2, seed: 2, scale: 0.2), activation: .tanh,
      geometry: ConvolutionGeometry(height: 6, width: 6, channels: 1, windowHeight: 3, windowWidth: 3))
    let pooling = PoolingLayer(.max, height: 4, width: 4, channels: 2, windowHeight: 2, windowWidth: 2)
    let flatten = FlattenLayer(inputShape: [2, 2, 2])
    var dense = DenseLayer(weights: LayerCheck.numbers(8, 3, seed: 3, scale: 0.5), bias: LayerCheck.numbers(1, 3, seed: 4), activation: .linear)

    func output(_ x: Matrix) -> Matrix {
      dense.forward(flatten.forward(pooling.forward(convolution.forward(x).output))).a
    }
  }

  @Test("conv2d → maxpool → flatten → dense")
  func convolutionPoolingFlattenDense() {
    let stack = ConvolutionalStack()
    let x = LayerCheck.numbers(3, 36, seed: 5)
    let r = LayerCheck.numbers(3, 3, seed: 6)
    // Forward, keeping every layer's cache.
    let convolution = stack.convolution.forward(x)
    let pooling = stack.pooling.forward(convolution.output)
    let flat = stack.flatten.forward(pooling)
    let (z, a) = stack.dense.forward(flat)
    // Backward, from the loss Σ R ⊙ y down to the input.
    let dense = Self.denseBackward(stack.dense, input: flat, z: z, a: a, dOutput: r)
    let dPooled = stack.flatten.backward(dense.input)
    let dConvolved = stack.pooling.backward(dPooled, input: convolution.output)
    let (dx, gradients) = stack.convolution.backward(dConvolved, cache: convolution)

    func loss(_ change: (inout ConvolutionalStack) -> Void, input: Matrix = x) -> Double {
      var probe = stack
      change(&probe)
      return LayerCheck.weightedLoss(probe.output(input), r)
    }
    LayerCheck.expectGradient(gradients.kernel, at: stack.convolution.kernel, "dK") { k in loss { $0.convolution.kernel = k } }
    LayerCheck.expectGradient(gradients.bias, at: stack.convolution.bias, "db conv") { b in loss { $0.convolution.bias = b } }
    LayerCheck.expectGradient(dense.weights, at: stack.dense.weights, "dW") { w in loss { $0.dense.weights = w } }
    LayerCheck.expectGradient(dense.bias, at: stack.dense.bias, "db dense") { b in loss { $0.dense.bias = b } }
    LayerCheck.expectGradient(dx, at: x, "dx") { input in loss({ _ in }, input: input) }
  }

  struct RecurrentStack {
    var lstm = LSTMLayer(
      inputWeights: LayerCheck.numbers(2, 12, seed: 1, scale: 0.7), recurrentWeights: LayerCheck.numbers(3, 12, seed: 2, scale: 0.5),
      bias: LayerCheck.numbers(1, 12, seed: 3, scale: 0.3), steps: 5, returnsSequences: false)
    var dense = DenseLayer(weights: LayerCheck.numbers(3, 2, seed: 4), bias: LayerCheck.numbers(1, 2, seed: 5), activation: .sigmoid)

    func output(_ x: Matrix) -> Matrix { dense.forward(lstm.forward(x).output).a }
  }

  @Test("lstm → dense")
  func lstmDense() {
    let stack = RecurrentStack()
    let x = LayerCheck.numbers(3, 10, seed: 6)
    let r = LayerCheck.numbers(3, 2, seed: 7)
    let lstm = stack.lstm.forward(x)
    let (z, a) = stack.dense.forward(lstm.output)
    let dense = Self.denseBackward(stack.dense, input: lstm.output, z: z, a: a, dOutput: r)
    let (dx, gradients) = stack.lstm.backward(dense.input, cache: lstm)

    func loss(_ change: (inout RecurrentStack) -> Void, input: Matrix = x) -> Double {
      var probe = stack
      change(&probe)
      return LayerCheck.weightedLoss(probe.output(input), r)
    }
    LayerCheck.expectGradient(gradients.inputWeights, at: stack.lstm.inputWeights, "dWx") { w in loss { $0.lstm.inputWeights = w } }
    LayerCheck.expectGradient(gradients.recurrentWeights, at: stack.lstm.recurrentWeights, "dWh") { w in loss { $0.lstm.recurrentWeights = w } }
    LayerCheck.expectGradient(gradients.bias, at: stack.lstm.bias, "db lstm") { b in loss { $0.lstm.bias = b } }
    LayerCheck.expectGradient(dense.weights, at: stack.dense.weights, "dW") { w in loss { $0.dense.weights = w } }
    LayerCheck.expectGradient(dx, at: x, "dx") { input in loss({ _ in }, input: input) }
  }
}
