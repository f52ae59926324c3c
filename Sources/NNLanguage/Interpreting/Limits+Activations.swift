import NNEngine
import NNRender

/// What a line's passes over the data keep at their largest, counted before any is allocated:
/// the activations of the forward passes alive at once, the backward pass's gradients, the
/// optimizer's memory, and the rest (targets, a mini-batch's copy, a gradient check's probe).
///
/// Each layer counts its own pass (`Layer.forwardNumbers`, `backwardNumbers`), so a new kind of
/// layer is counted without changes here.
struct PassWork {
  /// The samples of each forward pass alive at the same time.
  var forward: [Int] = []
  /// The samples of the backward pass, if there is one.
  var backward: Int?
  /// Whether the line makes the optimizer's memory: at most two numbers per parameter (Adam's
  /// two moments).
  var optimizer = false
  /// Other numbers the line allocates, each with what it is.
  var other: [(what: String, numbers: Int)] = []
}

extension Session {
  /// Refuses `work` on `network` if it would keep more numbers than the memory limit, before
  /// anything is allocated, saying how much it would take, what takes the most, and how to raise
  /// the limit. `command` names the line (`'accuracy'`).
  func requireMemory(
    for work: PassWork, of network: Network, command: String, at range: SourceRange
  ) throws(Diagnostic) {
    var parts: [(what: String, numbers: Int)] = work.forward.map {
      (
        "the forward pass of \(NumberFormat.grouped($0)) sample\($0 == 1 ? "" : "s")",
        network.forwardNumbers(samples: $0)
      )
    }
    if let samples = work.backward {
      parts.append(("the backward pass", network.backwardNumbers(samples: samples)))
    }
    if work.optimizer {
      parts.append(("the optimizer's memory", NumberCount.product(2, network.parameterCount)))
    }
    parts += work.other
    let total = NumberCount.sum(parts.map(\.numbers))
    guard total > maxNumbers else { return }
    var notes = [
      Diagnostic.Note(
        parts.filter { $0.numbers > 0 }.map { "\($0.what): \(Session.size($0.numbers))" }.joined(
          separator: "; "))
    ]
    if let samples = work.forward.max(),
      let (layer, numbers) = network.largestPass(samples: samples), numbers > 0
    {
      let names = Session.listed(network.layers[layer - 1].passNames)
      notes.append(
        .init(
          "layer \(layer) (\(network.layers[layer - 1])) keeps the most: \(Session.size(numbers)), its \(names) of \(NumberFormat.grouped(samples)) sample\(samples == 1 ? "" : "s"); use fewer samples or a smaller layer"
        ))
    }
    notes.append(memoryNote)
    throw .runtime(
      "runtime.passTooLarge",
      "\(command) would keep \(Session.size(total)) while it runs, over the memory limit",
      at: range, notes: notes)
  }

  /// `z and a`, `z, h and a`.
  static func listed(_ names: [String]) -> String {
    names.count < 2
      ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
  }

  /// `200,000,000 numbers (1.6 GB)`, or a count too large for memory.
  static func size(_ numbers: Int) -> String {
    numbers > Int.max / 8
      ? "more numbers than memory can hold"
      : "\(NumberFormat.grouped(numbers)) numbers (\(NumberFormat.bytes(numbers * 8)))"
  }

  /// The target matrix of `samples` samples for `network`: one row of outputs per sample.
  static func targetNumbers(samples: Int, of network: Network) -> Int {
    NumberCount.product(samples, network.outputShape.count)
  }

  /// Refuses a forward pass of `samples` samples (with their targets, if the loss is measured):
  /// forward, predict, accuracy, the loss of `expect`, a plot.
  func requireForwardMemory(
    samples: Int, of network: Network, withTargets: Bool, command: String, at range: SourceRange
  ) throws(Diagnostic) {
    var work = PassWork(forward: [samples])
    if withTargets {
      work.other.append(("the targets", Session.targetNumbers(samples: samples, of: network)))
    }
    try requireMemory(for: work, of: network, command: command, at: range)
  }
}

extension Session {
  /// Everything a gradient needs (`requireTrainingSetup(at:)`), after refusing the passes `work`
  /// describes for this network and data if they would not fit: checked before the targets and
  /// the passes are allocated.
  func requireTrainingSetup(
    for command: String, at range: SourceRange, work: (Network, Dataset) -> PassWork
  ) throws(Diagnostic) -> (Network, Dataset, Loss, Matrix) {
    let network = try requireLayers(at: range)
    let data = try requireData(at: range)
    try requireMemory(for: work(network, data), of: network, command: command, at: range)
    return try requireTrainingSetup(at: range)
  }
}

extension Session {
  /// What `train` keeps while it runs: the pass of the whole data that measures the loss after
  /// every epoch (and the held-out samples' after `split`), the backward pass of a batch (of the
  /// whole data, or a mini-batch with its own pass and its copy of the batch's rows), the
  /// optimizer's memory, and the targets.
  func trainingWork(_ network: Network, _ data: Dataset) -> PassWork {
    let n = data.count
    let test = testData?.count ?? 0
    let batch = min(trainer.batchSize ?? n, n)
    var work = PassWork(forward: [n, test].filter { $0 > 0 }, backward: batch, optimizer: true)
    if batch < n {
      work.forward.append(batch)
      work.other.append(
        (
          "the mini-batch",
          NumberCount.product(batch, NumberCount.sum(network.inputWidth, network.outputShape.count))
        ))
    }
    work.other.append(("the targets", Session.targetNumbers(samples: n + test, of: network)))
    return work
  }
}
