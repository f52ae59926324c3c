#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNEngine
import NNLanguage

/// The dense workloads: an MLP of `sizes` on the seed's 4 samples or on MNIST-shaped made-up
/// data, trained by the engine, by a session's `train`, or data-parallel on two threads.
struct DenseBenchmark: Benchmark {
  let workload: Workload
  let inputs: Matrix
  let targets: Matrix

  init(_ workload: Workload) {
    self.workload = workload
    (inputs, targets) = DenseBenchmark.dataset(workload)
  }

  /// The inputs and one-hot targets.
  static func dataset(_ workload: Workload) -> (inputs: Matrix, targets: Matrix) {
    if workload.data == "seed" {
      return (
        Matrix([[1, 0], [0, 1], [1, 1], [0, 0]]),
        Matrix([[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]])
      )
    }
    let (width, classes) = (workload.sizes[0], workload.sizes[workload.sizes.count - 1])
    var x = Matrix(rows: workload.samples, columns: width)
    var y = Matrix(rows: workload.samples, columns: classes)
    for i in 0..<workload.samples {
      for k in 0..<width { x[i, k] = cos(0.5 + 1.3 * Double(i) + 0.7 * Double(k)) }
      y[i, i % classes] = 1
    }
    return (x, y)
  }

  /// The starting network, from a closed formula that NumPy computes identically.
  var initialNetwork: Network {
    let sizes = workload.sizes
    var network = Network(inputWidth: sizes[0])
    for l in 1..<sizes.count {
      let (fanIn, fanOut) = (sizes[l - 1], sizes[l])
      let scale = (2 / Double(fanIn)).squareRoot()
      var w = Matrix(rows: fanIn, columns: fanOut)
      for i in 0..<fanIn {
        for j in 0..<fanOut { w[i, j] = scale * sin(Double(1 + 7 * i + 3 * j + 11 * (l - 1))) }
      }
      network.layers.append(
        DenseLayer(
          weights: w, bias: Matrix(rows: 1, columns: fanOut),
          activation: Activation(rawValue: workload.activations[l - 1])!))
    }
    return network
  }

  func train() -> Double {
    var network = initialNetwork
    switch workload.path {
    case "session": return trainInSession()
    case "data-parallel":
      var training = DataParallelTraining(network: network)
      training.train(
        &network, inputs: inputs, targets: targets, epochs: workload.epochs, rate: workload.rate,
        batch: workload.batch)
    default:
      Self.trainEpochs(
        &network, inputs: inputs, targets: targets, batch: workload.batch, epochs: workload.epochs,
        rate: workload.rate)
    }
    return Self.loss(of: network, inputs: inputs, targets: targets)
  }

  /// Trains a fresh network by running `train <epochs>` in a session that holds it, as a student
  /// would at the prompt; it shuffles exactly as `trainEpochs` does.
  func trainInSession() -> Double {
    var session = Session()
    session.network = initialNetwork
    session.data = Dataset(inputs: inputs, labels: .targets(targets))
    session.loss = .crossentropy
    session.trainer.learningRate = workload.rate
    session.trainer.batchSize = workload.batch
    var interpreter = Interpreter(session: session)
    guard
      case .success = interpreter.run(line: "train \(workload.epochs)", number: 1, emit: { _ in })
    else { return .nan }
    return Self.loss(of: interpreter.session.network!, inputs: inputs, targets: targets)
  }
}
