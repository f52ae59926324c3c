/// A GPT-2 block as a layer of a network. Its parts' parameters are named apart from dense
/// layers' `W{l}` and `b{l}` (a number is always the layer's, at the end of the name): the two
/// layer norms' `gammaAttn`, `betaAttn`, `gammaMLP`, `betaMLP`, the attention's `Wq` … `bo`, and
/// the MLP's `Wup`, `bup`, `Wdown`, `bdown`.
extension TransformerBlock: Layer {
  public static let kind = "transformer"
  public var inputShape: SampleShape { attention.inputShape }
  public var outputShape: SampleShape { inputShape }

  /// `transformer heads 4 causal`.
  public var description: String { "transformer heads \(attention.heads)" + (attention.isCausal ? " causal" : "") }

  /// The parameters' names, in the order of `parameters` (the order data meets them).
  public static let parameterNames =
    ["gammaAttn", "betaAttn"] + AttentionLayer.parameterNames + ["gammaMLP", "betaMLP", "Wup", "bup", "Wdown", "bdown"]

  public var parameters: [LayerParameter] {
    let values =
      [attentionNorm.gamma, attentionNorm.beta] + attention.parameters.map(\.value)
      + [mlpNorm.gamma, mlpNorm.beta, upWeights, upBias, downWeights, downBias]
    return zip(Self.parameterNames, values).map { LayerParameter(name: $0, value: $1, isTrainable: !isFrozen) }
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&attentionNorm.gamma)
    case 1: body(&attentionNorm.beta)
    case 2..<10: attention.updateParameter(at: index - 2, body)
    case 10: body(&mlpNorm.gamma)
    case 11: body(&mlpNorm.beta)
    case 12: body(&upWeights)
    case 13: body(&upBias)
    case 14: body(&downWeights)
    default: body(&downBias)
    }
  }

  /// In place; the weight matrices (Wq … Wo, Wup, Wdown) decay under L2, the rest do not.
  public mutating func updateTrainableParameters(_ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void) {
    if isFrozen { return }
    for index in 0..<16 {
      let decays = (2..<10).contains(index) ? index % 2 == 0 : index == 12 || index == 14
      updateParameter(at: index) { body(index, decays, &$0) }
    }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let frozen = isFrozen
    self = TransformerBlock(
      width: width, heads: attention.heads, causal: attention.isCausal, positions: attention.positions,
      initialization: initialization, using: &generator)
    isFrozen = frozen
  }

  /// The first layer norm's μ, rstd, x̂ and output; the attention's Q, K, V, weights, heads and
  /// output; the residual r; the second layer norm's four; the MLP's u and gelu(u); the output.
  public var passNames: [String] {
    ["meanAttn", "rstdAttn", "xhatAttn", "normAttn", "qkv", "att", "heads", "attn", "resid",
     "meanMLP", "rstdMLP", "xhatMLP", "normMLP", "u", "h", "out"]
  }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache(taking: &pass.matrices, positions: attention.positions)
    forward(x, positions: attention.positions, into: &cache)
    cache.giveBack(to: &pass.matrices)
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    var cache = Cache(reading: pass.matrices, positions: attention.positions, taking: &gradients.workspace)
    gradients.parameters.prepare(count: 16)
    var own = Gradients(taking: &gradients.parameters)
    inputGradient.write { backward(gradients.delta, input: x, cache: &cache, gradients: &own, inputGradient: &$0) }
    own.giveBack(to: &gradients.parameters)
    cache.giveBackBuffers(to: &gradients.workspace)
  }
}

extension TransformerBlock.Gradients {
  /// The sixteen gradients lent out of a list in the block's parameter order.
  init(taking list: inout [Matrix]) {
    self.init()
    attentionNorm = LayerNormLayer.Gradients(gamma: list.take(0), beta: list.take(1))
    attention = AttentionLayer.Gradients(taking: &list, from: 2)
    mlpNorm = LayerNormLayer.Gradients(gamma: list.take(10), beta: list.take(11))
    (upWeights, upBias, downWeights, downBias) = (list.take(12), list.take(13), list.take(14), list.take(15))
  }

  /// Puts them back.
  func giveBack(to list: inout [Matrix]) {
    (list[0], list[1]) = (attentionNorm.gamma, attentionNorm.beta)
    attention.giveBack(to: &list, from: 2)
    (list[10], list[11]) = (mlpNorm.gamma, mlpNorm.beta)
    (list[12], list[13], list[14], list[15]) = (upWeights, upBias, downWeights, downBias)
  }
}
