/// A fully connected layer: every input is connected to every unit.
///
/// With the batch in rows, the forward pass is `z = x·W + b`, `a = f(z)`: `W` is in×out (column j
/// holds unit j's weights) and `b` is 1×out. Its trainable parameters are the in·out weights and
/// the out biases; the activation `f` has none.
public struct DenseLayer: Equatable, Sendable {
  /// The weights `W`, inputs × units.
  public var weights: Matrix
  /// The biases `b`, 1 × units.
  public var bias: Matrix
  /// The activation `f` applied to `z`.
  public var activation: Activation
  /// A frozen layer keeps its parameters when the network trains (fine-tuning, seed §9.3).
  public var isFrozen = false
  /// A LoRA adapter: when present, W and b stay as they are and only the adapter trains.
  public var adapter: LowRankAdapter?

  public init(weights: Matrix, bias: Matrix, activation: Activation) {
    precondition(bias.rows == 1 && bias.columns == weights.columns, "bias must be 1×units")
    self.weights = weights
    self.bias = bias
    self.activation = activation
  }

  /// The number of inputs each unit reads.
  public var inputWidth: Int { weights.rows }
  /// The number of units, which is the width of the layer's output.
  public var units: Int { weights.columns }
  /// The number of parameters: in·out weights, out biases, and the adapter's if there is one.
  public var parameterCount: Int { weights.rows * weights.columns + bias.columns + (adapter?.parameterCount ?? 0) }

  /// The parameters that training changes: none if frozen, the adapter's alone if adapted.
  public var trainableParameterCount: Int {
    if isFrozen { return 0 }
    return adapter?.parameterCount ?? parameterCount
  }

  /// The weights the layer computes with: W, plus the adapter's change (α/r)·A·B.
  public var effectiveWeights: Matrix { adapter.map { weights + $0.change } ?? weights }

  /// The forward pass: `z = x·W + b` and `a = f(z)`.
  public func forward(_ x: Matrix) -> (z: Matrix, a: Matrix) {
    var (z, a) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    forward(x, z: &z, a: &a)
    return (z, a)
  }

  /// The forward pass into `z` and `a`, reusing their storage from the last step.
  public func forward(_ x: Matrix, z: inout Matrix, a: inout Matrix) {
    z.ensureShape(rows: x.rows, columns: units)
    Matrix.multiply(x, effectiveWeights, into: &z)
    activation.apply(&z, addingBias: bias, into: &a)
  }

  /// The gradients of the layer's parameters, given its input `x` and its delta `δ = ∂J/∂z`:
  /// `∇W = xᵀ·δ` and `∇b = Σrows δ`, written into `weights` and `bias`.
  public func parameterGradients(input x: Matrix, delta: Matrix, weights: inout Matrix, bias: inout Matrix) {
    weights.ensureShape(rows: inputWidth, columns: units)
    Matrix.multiply(x, delta, transposing: .left, into: &weights)
    delta.columnSums(into: &bias)
  }

  /// `∂J/∂x = δ·Wᵀ`: how the loss changes with the layer's input, which the layer below needs.
  /// (The first layer skips it: nothing is below, and it is a quarter of the work.)
  public func inputGradient(delta: Matrix, into gradient: inout Matrix) {
    gradient.ensureShape(rows: delta.rows, columns: inputWidth)
    Matrix.multiply(delta, effectiveWeights, transposing: .right, into: &gradient)
  }
}
