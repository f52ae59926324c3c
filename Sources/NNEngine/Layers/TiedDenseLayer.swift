/// A dense output head tied to the token embedding: its weights are the embedding's table E,
/// transposed, and it has no bias — GPT-2's language-model head.
///
///     z = x·Eᵀ        a = f(z)        (x: a position's D numbers; E: V×D; z: V scores)
///
/// z[v] = x·E[v] is how well the position's vector matches token v's own vector. Backward, from
/// ∂J/∂a (or δ itself, from the loss):
///
///     δ = ∂J/∂a ⊙ f′(z)        its share of ∇E = δᵀ·x (V×D)        ∂J/∂x = δ·E
///
/// It owns no parameters (0 to count): E belongs to the embedding, layer `tie.layer`, which the
/// network lends it for every pass (see `TiedLayer`).
public struct TiedDenseLayer: TiedLayer {
  public static let kind = "dense"
  /// The activation `f` applied to `z`.
  public var activation: Activation
  public var isFrozen = false
  public let inputShape: SampleShape
  public let tie: ParameterTie
  /// V: one unit per token of the embedding's vocabulary.
  public let units: Int
  /// E (V×D) while the network lends it; empty in the network's own list of layers.
  public private(set) var table = Matrix(rows: 0, columns: 0)

  /// A head on samples of `inputShape` that scores the V tokens of the embedding at layer
  /// `embedding` (counted from 0; E is its parameter 0).
  public init(
    tiedTo embedding: Int, vocabulary: Int, activation: Activation, inputShape: SampleShape
  ) {
    tie = ParameterTie(layer: embedding, parameter: 0)
    units = vocabulary
    self.activation = activation
    self.inputShape = inputShape
  }

  /// D, the numbers each unit reads: the embedding's width.
  public var inputWidth: Int { inputShape.featuresPerPosition }

  public var outputShape: SampleShape {
    if case .sequence(let steps, _) = inputShape { return .sequence(steps: steps, features: units) }
    return .features(units)
  }

  /// `dense 65 softmax tied`.
  public var description: String { "dense \(units) \(activation.rawValue) tied" }

  public var parameters: [LayerParameter] { [] }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {}
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {}

  /// This head with the embedding's table lent to it.
  public func lending(from layers: [any Layer]) -> TiedDenseLayer {
    guard let embedding = layers[tie.layer] as? EmbeddingLayer,
      embedding.table.shape == Shape(rows: units, columns: inputWidth)
    else {
      preconditionFailure("layer \(tie.layer + 1) should be an embedding of \(units)×\(inputWidth)")
    }
    var lent = self
    lent.table = embedding.table
    return lent
  }

  public var passNames: [String] { ["z", "a"] }

  /// The forward pass: `z = x·Eᵀ` and `a = f(z)`, one row per position.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    precondition(table.rows == units, "a tied layer computes with the table its network lends it")
    let x = x.rowsOf(width: inputWidth)
    pass.updateMatrices(0, 1) { z, a in
      z.ensureShape(rows: x.rows, columns: units)
      Matrix.multiply(x, table, transposing: .right, into: &z)
      activation.apply(&z, addingBias: nil, into: &a)
    }
  }

  public var finalActivation: Activation? { activation }

  /// The backward pass: δ, then the head's share of ∇E, δᵀ·x, into `gradients.workspace[0]`
  /// (the network adds it to the embedding's), and ∂J/∂x = δ·E.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    precondition(table.rows == units, "a tied layer computes with the table its network lends it")
    if !deltaIsPreActivation {
      activation.backpropagate(&g.delta, z: pass.matrices[0], a: pass.matrices[1])
    }
    let x = x.rowsOf(width: inputWidth)
    g.prepare(parameterCount: 0)
    if g.workspace.count != 1 { g.workspace = [Matrix(rows: 0, columns: 0)] }
    g.workspace[0].ensureShape(rows: units, columns: inputWidth)
    Matrix.multiply(g.delta, x, transposing: .left, into: &g.workspace[0])
    if var gradient = inputGradient.take() {
      gradient.ensureShape(rows: g.delta.rows, columns: inputWidth)
      Matrix.multiply(g.delta, table, into: &gradient)
      inputGradient = gradient
    }
  }

  /// δ, ∂J/∂x and the share of ∇E (V·D).
  public func backwardNumbers(samples: Int) -> Int {
    NumberCount.sum(
      NumberCount.product(samples, outputShape.count),
      NumberCount.product(samples, inputShape.count),
      NumberCount.product(units, inputWidth))
  }
}
