import NNEngine

/// An LSTM on a parity task: 20 steps of 8 random bits each, the label the parity of all the
/// bits of the last 2 steps; lstm 32 → dense 2 softmax (lesson 09's `20x8 | lstm 32 | dense 2
/// softmax`), trained with mini-batch gradient descent.
struct RecurrentBenchmark: Benchmark {
  static let workload = Workload(
    name: "lstm-parity", model: "lstm", data: "parity", samples: 2048, batch: 32, epochs: 1,
    rate: 0.1, runs: 3,
    layers: ["input 20x8", "lstm 32", "dense 2 softmax"], steps: 20, features: 8, lastSteps: 2,
    units: 32)

  /// The stream of seed 42 the bits are drawn from (NumPy's twin draws the same).
  static let dataStream: UInt64 = 0x5041_5249  // "PARI"

  let workload: Workload
  let inputs: Matrix
  let targets: Matrix

  /// The bits, x[i, t·F + f] = next() mod 2 in sample, step, feature order; the one-hot parity.
  init(_ workload: Workload) {
    self.workload = workload
    let (t, f, k) = (workload.steps!, workload.features!, workload.lastSteps!)
    var generator = SeededGenerator(seed: 42, stream: Self.dataStream)
    var (x, y) = (
      Matrix(rows: workload.samples, columns: t * f), Matrix(rows: workload.samples, columns: 2)
    )
    for i in 0..<workload.samples {
      for j in 0..<(t * f) { x[i, j] = Double(generator.next() % 2) }
      let ones = ((t - k) * f..<(t * f)).reduce(0) { $0 + Int(x[i, $1]) }
      y[i, ones % 2] = 1
    }
    (inputs, targets) = (x, y)
  }

  /// Drawn as a session would (Xavier, stream l of seed 42; the forget gate's bias at 1).
  var initialNetwork: Network {
    let (t, f, h) = (workload.steps!, workload.features!, workload.units!)
    let lstm = LSTMLayer(
      number: 1, units: h, features: f, steps: t, returnsSequences: false, initialization: .xavier,
      seed: 42)
    let dense = DenseLayer(
      number: 2, inputShape: .features(h), units: 2, activation: .softmax, initialization: .xavier,
      seed: 42)
    return Network(inputShape: .sequence(steps: t, features: f), layers: [lstm, dense])
  }

  func train() -> Double {
    var network = initialNetwork
    Self.trainEpochs(
      &network, inputs: inputs, targets: targets, batch: workload.batch, epochs: workload.epochs,
      rate: workload.rate)
    return Self.loss(of: network, inputs: inputs, targets: targets)
  }
}
