#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNEngine
import NNLanguage

/// One training run to time: a network, its data, and how it trains. `numpy_reference.py` reads
/// the same description (`nnrepl-benchmark --list`), so both sides train the same thing.
struct Workload: Encodable {
  var name: String
  /// Which network, and which of NumPy's twins: "dense" (an MLP of `sizes`), "conv", "lstm" or
  /// "gpt" (a character language model of transformer blocks).
  var model = "dense"
  /// Layer widths, input first: [784, 128, 10] (dense only).
  var sizes: [Int] = []
  /// Each layer's activation, by name: "relu", "softmax" (dense only).
  var activations: [String] = []
  /// "seed" is the seed document's 4 samples (§5.2); "synthetic" is MNIST-shaped made-up data;
  /// "digits" the 8×8 digits of `dataFile`; "parity" random bits; "text" windows of `dataFile`.
  var data: String
  /// The samples of the data set; for "gpt", the windows of one batch.
  var samples: Int
  var batch: Int
  /// Passes over the data; for "gpt", the updates, each on `batch` fresh windows.
  var epochs: Int
  var rate: Double
  /// Timed runs after the warm-up.
  var runs: Int
  /// "engine" trains with `Trainer` directly; "session" types `train <epochs>` into a session,
  /// which also measures the loss on all the data after every epoch, as the REPL shows it;
  /// "data-parallel" trains on two threads of its own, each with half of every batch and a
  /// single-threaded BLAS (`DataParallelTraining.swift`).
  var path = "engine"
  /// The network as a student would type it, for people reading the list.
  var layers: [String]?
  /// The file the data is read from (digits.csv, tinyshakespeare.txt), the same for both sides.
  var dataFile: String?
  /// Sequences: T, the time steps or tokens of a sample, and F, the features of a step.
  var steps: Int?
  var features: Int?
  /// The parity task's label: the parity of every bit of the last `lastSteps` steps.
  var lastSteps: Int?
  /// lstm: H; gpt: D, the width of the residual stream.
  var units: Int?
  /// gpt: the transformer blocks and their heads.
  var blocks: Int?
  var heads: Int?
  /// gpt: AdamW's λ and the global norm gradients are clipped to.
  var weightDecay: Double?
  var clipNorm: Double?

  static let all: [Workload] =
    [
      Workload(
        name: "seed-5.2", sizes: [2, 4, 3], activations: ["sigmoid", "softmax"], data: "seed",
        samples: 4, batch: 4,
        epochs: 1000, rate: 0.1, runs: 15),
      Workload(
        name: "mlp", sizes: [784, 128, 10], activations: ["relu", "softmax"], data: "synthetic",
        samples: 8192,
        batch: 128, epochs: 5, rate: 0.05, runs: 5),
      Workload(
        name: "mlp-session", sizes: [784, 128, 10], activations: ["relu", "softmax"],
        data: "synthetic",
        samples: 8192, batch: 128, epochs: 5, rate: 0.05, runs: 5, path: "session"),
    ]
    + [64, 128, 256, 512, 1024].map { width in
      Workload(
        name: "width-\(width)", sizes: [784, width, 10], activations: ["relu", "softmax"],
        data: "synthetic",
        samples: 8192, batch: 128, epochs: 1, rate: 0.05, runs: 5)
    }
    + [1, 4, 16, 64, 128, 512].map { batch in
      Workload(
        name: "batch-\(batch)", sizes: [784, 128, 10], activations: ["relu", "softmax"],
        data: "synthetic",
        samples: 8192, batch: batch, epochs: 1, rate: 0.05, runs: 3)
    }
    + [16, 64, 128, 512].map { batch in
      Workload(
        name: "data-parallel-\(batch)", sizes: [784, 128, 10], activations: ["relu", "softmax"],
        data: "synthetic",
        samples: 8192, batch: batch, epochs: 1, rate: 0.05, runs: 3, path: "data-parallel")
    }
    + [ConvolutionBenchmark.workload, RecurrentBenchmark.workload]
    + LanguageModelBenchmark.workloads

  /// The repository's `lessons/data` folder, found from this source file's place, so the
  /// benchmark reads the data the lessons ship wherever it is run from.
  static let lessonData: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // Benchmarks/Sources/nnrepl-benchmark/Workload.swift
    return (parts + ["lessons", "data"]).joined(separator: "/")
  }()

  /// The workload's network before training, with its data ready: what is timed is `train()`.
  func prepare() throws -> any Benchmark {
    switch model {
    case "conv": try ConvolutionBenchmark(self)
    case "lstm": RecurrentBenchmark(self)
    case "gpt": try LanguageModelBenchmark(self)
    default: DenseBenchmark(self)
    }
  }
}

/// A workload made ready to train: its data read or drawn, its starting network built.
protocol Benchmark {
  /// The network every run starts from; `--weights` writes it out for the NumPy twin.
  var initialNetwork: Network { get }
  /// Trains a fresh copy of `initialNetwork` and returns the loss both sides compare.
  func train() -> Double
}

extension Benchmark {
  /// Trains `network` for `epochs` epochs of shuffled mini-batches with plain gradient descent
  /// through the engine's `Trainer` (the code the REPL's `train` runs); batches are shuffled by a
  /// new session's shuffler, which NumPy's twin reimplements.
  static func trainEpochs(
    _ network: inout Network, inputs: Matrix, targets: Matrix, batch: Int, epochs: Int, rate: Double
  ) {
    var trainer = Trainer()
    trainer.learningRate = rate
    trainer.batchSize = batch
    var shuffler = Session().shuffler
    var workspace = TrainingWorkspace()
    for _ in 0..<epochs {
      trainer.runEpoch(
        &network, inputs: inputs, targets: targets, loss: .crossentropy, shuffler: &shuffler,
        reusing: &workspace)
    }
  }

  /// The cross-entropy of `network` on `inputs`: what both sides report to compare results.
  static func loss(of network: Network, inputs: Matrix, targets: Matrix) -> Double {
    network.loss(of: network.forward(inputs), targets: targets, loss: .crossentropy)
  }
}
