/// Fine-tuning (seed §9.3): reuse a trained network for a new task by changing only part of it.
extension Network {
  /// Removes the output layer, so that a new head can be added for another task.
  public mutating func removeOutputLayer() {
    precondition(!layers.isEmpty, "no layer to remove")
    layers.removeLast()
  }

  /// Whether layer `l` (0-based) has a weight matrix a LoRA adapter can change.
  public func isAdaptable(layer l: Int) -> Bool {
    layers[l] is any LowRankAdaptable || layers[l] is any ProjectionAdaptable
  }

  /// Wraps layer `l` (0-based) with a LoRA adapter of rank `rank`: W and b stay, A and B train.
  /// A is drawn from the seed's own stream for this layer's adapter.
  public mutating func adapt(layer l: Int, rank: Int, alpha: Double, seed: UInt64) {
    guard var layer = layers[l] as? any LowRankAdaptable else {
      preconditionFailure("layer \(l + 1) has no weight matrix")
    }
    var generator = SeededGenerator(seed: seed, stream: 0x4C4F_5241 &+ UInt64(l))
    let shape = layer.adaptedShape
    layer.adapter = LowRankAdapter(
      inputs: shape.rows, units: shape.columns, rank: rank, alpha: alpha, using: &generator)
    layers[l] = layer
  }

  /// Gives each of `projections` of layer `l` (0-based; attention or a transformer block) a new
  /// adapter of rank `rank`, replacing any it had; the layer then trains only its adapters. Each
  /// projection's A comes from a stream of its own (the layer's and the projection's), so the
  /// order in which projections are adapted does not change their numbers.
  public mutating func adapt(
    layer l: Int, projections: [Projection], rank: Int, alpha: Double, seed: UInt64
  ) {
    guard var layer = layers[l] as? any ProjectionAdaptable else {
      preconditionFailure("layer \(l + 1) has no projections")
    }
    for projection in projections {
      let number = UInt64(projection.ordinal + 1)
      var generator = SeededGenerator(seed: seed, stream: 0x4C4F_5241 &+ UInt64(l) &+ number << 32)
      let shape = layer.weightShape(of: projection)
      layer[adapter: projection] = LowRankAdapter(
        inputs: shape.rows, units: shape.columns, rank: rank, alpha: alpha, using: &generator)
    }
    layers[l] = layer
  }

  /// The adapter of layer `l` (0-based), if it has one.
  public func adapter(ofLayer l: Int) -> LowRankAdapter? {
    (layers[l] as? any LowRankAdaptable)?.adapter
  }

  /// The adapted projections of layer `l` (0-based): none for a layer without projections.
  public func adaptedProjections(ofLayer l: Int) -> [Projection] {
    (layers[l] as? any ProjectionAdaptable)?.adaptedProjections ?? []
  }

  /// Whether layer `l` (0-based) carries any adapter.
  public func hasAdapter(layer l: Int) -> Bool {
    adapter(ofLayer: l) != nil || !adaptedProjections(ofLayer: l).isEmpty
  }

  /// Folds layer `l`'s adapter into its weights, W := W + (α/r)·A·B, and removes the adapter:
  /// the layer computes exactly what it did, without one. On attention or a transformer block,
  /// folds those on `projections` (all of them when nil).
  public mutating func merge(layer l: Int, projections: [Projection]? = nil) {
    if var layer = layers[l] as? any LowRankAdaptable {
      layer.mergeAdapter()
      layers[l] = layer
    } else if var layer = layers[l] as? any ProjectionAdaptable {
      for projection in projections ?? layer.projections { layer.mergeAdapter(on: projection) }
      layers[l] = layer
    }
  }

  /// The number of parameters training changes.
  public var trainableParameterCount: Int { layers.reduce(0) { $0 + $1.trainableParameterCount } }
}
