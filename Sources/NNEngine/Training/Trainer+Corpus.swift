/// Training a language model: a step is one update on a batch of windows drawn at random from a
/// text's training part, rather than one pass over a fixed set of samples. A text of a million
/// characters has a million overlapping windows; an "epoch" of them all would be a million
/// updates' worth of work, so language models count steps, as nanoGPT does.
extension Trainer {
  /// One update of `network` on `windows` windows of `corpus`'s training part, their starts
  /// drawn uniformly with replacement by `shuffler` (`TokenCorpus.randomStarts`), at the
  /// scheduled rate, with clipping and L2 as for any batch. Returns the batch's loss, measured
  /// on the forward pass the update uses, so before the update: the number to watch for NaN.
  /// Writes into `workspace`, starts and all; after the first step what a step still allocates
  /// is the optimizer's check that its memory fits (`OptimizerState.fits` reads `parameters`).
  @discardableResult
  public mutating func runStep(
    _ network: inout Network, on corpus: TokenCorpus, windows: Int, loss: Loss,
    shuffler: inout SeededGenerator,
    reusing workspace: inout TrainingWorkspace
  ) -> Double {
    var memory = takeMemory(for: network)
    defer { state = memory }
    corpus.randomStarts(windows, in: .training, using: &shuffler, into: &workspace.starts)
    corpus.fillBatch(
      starts: workspace.starts, inputs: &workspace.pass.input, targets: &workspace.targets)
    workspace.pass.mode = .training
    network.forward(into: &workspace.pass)
    let batchLoss = network.loss(of: workspace.pass, targets: workspace.targets, loss: loss)
    step(&network, workspace.pass, workspace.targets, loss, &memory, &workspace.gradients)
    return batchLoss
  }
}
