import Foundation
import NNEngine
import NNTestSupport
import Testing

/// Shared pieces of the layer tests: deterministic numbers, a layer's forward and backward pass
/// through the `Layer` protocol, and the comparison with central differences under a loss that
/// isolates the layers' backward passes.
enum LayerCheck {
  /// A rows × columns matrix of numbers in [−scale, scale] from a closed formula, so every test
  /// sees the same numbers without a generator: entry k is scale·sin(1 + 0.7·k + seed).
  static func numbers(_ rows: Int, _ columns: Int, seed: Double, scale: Double = 1) -> Matrix {
    Matrix(
      rows: rows, columns: columns,
      elements: (0..<(rows * columns)).map { scale * sin(1 + 0.7 * Double($0) + seed) })
  }

  /// The weighted loss J = Σ R ⊙ y, whose gradient ∂J/∂y is R: the layer's backward pass alone.
  static func weightedLoss(_ y: Matrix, _ r: Matrix) -> Double {
    zip(y.elements, r.elements).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// Checks `analytic` against the central-difference gradient of `loss` at `point`.
  static func expectGradient(
    _ analytic: Matrix, at point: Matrix, _ comment: Comment, tolerance: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation, of loss: (Matrix) -> Double
  ) {
    let numeric = GradientCheck.numericGradient(at: point, of: loss)
    expectApproximatelyEqual(
      analytic, numeric, tolerance: tolerance, comment, sourceLocation: sourceLocation)
  }

  /// The forward pass of `layer` on `x`.
  static func forward(_ layer: any Layer, _ x: Matrix) -> LayerPass {
    var pass = LayerPass(names: layer.passNames)
    layer.forward(x, into: &pass)
    return pass
  }

  /// The output of `layer` on the n samples of `x`, a row per sample.
  static func output(_ layer: any Layer, _ x: Matrix, samples n: Int) -> Matrix {
    let output = forward(layer, x).output
    return output.reshaped(rows: n, columns: output.elements.count / n)
  }

  /// The backward pass from ∂J/∂y = `dOutput`: ∂J/∂x (a row per sample) and each parameter's
  /// gradient by name.
  static func backward(_ layer: any Layer, _ x: Matrix, _ pass: LayerPass, _ dOutput: Matrix)
    -> (input: Matrix, parameters: [String: Matrix])
  {
    var gradients = LayerGradients()
    // as the loss gives it
    gradients.delta = dOutput.reshaped(rows: pass.output.rows, columns: pass.output.columns)
    var dx: Matrix? = Matrix(rows: 0, columns: 0)
    layer.backward(
      input: x, pass: pass, gradients: &gradients, deltaIsPreActivation: false, inputGradient: &dx)
    let names = layer.parameters.map(\.name)
    let input = dx ?? Matrix(rows: 0, columns: 0)
    return (
      input.reshaped(rows: x.rows, columns: input.elements.count / max(x.rows, 1)),
      Dictionary(uniqueKeysWithValues: zip(names, gradients.parameters))
    )
  }

  /// The output of a stack of layers, each reading the one before.
  static func output(of layers: [any Layer], _ x: Matrix) -> Matrix {
    let output = layers.reduce(x) { input, layer in forward(layer, input).output }
    return output.reshaped(rows: x.rows, columns: output.elements.count / x.rows)
  }

  /// Checks every parameter's gradient and the input's, through the whole stack (a single layer
  /// is a stack of one), against central differences of J = Σ R ⊙ y.
  static func expectGradients(
    of layers: [any Layer], input x: Matrix, weights r: Matrix, tolerance: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    // Forward, keeping every layer's pass; then backward from R, layer by layer.
    var inputs = [x]
    var passes: [LayerPass] = []
    for layer in layers {
      passes.append(forward(layer, inputs[inputs.count - 1]))
      inputs.append(passes[passes.count - 1].output)
    }
    var dOutput = r
    var analytic: [[String: Matrix]] = Array(repeating: [:], count: layers.count)
    for l in layers.indices.reversed() {
      let (dx, parameters) = backward(layers[l], inputs[l], passes[l], dOutput)
      (dOutput, analytic[l]) = (dx, parameters)
    }
    func loss(_ probe: [any Layer], _ input: Matrix) -> Double {
      weightedLoss(output(of: probe, input), r)
    }
    for (l, layer) in layers.enumerated() {
      for (index, parameter) in layer.parameters.enumerated() {
        let numeric = GradientCheck.numericGradient(at: parameter.value) { value in
          var probe = layers
          var changed = probe[l]
          changed.updateParameter(at: index) { $0 = value }
          probe[l] = changed
          return loss(probe, x)
        }
        guard let gradient = analytic[l][parameter.name] else {
          Issue.record(
            "layer \(l + 1) gave no gradient for \(parameter.name)", sourceLocation: sourceLocation)
          continue
        }
        expectApproximatelyEqual(
          gradient, numeric, tolerance: tolerance,
          "d\(parameter.name) of layer \(l + 1), \(layer)", sourceLocation: sourceLocation)
      }
    }
    let numeric = GradientCheck.numericGradient(at: x) { input in loss(layers, input) }
    expectApproximatelyEqual(
      dOutput, numeric, tolerance: tolerance, "dx", sourceLocation: sourceLocation)
  }
}
