/// Multi-head attention as a layer of a network: its parameters by name, and its forward and
/// backward passes on the network's `LayerPass` and `LayerGradients`.
extension AttentionLayer: Layer {
  public static let kind = "attention"
  public var inputShape: SampleShape { .sequence(steps: positions, features: width) }
  public var outputShape: SampleShape { inputShape }

  /// `attention heads 2 size 8 causal`.
  public var description: String {
    "attention heads \(heads)" + (headSize * heads == width ? "" : " size \(headSize)") + (isCausal ? " causal" : "")
  }

  /// The parameters' names, in the order of `parameters`.
  public static let parameterNames = ["Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo"]

  public var parameters: [LayerParameter] {
    let values = [queryWeights, queryBias, keyWeights, keyBias, valueWeights, valueBias, outputWeights, outputBias]
    return zip(Self.parameterNames, values).map { LayerParameter(name: $0, value: $1, isTrainable: !isFrozen) }
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&queryWeights)
    case 1: body(&queryBias)
    case 2: body(&keyWeights)
    case 3: body(&keyBias)
    case 4: body(&valueWeights)
    case 5: body(&valueBias)
    case 6: body(&outputWeights)
    default: body(&outputBias)
    }
  }

  /// The weights decay under L2, the biases do not; visited in place.
  public mutating func updateTrainableParameters(_ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void) {
    if isFrozen { return }
    for index in 0..<8 { updateParameter(at: index) { body(index, index % 2 == 0, &$0) } }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let frozen = isFrozen
    self = AttentionLayer(
      width: width, heads: heads, headSize: headSize, causal: isCausal, positions: positions,
      initialization: initialization, using: &generator)
    isFrozen = frozen
  }

  /// Q, K and V side by side; the attention weights P (a T×T block per sample and head); the
  /// heads' outputs side by side; the output.
  public var passNames: [String] { ["qkv", "att", "heads", "out"] }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache(taking: &pass.matrices, positions: positions)
    forward(x, positions: positions, into: &cache)
    cache.giveBack(to: &pass.matrices)
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    var cache = Cache(reading: pass.matrices, positions: positions, taking: &gradients.workspace)
    gradients.parameters.prepare(count: 8)
    var own = Gradients(taking: &gradients.parameters)
    inputGradient.write { backward(gradients.delta, input: x, cache: &cache, gradients: &own, inputGradient: &$0) }
    own.giveBack(to: &gradients.parameters)
    cache.giveBackBuffers(to: &gradients.workspace)
  }
}
