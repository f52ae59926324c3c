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
  /// The longest the gradient of all parameters together may be (`clip 1.0`); nil: unclipped.
  public var clipNorm: Double?
  /// How the learning rate moves over a run of `train`.
  public var schedule = LearningRateSchedule.constant
  /// Where the run is, for the schedule: step (from 1) out of total. `train` moves it on.
  public var scheduleStep = 1
  public var scheduleTotal = 1
  /// The learning rate of the current step: `learningRate` as the schedule shapes it.
  public var currentRate: Double {
    schedule.rate(learningRate, step: scheduleStep, of: scheduleTotal)
  }

  /// The optimizer's memory, made when first needed and remade when the network's shape changes.
  public var state: OptimizerState?

  public init() {}

  /// Runs one epoch, as below, with matrices of its own: for a single epoch, or a test.
  @discardableResult
  public mutating func runEpoch(
    _ network: inout Network, inputs: Matrix, targets: Matrix, loss: Loss,
    shuffler: inout SeededGenerator,
    startingFrom pass: ForwardPass? = nil
  ) -> Int {
    var workspace = TrainingWorkspace()
    return runEpoch(
      &network, inputs: inputs, targets: targets, loss: loss, shuffler: &shuffler,
      startingFrom: pass,
      reusing: &workspace)
  }

  /// Runs one epoch on `network`; `shuffler` orders the samples when batches are smaller than n.
  /// A full-batch epoch can start from `pass`, the forward pass of `inputs` through `network` as
  /// it is now, when the caller already computed it (to measure the loss), instead of repeating it.
  /// Each step writes into `workspace`'s matrices; pass the same one to every epoch of a run, and
  /// after the first step, training allocates no memory. `shouldStop` is asked before every
  /// mini-batch after the first, so that Ctrl-C is answered within one batch rather than one
  /// epoch; an epoch it stopped is unfinished, and the caller should undo it. Returns the number
  /// of updates made.
  @discardableResult
  public mutating func runEpoch(
    _ network: inout Network, inputs: Matrix, targets: Matrix, loss: Loss,
    shuffler: inout SeededGenerator,
    startingFrom pass: ForwardPass? = nil, reusing workspace: inout TrainingWorkspace,
    shouldStop: () -> Bool = { false }
  ) -> Int {
    var memory = takeMemory(for: network)
    defer { state = memory }
    let n = inputs.rows
    let size = min(batchSize ?? n, n)
    workspace.pass.mode = .training
    workspace.meanBatchLoss = nil
    if size == n {
      // The caller's pass measured the loss; it serves as the step's too unless a layer
      // computes differently in training than it did there.
      if let pass, pass.mode == .training || !network.trainsDifferently {
        step(&network, pass, targets, loss, &memory, &workspace.gradients)
      } else {
        workspace.pass.input = inputs
        network.forward(into: &workspace.pass)
        step(&network, workspace.pass, targets, loss, &memory, &workspace.gradients)
      }
      return 1
    }
    let order = shuffler.permutation(of: n)
    var (updates, seen, lossSum) = (0, 0, 0.0)
    for start in stride(from: 0, to: n, by: size) {
      if start > 0, shouldStop() { break }
      let batch = order[start..<min(start + size, n)]
      workspace.pass.input.copyRows(of: inputs, at: batch)
      // A sequence output has a target row per position: T rows for each sample.
      workspace.targets.copyRows(of: targets, at: batch, rowsPerSample: targets.rows / max(n, 1))
      network.forward(into: &workspace.pass)
      lossSum +=
        network.loss(of: workspace.pass, targets: workspace.targets, loss: loss)
        * Double(batch.count)
      seen += batch.count
      step(&network, workspace.pass, workspace.targets, loss, &memory, &workspace.gradients)
      updates += 1
    }
    workspace.meanBatchLoss = lossSum / Double(seen)
    return updates
  }

  /// The optimizer's memory for `network`, taken out of `state` while training so that changing
  /// it does not copy it (copy-on-write), and made afresh when it does not fit the network (a
  /// layer was added since). The caller puts it back.
  mutating func takeMemory(for network: Network) -> OptimizerState {
    let memory = state.flatMap { $0.fits(network) ? $0 : nil } ?? OptimizerState(for: network)
    state = nil
    return memory
  }

  /// One update from the forward pass of a batch: backpropagation, the L2 pull on each ∇W,
  /// clipping, and the optimizer's step at the scheduled rate.
  func step(
    _ network: inout Network, _ pass: ForwardPass, _ targets: Matrix, _ loss: Loss,
    _ memory: inout OptimizerState, _ gradients: inout Gradients
  ) {
    network.backward(pass, targets: targets, loss: loss, into: &gradients)
    if l2 > 0 { network.pullWeightsTowardsZero(l2, in: &gradients) }
    if let clipNorm { network.clipGradients(toNorm: clipNorm, in: &gradients) }
    network.update(
      along: gradients, optimizer: optimizer, learningRate: currentRate, state: &memory)
    network.finishTrainingStep(pass)
  }
}

/// The matrices one training step writes into: the batch, its forward pass and its gradients.
/// They are allocated at the first step and reused after, so training allocates no memory per
/// step. They are scratch space, not state: a session keeps only the last step's gradients.
public struct TrainingWorkspace: Sendable {
  var pass = ForwardPass(input: Matrix(rows: 0, columns: 0))
  var targets = Matrix(rows: 0, columns: 0)
  /// A language model's step: the starts of its windows in the text.
  var starts: [Int] = []
  /// The gradients of the last step: what `grad` shows after `train`.
  public internal(set) var gradients = Gradients()
  /// The loss of the last mini-batch epoch as Keras reports it: the mean of its batches' losses,
  /// each measured on its batch just before that batch's update and weighted by its samples,
  ///
  ///     J_epoch = Σ_b n_b·J_b / Σ_b n_b
  ///
  /// which costs nothing, as every batch's forward pass is made anyway. nil after a full-batch
  /// epoch, whose loss the caller measures exactly.
  public internal(set) var meanBatchLoss: Double?

  public init() {}
}

extension Network {
  /// L2: adds λ·W to the gradient of every trainable parameter that decays (weights, not
  /// biases), the gradient of (λ/2)·Σ W². Visits the parameters in place and changes none.
  mutating func pullWeightsTowardsZero(_ λ: Double, in gradients: inout Gradients) {
    for l in layers.indices {
      layers[l].updateTrainableParameters { index, decays, w in
        if decays {
          gradients.layers[l].parameters[index].updateEach(with: w) { g, w in g += λ * w }
        }
      }
    }
  }
}

extension Matrix {
  /// `copyRows(of:at:)` for a matrix that holds `rowsPerSample` consecutive rows per sample (the
  /// targets of a sequence output, a row per position): the rows of the samples at `samples`.
  mutating func copyRows(of source: Matrix, at samples: some Collection<Int>, rowsPerSample: Int) {
    if rowsPerSample == 1 { return copyRows(of: source, at: samples) }
    ensureShape(rows: samples.count * rowsPerSample, columns: source.columns)
    let block = rowsPerSample * source.columns
    elements.withUnsafeMutableBufferPointer { target in
      source.elements.withUnsafeBufferPointer { source in
        guard let target = target.baseAddress, let source = source.baseAddress else { return }
        for (row, sample) in samples.enumerated() {
          (target + row * block).update(from: source + sample * block, count: block)
        }
      }
    }
  }
}
