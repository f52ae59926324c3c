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
  /// Layer widths, input first: [784, 128, 10].
  var sizes: [Int]
  /// Each layer's activation, by name: "relu", "softmax".
  var activations: [String]
  /// "seed" is the seed document's 4 samples (§5.2); "synthetic" is MNIST-shaped made-up data.
  var data: String
  var samples: Int
  var batch: Int
  var epochs: Int
  var rate: Double
  /// Timed runs after the warm-up.
  var runs: Int
  /// "engine" trains with `Trainer` directly; "session" types `train <epochs>` into a session,
  /// which also measures the loss on all the data after every epoch, as the REPL shows it.
  var path = "engine"

  static let all: [Workload] =
    [
      Workload(
        name: "seed-5.2", sizes: [2, 4, 3], activations: ["sigmoid", "softmax"], data: "seed", samples: 4, batch: 4,
        epochs: 1000, rate: 0.1, runs: 15),
      Workload(
        name: "mlp", sizes: [784, 128, 10], activations: ["relu", "softmax"], data: "synthetic", samples: 8192,
        batch: 128, epochs: 5, rate: 0.05, runs: 5),
      Workload(
        name: "mlp-session", sizes: [784, 128, 10], activations: ["relu", "softmax"], data: "synthetic",
        samples: 8192, batch: 128, epochs: 5, rate: 0.05, runs: 5, path: "session"),
    ]
    + [64, 128, 256, 512, 1024].map { width in
      Workload(
        name: "width-\(width)", sizes: [784, width, 10], activations: ["relu", "softmax"], data: "synthetic",
        samples: 8192, batch: 128, epochs: 1, rate: 0.05, runs: 5)
    }
    + [1, 4, 16, 64, 128, 512].map { batch in
      Workload(
        name: "batch-\(batch)", sizes: [784, 128, 10], activations: ["relu", "softmax"], data: "synthetic",
        samples: 8192, batch: batch, epochs: 1, rate: 0.05, runs: 3)
    }

  /// The inputs and one-hot targets.
  func dataset() -> (inputs: Matrix, targets: Matrix) {
    if data == "seed" {
      return (Matrix([[1, 0], [0, 1], [1, 1], [0, 0]]), Matrix([[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]]))
    }
    let (width, classes) = (sizes[0], sizes[sizes.count - 1])
    var x = Matrix(rows: samples, columns: width)
    var y = Matrix(rows: samples, columns: classes)
    for i in 0..<samples {
      for k in 0..<width { x[i, k] = cos(0.5 + 1.3 * Double(i) + 0.7 * Double(k)) }
      y[i, i % classes] = 1
    }
    return (x, y)
  }

  /// The starting network, from a closed formula that NumPy computes identically.
  func network() -> Network {
    var network = Network(inputWidth: sizes[0])
    for l in 1..<sizes.count {
      let (fanIn, fanOut) = (sizes[l - 1], sizes[l])
      let scale = (2 / Double(fanIn)).squareRoot()
      var w = Matrix(rows: fanIn, columns: fanOut)
      for i in 0..<fanIn {
        for j in 0..<fanOut { w[i, j] = scale * sin(Double(1 + 7 * i + 3 * j + 11 * (l - 1))) }
      }
      network.layers.append(
        DenseLayer(weights: w, bias: Matrix(rows: 1, columns: fanOut), activation: Activation(rawValue: activations[l - 1])!))
    }
    return network
  }

  /// Trains a fresh network with the engine's `Trainer`, the code the REPL's `train` runs, and
  /// returns the final loss on all the data. Batches are shuffled by a new session's shuffler.
  func train(_ data: (inputs: Matrix, targets: Matrix)) -> Double {
    var network = network()
    var trainer = Trainer()
    trainer.learningRate = rate
    trainer.batchSize = batch
    var shuffler = Session().shuffler
    var workspace = TrainingWorkspace()
    for _ in 0..<epochs {
      trainer.runEpoch(
        &network, inputs: data.inputs, targets: data.targets, loss: .crossentropy, shuffler: &shuffler,
        reusing: &workspace)
    }
    return Workload.finalLoss(of: network, on: data)
  }

  /// Trains a fresh network by running `train <epochs>` in a session that holds it, as a student
  /// would at the prompt; it shuffles exactly as `train(_:)` does.
  func trainInSession(_ data: (inputs: Matrix, targets: Matrix)) -> Double {
    var session = Session()
    session.network = network()
    session.data = Dataset(inputs: data.inputs, labels: .targets(data.targets))
    session.loss = .crossentropy
    session.trainer.learningRate = rate
    session.trainer.batchSize = batch
    var interpreter = Interpreter(session: session)
    guard case .success = interpreter.run(line: "train \(epochs)", number: 1, emit: { _ in }) else { return .nan }
    return Workload.finalLoss(of: interpreter.session.network!, on: data)
  }

  /// The cross-entropy of `network` on all the data: what both sides report to compare results.
  static func finalLoss(of network: Network, on data: (inputs: Matrix, targets: Matrix)) -> Double {
    network.loss(of: network.forward(data.inputs), targets: data.targets, loss: .crossentropy)
  }
}
