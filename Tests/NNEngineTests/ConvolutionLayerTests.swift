import NNEngine
import NNTestSupport
import Testing

@Suite("Convolution layers (conv1d, conv2d)")
struct ConvolutionLayerTests {
  @Test("conv1d reproduces JAX, PyTorch and NumPy to 1e-12", arguments: ["weighted", "mse"])
  func conv1dReference(_ loss: String) throws {
    let reference = try #require(
      LayerReference("conv1d"), "fixture reference-layers.json is missing")
    // Kernel 3, 2 → 3 channels, valid, stride 1, on 6 steps; Keras's (3, 2, 3) kernel read flat is K.
    let geometry = ConvolutionGeometry(
      height: 1, width: 6, channels: 2, windowHeight: 1, windowWidth: 3)
    let layer = ConvolutionLayer(
      kernel: reference.matrix("params", "kernel", rows: 6),
      bias: reference.matrix("params", "bias", rows: 1),
      activation: .linear, geometry: geometry, readsSequence: true)
    let x = reference.matrix("inputs", "x", rows: 1)
    let pass = LayerCheck.forward(layer, x)
    expectApproximatelyEqual(
      LayerCheck.output(layer, x, samples: 1), reference.matrix("forward", "output", rows: 1),
      tolerance: 1e-12, "y")
    let (dx, gradients) = LayerCheck.backward(
      layer, x, pass, reference.matrix("losses", loss, "dL_dy", rows: 1))
    expectApproximatelyEqual(
      gradients["K"]!, reference.matrix("losses", loss, "grads", "kernel", rows: 6),
      tolerance: 1e-12, "dK")
    expectApproximatelyEqual(
      gradients["b"]!, reference.matrix("losses", loss, "grads", "bias", rows: 1), tolerance: 1e-12,
      "db")
    expectApproximatelyEqual(
      dx, reference.matrix("losses", loss, "input_grads", "x", rows: 1), tolerance: 1e-12, "dx")
    #expect(
      layer.inputShape == .sequence(steps: 6, features: 2)
        && layer.outputShape == .sequence(steps: 4, features: 3))
    #expect(layer.description == "conv1d 3 kernel 3 linear")
  }

  @Test("im2col and one product give the formula's sums, padding zeros included")
  func forwardIsTheFormula() {
    // 4×3 images, 2 channels, 3×3 windows, stride 2, same padding: 2×2 outputs, zeros all round.
    let geometry = ConvolutionGeometry(
      height: 4, width: 3, channels: 2, windowHeight: 3, windowWidth: 3, stride: 2, padding: .same)
    let layer = ConvolutionLayer(
      kernel: LayerCheck.numbers(18, 2, seed: 1), bias: LayerCheck.numbers(1, 2, seed: 2),
      activation: .linear, geometry: geometry)
    let x = LayerCheck.numbers(2, 24, seed: 3)
    let output = LayerCheck.output(layer, x, samples: 2)
    #expect(output.shape == Shape(rows: 2, columns: 2 * 2 * 2))
    // TensorFlow's 'same': total padding (2−1)·2 + 3 − 4 = 1 row (below) and (2−1)·2 + 3 − 3 = 2 columns (one each side).
    let (top, left) = (0, 1)
    for s in 0..<2 {
      for oy in 0..<2 {
        for ox in 0..<2 {
          for o in 0..<2 {
            var sum = layer.bias[0, o]
            for ky in 0..<3 {
              for kx in 0..<3 {
                let (y, xx) = (oy * 2 + ky - top, ox * 2 + kx - left)
                guard (0..<4).contains(y) && (0..<3).contains(xx) else { continue }
                for c in 0..<2 {
                  sum += x[s, (y * 3 + xx) * 2 + c] * layer.kernel[(ky * 3 + kx) * 2 + c, o]
                }
              }
            }
            #expect(isApproximatelyEqual(output[s, (oy * 2 + ox) * 2 + o], sum, tolerance: 1e-14))
          }
        }
      }
    }
  }

  static let geometries: [ConvolutionGeometry] = [
    ConvolutionGeometry(height: 5, width: 4, channels: 2, windowHeight: 3, windowWidth: 3),
    ConvolutionGeometry(
      height: 5, width: 4, channels: 2, windowHeight: 3, windowWidth: 3, stride: 2, padding: .same),
    ConvolutionGeometry(
      height: 1, width: 7, channels: 3, windowHeight: 1, windowWidth: 3, stride: 2, padding: .same),
  ]

  @Test("every gradient agrees with central differences", arguments: geometries)
  func gradientCheck(_ geometry: ConvolutionGeometry) {
    let layer = ConvolutionLayer(
      kernel: LayerCheck.numbers(geometry.windowSize, 3, seed: 4, scale: 0.5),
      bias: LayerCheck.numbers(1, 3, seed: 5),
      activation: .tanh, geometry: geometry, readsSequence: geometry.height == 1)
    let outputs = geometry.outputHeight * geometry.outputWidth * 3
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, geometry.inputSize, seed: 6),
      weights: LayerCheck.numbers(2, outputs, seed: 7))
  }

  @Test("Keras's counts and shapes: Conv2D(32, 3×3) on 3 channels has 3·3·3·32 + 32 = 896")
  func countsAndShapes() {
    let geometry = ConvolutionGeometry(
      height: 28, width: 28, channels: 3, windowHeight: 3, windowWidth: 3)
    let layer = ConvolutionLayer(
      number: 1, filters: 32, geometry: geometry, activation: .relu, initialization: .he, seed: 1)
    #expect(layer.parameterCount == 896)
    #expect(layer.outputShape == .image(height: 26, width: 26, channels: 32))
    #expect(layer.description == "conv2d 32 3×3 relu")
    var strided = geometry
    (strided.stride, strided.padding) = (2, .same)
    #expect((strided.outputHeight, strided.outputWidth) == (14, 14))
    let tooLarge = ConvolutionGeometry(
      height: 3, width: 3, channels: 1, windowHeight: 5, windowWidth: 5)
    #expect(!tooLarge.fits)
  }
}
