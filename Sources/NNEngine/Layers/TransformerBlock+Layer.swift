/// A GPT-2 block as a layer of a network. Its parts' parameters are named apart from dense
/// layers' `W{l}` and `b{l}` (a number is always the layer's, at the end of the name): the two
/// layer norms' `gammaAttn`, `betaAttn`, `gammaMLP`, `betaMLP`, the attention's `Wq` … `bo`, and
/// the MLP's `Wup`, `bup`, `Wdown`, `bdown`; with adapters also `Aq`, `Bq` … `Aup`, `Bup`,
/// `Adown`, `Bdown`.
extension TransformerBlock: Layer {
  public static let kind = "transformer"
  public var inputShape: SampleShape { attention.inputShape }
  public var outputShape: SampleShape { inputShape }

  /// `transformer heads 4 causal`.
  public var description: String {
    "transformer heads \(attention.heads)" + (attention.isCausal ? " causal" : "")
  }

  /// The parameters' names, in the order of `parameters` (the order data meets them).
  public static let parameterNames =
    ["gammaAttn", "betaAttn"] + AttentionLayer.parameterNames + [
      "gammaMLP", "betaMLP", "Wup", "bup", "Wdown", "bdown",
    ]

  /// The sixteen, then an A and a B for each adapted projection: the attention's (q, k, v, o),
  /// then the MLP's (up, down). Under any adapter only the adapters train.
  public var parameters: [LayerParameter] {
    let values =
      [attentionNorm.gamma, attentionNorm.beta] + attention.parameters.prefix(8).map(\.value)
      + [mlpNorm.gamma, mlpNorm.beta, upWeights, upBias, downWeights, downBias]
    let mlpAdapters = Projection.mlp.compactMap { projection in
      self[adapter: projection].map { (projection, $0) }
    }
    return zip(Self.parameterNames, values).map {
      LayerParameter(name: $0, value: $1, isTrainable: !isFrozen && !isAdapted)
    }
      + attention.adapterParameters(trainable: !isFrozen)
      + mlpAdapters.flatMap { projection, adapter in
        [
          LayerParameter(name: projection.downName, value: adapter.down, isTrainable: !isFrozen),
          LayerParameter(name: projection.upName, value: adapter.up, isTrainable: !isFrozen),
        ]
      }
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
    case 15: body(&downBias)
    default:
      // The adapters: the attention's first, then the MLP's.
      let k = index - 16
      if k < 2 * attention.adaptedCount { return attention.updateAdapterParameter(at: k, body) }
      let mlp = k - 2 * attention.adaptedCount
      let projection = Projection.mlp.filter { self[adapter: $0] != nil }[mlp / 2]
      updateMLPAdapter(projection) { mlp % 2 == 0 ? body(&$0.down) : body(&$0.up) }
    }
  }

  /// In place; the weight matrices (Wq … Wo, Wup, Wdown) decay under L2, the rest do not.
  /// Under adapters only their A and B are visited, and do not decay.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    if isAdapted {
      var index = attention.updateAdapters(from: 16, body)
      for projection in Projection.mlp where self[adapter: projection] != nil {
        updateMLPAdapter(projection) { adapter in
          body(index, false, &adapter.down)
          body(index + 1, false, &adapter.up)
        }
        index += 2
      }
      return
    }
    for index in 0..<16 {
      let decays = (2..<10).contains(index) ? index % 2 == 0 : index == 12 || index == 14
      updateParameter(at: index) { body(index, decays, &$0) }
    }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let frozen = isFrozen
    self = TransformerBlock(
      width: width, heads: attention.heads, causal: attention.isCausal,
      positions: attention.positions,
      initialization: initialization, using: &generator)
    isFrozen = frozen
  }

  /// The first layer norm's μ, rstd, x̂ and output; the attention's Q, K, V, weights, heads and
  /// output; the residual r; the second layer norm's four; the MLP's u and gelu(u); the output.
  public var passNames: [String] {
    [
      "meanAttn", "rstdAttn", "xhatAttn", "normAttn", "qkv", "att", "heads", "attn", "resid",
      "meanMLP", "rstdMLP", "xhatMLP", "normMLP", "u", "h", "out",
    ]
  }

  /// With adapters, the pass's workspace lends their scratch: the attention's, then the MLP's.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache(taking: &pass.matrices, positions: attention.positions)
    if isAdapted {
      pass.workspace.prepare(count: 2)
      (cache.attention.lowRank, cache.lowRank) = (pass.workspace.take(0), pass.workspace.take(1))
    }
    forward(x, positions: attention.positions, into: &cache)
    cache.giveBack(to: &pass.matrices)
    if isAdapted {
      (pass.workspace[0], pass.workspace[1]) = (cache.attention.lowRank, cache.lowRank)
    }
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    var cache = Cache(
      reading: pass.matrices, positions: attention.positions, taking: &gradients.workspace)
    let mlpAdapters = (upAdapter == nil ? 0 : 1) + (downAdapter == nil ? 0 : 1)
    gradients.parameters.prepare(count: 16 + 2 * (attention.adaptedCount + mlpAdapters))
    var own = Gradients(taking: &gradients.parameters, for: self)
    inputGradient.write {
      backward(gradients.delta, input: x, cache: &cache, gradients: &own, inputGradient: &$0)
    }
    own.giveBack(to: &gradients.parameters, for: self)
    cache.giveBackBuffers(to: &gradients.workspace)
  }
}

extension TransformerBlock: ProjectionAdaptable {
  public var projections: [Projection] { Projection.attention + Projection.mlp }

  public func weightShape(of projection: Projection) -> Shape {
    switch projection {
    case .up: upWeights.shape
    case .down: downWeights.shape
    default: attention.weightShape(of: projection)
    }
  }

  public mutating func mergeAdapter(on projection: Projection) {
    switch projection {
    case .up, .down:
      guard let adapter = self[adapter: projection] else { return }
      if projection == .up {
        upWeights = upWeights + adapter.change
      } else {
        downWeights = downWeights + adapter.change
      }
      self[adapter: projection] = nil
    default: attention.mergeAdapter(on: projection)
    }
  }
}

extension TransformerBlock.Gradients {
  /// The sixteen gradients lent out of a list in the block's parameter order, then its
  /// adapters' (the attention's, then Wup's and Wdown's).
  init(taking list: inout [Matrix], for block: TransformerBlock) {
    self.init()
    attentionNorm = LayerNormLayer.Gradients(gamma: list.take(0), beta: list.take(1))
    attention = AttentionLayer.Gradients(taking: &list, from: 2)
    mlpNorm = LayerNormLayer.Gradients(gamma: list.take(10), beta: list.take(11))
    (upWeights, upBias, downWeights, downBias) = (
      list.take(12), list.take(13), list.take(14), list.take(15)
    )
    var index = attention.takeAdapters(of: block.attention, from: &list, at: 16)
    if block.upAdapter != nil {
      upAdapter = LowRankGradients(down: list.take(index), up: list.take(index + 1))
      index += 2
    }
    if block.downAdapter != nil {
      downAdapter = LowRankGradients(down: list.take(index), up: list.take(index + 1))
    }
  }

  /// Puts them back.
  mutating func giveBack(to list: inout [Matrix], for block: TransformerBlock) {
    (list[0], list[1]) = (attentionNorm.gamma, attentionNorm.beta)
    attention.giveBack(to: &list, from: 2)
    (list[10], list[11]) = (mlpNorm.gamma, mlpNorm.beta)
    (list[12], list[13], list[14], list[15]) = (upWeights, upBias, downWeights, downBias)
    var index = attention.giveBackAdapters(of: block.attention, to: &list, at: 16)
    if block.upAdapter != nil {
      (list[index], list[index + 1]) = (upAdapter.down, upAdapter.up)
      index += 2
    }
    if block.downAdapter != nil {
      (list[index], list[index + 1]) = (downAdapter.down, downAdapter.up)
    }
  }
}
