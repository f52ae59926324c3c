/// A stack of layers: the input feeds layer 1, each layer feeds the next, and the last one gives
/// the output ŷ.
///
/// Its depth is the number of layers. The input is not a layer: it has no parameters and
/// computes nothing (seed §2.1–§2.2 count it, which is the common confusion this type avoids).
public struct Network: Equatable, Sendable {
  /// The shape of one sample: 8 features, a 16×3 sequence, a 28×28×1 image, 32 tokens.
  public let inputShape: SampleShape
  /// The layers, first to last. Layer number l (1-based) owns `W{l}`, `b{l}`, ….
  public var layers: [any Layer] = []

  public init(inputShape: SampleShape, layers: [any Layer] = []) {
    self.inputShape = inputShape
    self.layers = layers
  }

  /// A network on samples of `inputWidth` features.
  public init(inputWidth: Int, layers: [any Layer] = []) {
    self.init(inputShape: .features(inputWidth), layers: layers)
  }

  public static func == (lhs: Network, rhs: Network) -> Bool {
    lhs.inputShape == rhs.inputShape && lhs.layers.count == rhs.layers.count
      && zip(lhs.layers, rhs.layers).allSatisfy { $0.isEqual(to: $1) }
  }

  /// The numbers in one sample: the width of a row of X.
  public var inputWidth: Int { inputShape.count }

  /// The shape of one output sample: the last layer's, or the input's with no layers.
  public var outputShape: SampleShape { layers.last?.outputShape ?? inputShape }

  /// The width of one row of the output: a sample's outputs, or one position's for a sequence.
  public var outputWidth: Int { outputShape.featuresPerPosition }

  /// The number of layers.
  public var depth: Int { layers.count }

  /// The number of parameters, over all layers.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// Draws every layer's parameters again (biases to zero), each from its own stream of `seed`.
  public mutating func reinitialize(_ initialization: Initialization, seed: UInt64) {
    for index in layers.indices {
      layers[index].drawParameters(number: index + 1, initialization: initialization, seed: seed)
    }
  }

  /// The forward pass over a batch `x` (one sample per row), keeping what every layer computed.
  public func forward(_ x: Matrix) -> ForwardPass {
    var pass = ForwardPass(input: x)
    forward(into: &pass)
    return pass
  }

  /// The forward pass of `pass.input`, written into `pass`: training keeps one pass and reuses
  /// its matrices at every step, so a step allocates no memory.
  public func forward(into pass: inout ForwardPass) {
    precondition(
      pass.input.columns == inputWidth,
      "input has \(pass.input.columns) features, network takes \(inputWidth)")
    if pass.layers.count != layers.count {
      pass.layers = layers.map { LayerPass(names: $0.passNames) }
    }
    for l in layers.indices {
      let input = l == 0 ? pass.input : pass.layers[l - 1].output
      pass.layers[l].mode = pass.mode
      if let tied = layers[l] as? any TiedLayer {
        forward(tied, input, into: &pass.layers[l])
      } else {
        layers[l].forward(input, into: &pass.layers[l])
      }
    }
  }

  /// A tied layer's forward pass, with the parameter it shares lent to it for the pass.
  private func forward(_ tied: some TiedLayer, _ input: Matrix, into pass: inout LayerPass) {
    tied.lending(from: layers).forward(input, into: &pass)
  }

  /// Layer `l` (0-based) as it computes: a tied layer with the parameter it shares lent to it
  /// (`TiedLayer`), any other layer as it is. For code that runs one layer on its own, such as
  /// `explain`.
  public func computingLayer(_ l: Int) -> any Layer {
    guard let tied = layers[l] as? any TiedLayer else { return layers[l] }
    return tied.lending(from: layers)
  }

  /// Whether some layer computes differently while training (dropout, batch norm).
  public var trainsDifferently: Bool { layers.contains { $0.trainsDifferently } }

  /// After a training step's update: every layer that is not frozen moves on what it keeps
  /// besides its parameters (batch norm's running statistics), from the step's pass.
  public mutating func finishTrainingStep(_ pass: ForwardPass) {
    for l in layers.indices where !layers[l].isFrozen {
      layers[l].finishTrainingStep(pass.layers[l])
    }
  }

  /// The loss of a forward pass against `targets`.
  public func loss(of pass: ForwardPass, targets: Matrix, loss: Loss) -> Double {
    guard let (activation, z) = outputActivation(of: pass) else { return .nan }
    return loss.value(z: z, a: pass.output, targets: targets, output: activation)
  }

  /// The output layer's activation and its input z, where the loss starts: a layer that does not
  /// end with an activation counts as a linear one, z = ŷ.
  func outputActivation(of pass: ForwardPass) -> (activation: Activation, z: Matrix)? {
    guard let last = layers.last, let lastPass = pass.layers.last else { return nil }
    return last.finalActivation.map { ($0, lastPass.matrices[0]) } ?? (.linear, lastPass.output)
  }
}

/// Everything one forward pass computed: for each layer, the matrices it keeps (dense: z and a).
public struct ForwardPass: Equatable, Sendable {
  /// The batch that went in, `X` (or one sample).
  public var input: Matrix
  /// Each layer's matrices, first layer first.
  public var layers: [LayerPass] = []
  /// Whether the pass is part of a training step: dropout and batch norm act differently then.
  public var mode = LayerMode.inference

  public init(input: Matrix) { self.input = input }

  /// The network's output ŷ.
  public var output: Matrix { layers.last?.output ?? input }

  /// The input of layer number `l` (1-based): `X` for layer 1, else layer l−1's output.
  public func input(ofLayer l: Int) -> Matrix { l == 1 ? input : layers[l - 2].output }

  /// How many positions of each sample hold text, when a prompt shorter than the model's window
  /// was padded on the right to fill it (`generate`); nil when every position does. Under causal
  /// attention the first positions do not see the padding after them, so their numbers are
  /// exactly those of the prompt on its own.
  public var textPositions: Int?
}
