/// Multi-head attention as a layer of a network: its parameters by name, and its forward and
/// backward passes on the network's `LayerPass` and `LayerGradients`.
extension AttentionLayer: Layer {
  public static let kind = "attention"
  public var inputShape: SampleShape { .sequence(steps: positions, features: width) }
  public var outputShape: SampleShape { inputShape }

  /// `attention heads 2 size 8 causal`.
  public var description: String {
    "attention heads \(heads)" + (headSize * heads == width ? "" : " size \(headSize)")
      + (isCausal ? " causal" : "")
  }

  /// The parameters' names, in the order of `parameters`; adapters add `Aq`, `Bq` … after them.
  public static let parameterNames = ["Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo"]

  /// The eight, then an A and a B for each adapted projection (q, k, v, o in that order). Under
  /// any adapter only the adapters train.
  public var parameters: [LayerParameter] {
    let values = [
      queryWeights, queryBias, keyWeights, keyBias, valueWeights, valueBias, outputWeights,
      outputBias,
    ]
    return zip(Self.parameterNames, values).map {
      LayerParameter(name: $0, value: $1, isTrainable: !isFrozen && !isAdapted)
    }
      + adapterParameters(trainable: !isFrozen)
  }

  /// The adapters' A and B, in the order of `Projection.attention`.
  func adapterParameters(trainable: Bool) -> [LayerParameter] {
    adaptedProjections.flatMap { projection -> [LayerParameter] in
      guard let adapter = self[adapter: projection] else { return [] }
      return [
        LayerParameter(name: projection.downName, value: adapter.down, isTrainable: trainable),
        LayerParameter(name: projection.upName, value: adapter.up, isTrainable: trainable),
      ]
    }
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
    case 7: body(&outputBias)
    default: updateAdapterParameter(at: index - 8, body)
    }
  }

  /// Adapter parameter number `index` (0 is the first adapter's A, 1 its B, 2 the next one's A …).
  mutating func updateAdapterParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    updateAdapter(adaptedProjections[index / 2]) { index % 2 == 0 ? body(&$0.down) : body(&$0.up) }
  }

  /// The weights decay under L2, the biases do not; under adapters only their A and B are
  /// visited (and do not decay, as a dense layer's). In place.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    if isAdapted {
      _ = updateAdapters(from: 8, body)
      return
    }
    for index in 0..<8 { updateParameter(at: index) { body(index, index % 2 == 0, &$0) } }
  }

  /// Visits the adapters' A and B in place as parameters `first`, `first + 1`, …; returns the
  /// index after them.
  mutating func updateAdapters(
    from first: Int, _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) -> Int {
    var index = first
    for projection in Projection.attention where self[adapter: projection] != nil {
      updateAdapter(projection) { adapter in
        body(index, false, &adapter.down)
        body(index + 1, false, &adapter.up)
      }
      index += 2
    }
    return index
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
    if isAdapted {
      pass.workspace.prepare(count: 1)
      cache.lowRank = pass.workspace.take(0)
    }
    forward(x, positions: positions, into: &cache)
    cache.giveBack(to: &pass.matrices)
    if isAdapted { pass.workspace[0] = cache.lowRank }
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    var cache = Cache(reading: pass.matrices, positions: positions, taking: &gradients.workspace)
    let count = 8 + 2 * adaptedCount
    gradients.parameters.prepare(count: count)
    var own = Gradients(taking: &gradients.parameters)
    _ = own.takeAdapters(of: self, from: &gradients.parameters, at: 8)
    inputGradient.write {
      backward(gradients.delta, input: x, cache: &cache, gradients: &own, inputGradient: &$0)
    }
    own.giveBack(to: &gradients.parameters)
    _ = own.giveBackAdapters(of: self, to: &gradients.parameters, at: 8)
    cache.giveBackBuffers(to: &gradients.workspace)
  }

  /// The number of adapted projections, counted without allocating.
  var adaptedCount: Int {
    Projection.attention.reduce(0) { $0 + (self[adapter: $1] == nil ? 0 : 1) }
  }
}

extension AttentionLayer: ProjectionAdaptable {
  public var projections: [Projection] { Projection.attention }

  public func weightShape(of projection: Projection) -> Shape {
    weightsAndBias(of: projection).weights.shape
  }

  public mutating func mergeAdapter(on projection: Projection) {
    guard let adapter = self[adapter: projection] else { return }
    let index = 2 * projection.ordinal  // Wq bq Wk bk Wv bv Wo bo
    updateParameter(at: index) { $0 = $0 + adapter.change }
    self[adapter: projection] = nil
  }
}
