/// Fine-tuning (seed §9.3): reuse a trained network for a new task by changing only part of it.
extension Network {
  /// Removes the output layer, so that a new head can be added for another task.
  public mutating func removeOutputLayer() {
    precondition(!layers.isEmpty, "no layer to remove")
    layers.removeLast()
  }

  /// Whether layer `l` (0-based) has a weight matrix a LoRA adapter can change.
  public func isAdaptable(layer l: Int) -> Bool { layers[l] is any LowRankAdaptable }

  /// Wraps layer `l` (0-based) with a LoRA adapter of rank `rank`: W and b stay, A and B train.
  /// A is drawn from the seed's own stream for this layer's adapter.
  public mutating func adapt(layer l: Int, rank: Int, alpha: Double, seed: UInt64) {
    guard var layer = layers[l] as? any LowRankAdaptable else { preconditionFailure("layer \(l + 1) has no weight matrix") }
    var generator = SeededGenerator(seed: seed, stream: 0x4C4F_5241 &+ UInt64(l))
    let shape = layer.adaptedShape
    layer.adapter = LowRankAdapter(inputs: shape.rows, units: shape.columns, rank: rank, alpha: alpha, using: &generator)
    layers[l] = layer
  }

  /// The adapter of layer `l` (0-based), if it has one.
  public func adapter(ofLayer l: Int) -> LowRankAdapter? { (layers[l] as? any LowRankAdaptable)?.adapter }

  /// Folds layer `l`'s adapter into its weights, W := W + (α/r)·A·B, and removes the adapter:
  /// the layer computes exactly what it did, without one.
  public mutating func merge(layer l: Int) {
    guard var layer = layers[l] as? any LowRankAdaptable else { return }
    layer.mergeAdapter()
    layers[l] = layer
  }

  /// The number of parameters training changes.
  public var trainableParameterCount: Int { layers.reduce(0) { $0 + $1.trainableParameterCount } }
}
