/// Fine-tuning (seed §9.3): reuse a trained network for a new task by changing only part of it.
extension Network {
  /// Removes the output layer, so that a new head can be added for another task.
  public mutating func removeOutputLayer() {
    precondition(!layers.isEmpty, "no layer to remove")
    layers.removeLast()
  }

  /// Wraps layer `l` (0-based) with a LoRA adapter of rank `rank`: W and b stay, A and B train.
  /// A is drawn from the seed's own stream for this layer's adapter.
  public mutating func adapt(layer l: Int, rank: Int, alpha: Double, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: 0x4C4F_5241 &+ UInt64(l))
    layers[l].adapter = LowRankAdapter(
      inputs: layers[l].inputWidth, units: layers[l].units, rank: rank, alpha: alpha, using: &generator)
  }

  /// Folds layer `l`'s adapter into its weights, W := W + (α/r)·A·B, and removes the adapter:
  /// the layer computes exactly what it did, as an ordinary dense layer again.
  public mutating func merge(layer l: Int) {
    guard let adapter = layers[l].adapter else { return }
    layers[l].weights = layers[l].weights + adapter.change
    layers[l].adapter = nil
  }

  /// The number of parameters training changes.
  public var trainableParameterCount: Int { layers.reduce(0) { $0 + $1.trainableParameterCount } }
}
