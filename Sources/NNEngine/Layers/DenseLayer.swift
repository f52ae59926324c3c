/// A fully connected layer: every input is connected to every unit.
///
/// With the batch in rows, the forward pass is `z = x·W + b`, `a = f(z)`: `W` is in×out (column j
/// holds unit j's weights) and `b` is 1×out. Its trainable parameters are the in·out weights and
/// the out biases; the activation `f` has none. On a sequence it is applied to every position
/// alike, as Keras does: the T positions of each sample are T rows of x.
public struct DenseLayer: Layer, LowRankAdaptable {
  public static let kind = "dense"
  /// The weights `W`, inputs × units.
  public var weights: Matrix
  /// The biases `b`, 1 × units.
  public var bias: Matrix
  /// The activation `f` applied to `z`.
  public var activation: Activation
  public var isFrozen = false
  /// A LoRA adapter: when present, W and b stay as they are and only the adapter trains.
  public var adapter: LowRankAdapter?
  public let inputShape: SampleShape

  /// A layer on samples of `inputShape`: its features, or each position's features.
  public init(weights: Matrix, bias: Matrix, activation: Activation, inputShape: SampleShape? = nil)
  {
    precondition(bias.rows == 1 && bias.columns == weights.columns, "bias must be 1×units")
    self.weights = weights
    self.bias = bias
    self.activation = activation
    self.inputShape = inputShape ?? .features(weights.rows)
    precondition(self.inputShape.featuresPerPosition == weights.rows, "W must have a row per input")
  }

  /// Layer number `number`'s weights, drawn with `initialization` from the seed's own stream for
  /// that number, so the same seed always gives the same layer whatever came before it.
  public init(
    number: Int, inputShape: SampleShape, units: Int, activation: Activation,
    initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let inputs = inputShape.featuresPerPosition
    self.init(
      weights: initialization.weights(fanIn: inputs, fanOut: units, using: &generator),
      bias: Matrix(rows: 1, columns: units), activation: activation, inputShape: inputShape)
  }

  /// The number of inputs each unit reads.
  public var inputWidth: Int { weights.rows }
  /// The number of units, which is the width of the layer's output.
  public var units: Int { weights.columns }

  public var outputShape: SampleShape {
    if case .sequence(let steps, _) = inputShape { return .sequence(steps: steps, features: units) }
    return .features(units)
  }

  /// `dense 4 tanh`.
  public var description: String { "dense \(units) \(activation.rawValue)" }

  /// W and b, then an adapter's A and B; under an adapter only A and B train.
  public var parameters: [LayerParameter] {
    var list = [
      LayerParameter(name: "W", value: weights, isTrainable: !isFrozen && adapter == nil),
      LayerParameter(name: "b", value: bias, isTrainable: !isFrozen && adapter == nil),
    ]
    if let adapter {
      list += [
        LayerParameter(name: "A", value: adapter.down, isTrainable: !isFrozen),
        LayerParameter(name: "B", value: adapter.up, isTrainable: !isFrozen),
      ]
    }
    return list
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&weights)
    case 1: body(&bias)
    case 2: adapter.update { body(&$0.down) }
    default: adapter.update { body(&$0.up) }
    }
  }

  /// W (decayed by L2) and b, or the adapter's A and B, in place: no copy per step.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    if adapter != nil {
      adapter.update { adapter in
        body(2, false, &adapter.down)
        body(3, false, &adapter.up)
      }
    } else {
      body(0, true, &weights)
      body(1, false, &bias)
    }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = DenseLayer(
      number: number, inputShape: inputShape, units: units, activation: activation,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  /// The weights the layer computes with: W, plus the adapter's change (α/r)·A·B.
  public var effectiveWeights: Matrix { adapter.map { weights + $0.change } ?? weights }

  public var adaptedShape: Shape { weights.shape }

  public mutating func mergeAdapter() {
    guard let adapter else { return }
    weights = weights + adapter.change
    self.adapter = nil
  }

  public var passNames: [String] { ["z", "a"] }

  /// The forward pass: `z = x·W + b` and `a = f(z)`, one row per sample (or per position).
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let x = x.rowsOf(width: inputWidth)
    pass.updateMatrices(0, 1) { z, a in
      z.ensureShape(rows: x.rows, columns: units)
      Matrix.multiply(x, effectiveWeights, into: &z)
      activation.apply(&z, addingBias: bias, into: &a)
    }
  }

  public var finalActivation: Activation? { activation }

  /// The backward pass, from ∂J/∂a (or δ itself, from the loss):
  ///
  ///     δ = ∂J/∂a ⊙ f′(z)        ∇W = xᵀ·δ        ∇b = Σrows δ        ∂J/∂x = δ·Wᵀ
  ///
  /// and under an adapter ∇A = (α/r)·∇W·Bᵀ, ∇B = (α/r)·Aᵀ·∇W. (The first layer skips ∂J/∂x:
  /// nothing is below, and it is a quarter of the work.)
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    if !deltaIsPreActivation {
      activation.backpropagate(&g.delta, z: pass.matrices[0], a: pass.matrices[1])
    }
    let x = x.rowsOf(width: inputWidth)
    g.prepare(parameterCount: adapter == nil ? 2 : 4)
    g.parameters[0].ensureShape(rows: inputWidth, columns: units)
    Matrix.multiply(x, g.delta, transposing: .left, into: &g.parameters[0])
    g.delta.columnSums(into: &g.parameters[1])
    if let adapter { (g.parameters[2], g.parameters[3]) = adapter.gradients(from: g.parameters[0]) }
    if var gradient = inputGradient.take() {
      gradient.ensureShape(rows: g.delta.rows, columns: inputWidth)
      Matrix.multiply(g.delta, effectiveWeights, transposing: .right, into: &gradient)
      inputGradient = gradient
    }
  }
}
