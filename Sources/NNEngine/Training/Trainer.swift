/// Training settings and memory: how one epoch of mini-batch gradient descent runs.
///
/// An epoch visits every sample once. With a batch size b < n the samples are shuffled, cut into
/// batches of b (the last may be smaller), and each batch gives one update; with the full batch,
/// each epoch is one update on all n samples. The optimizer's memory lives here, so it carries on
/// from one `train` to the next.
public struct Trainer: Equatable, Sendable {
  public var optimizer: Optimizer = .sgd
  public var learningRate = 0.1
  /// Samples per update; `nil` means all of them (full-batch gradient descent).
  public var batchSize: Int?
  /// The L2 penalty λ: training minimises J + (λ/2)·Σ W² (weights, not biases), which adds λ·W to
  /// each ∇W and pulls weights towards zero. The reported loss is J alone.
  public var l2 = 0.0
  /// The optimizer's memory, made when first needed and remade when the network's shape changes.
  public var state: OptimizerState?

  public init() {}

  /// Runs one epoch on `network`; `shuffler` orders the samples when batches are smaller than n.
  /// A full-batch epoch can start from `pass`, the forward pass of `inputs` through `network` as
  /// it is now, when the caller already computed it (to measure the loss), instead of repeating it.
  /// Returns the number of updates made.
  @discardableResult
  public mutating func runEpoch(
    _ network: inout Network, inputs: Matrix, targets: Matrix, loss: Loss, shuffler: inout SeededGenerator,
    startingFrom pass: ForwardPass? = nil
  ) -> Int {
    if state.map({ !$0.fits(network) }) ?? true { state = OptimizerState(for: network) }
    var memory = state ?? OptimizerState(for: network)
    let n = inputs.rows
    let size = min(batchSize ?? n, n)
    let order = size < n ? shuffler.permutation(of: n) : Array(0..<n)
    var updates = 0
    for start in stride(from: 0, to: n, by: size) {
      let batch = order[start..<min(start + size, n)]
      let x = size < n ? inputs.rows(at: batch) : inputs
      let y = size < n ? targets.rows(at: batch) : targets
      let forward = size == n ? pass ?? network.forward(x) : network.forward(x)
      var gradients = network.backward(forward, targets: y, loss: loss)
      if l2 > 0 {
        for l in network.layers.indices where network.layers[l].adapter == nil {
          gradients.weights[l] = gradients.weights[l] + l2 * network.layers[l].weights
        }
      }
      network.update(along: gradients, optimizer: optimizer, learningRate: learningRate, state: &memory)
      updates += 1
    }
    state = memory
    return updates
  }
}
