import Foundation
import NNTestSupport
import Testing

@testable import NNEngine

@Suite("Training: data, optimizers, mini-batches")
struct TrainingTests {
  @Test(
    "drawn data: the same seed gives the same points, another seed others",
    arguments: Dataset.Pattern.allCases)
  func reproducibleData(_ pattern: Dataset.Pattern) {
    var a = SeededGenerator(seed: 5)
    var b = SeededGenerator(seed: 5)
    var c = SeededGenerator(seed: 6)
    let first = Dataset.generate(pattern, count: 40, noise: 0.1, using: &a)
    #expect(first == Dataset.generate(pattern, count: 40, noise: 0.1, using: &b))
    #expect(first != Dataset.generate(pattern, count: 40, noise: 0.1, using: &c))
    #expect(first.count == 40)
  }

  @Test("without noise each pattern keeps its rule")
  func patternRules() {
    var g = SeededGenerator(seed: 1)
    let circle = Dataset.generate(.circle, count: 100, noise: 0, using: &g)
    for i in 0..<100 {
      let r =
        (circle.inputs[i, 0] * circle.inputs[i, 0] + circle.inputs[i, 1] * circle.inputs[i, 1])
        .squareRoot()
      #expect(circle.classes?[i] == (r <= 2.5 ? 1 : 0))
    }
    let xor = Dataset.generate(.xor, count: 100, noise: 0, using: &g)
    for i in 0..<100 {
      #expect(xor.classes?[i] == (xor.inputs[i, 0] * xor.inputs[i, 1] >= 0 ? 0 : 1))
    }
    let sine = Dataset.generate(.sine, count: 20, noise: 0, using: &g)
    guard case .targets(let targets) = sine.labels else {
      Issue.record("sine is a regression"); return
    }
    for i in 0..<20 { #expect(targets[i, 0] == sin(sine.inputs[i, 0])) }
    #expect(
      Dataset.generate(.spiral, count: 100, noise: 0, using: &g).classes?.filter { $0 == 1 }.count
        == 50)
  }

  @Test("sgd and momentum steps, computed by hand")
  func sgdAndMomentum() {
    var θ = Matrix(row: [1, -2])
    let (g1, g2) = (Matrix(row: [0.5, 0.25]), Matrix(row: [-1, 2]))
    var state = OptimizerState(
      first: [[Matrix(rows: 1, columns: 2)]], second: [[Matrix(rows: 1, columns: 2)]])
    var plain = θ
    Optimizer.sgd.step(&plain, g1, 0.1, &state, layer: 0, index: 0)
    #expect(plain == Matrix(row: [1 - 0.05, -2 - 0.025]))
    let momentum = Optimizer.momentum(beta: 0.9)
    momentum.step(&θ, g1, 0.1, &state, layer: 0, index: 0)  // v = g1
    #expect(θ == Matrix(row: [0.95, -2.025]))
    momentum.step(&θ, g2, 0.1, &state, layer: 0, index: 0)  // v = 0.9·g1 + g2 = [-0.55, 2.225]
    expectApproximatelyEqual(θ, Matrix(row: [0.95 + 0.055, -2.025 - 0.2225]), tolerance: 1e-15)
  }

  @Test("Adam's first step is α times the sign of the gradient (bias correction at work)")
  func adamFirstStep() {
    var state = OptimizerState(
      first: [[Matrix(rows: 1, columns: 3)]], second: [[Matrix(rows: 1, columns: 3)]])
    state.steps = 1
    var step = Matrix(row: [0, 0, 0])
    Optimizer.adam.step(&step, Matrix(row: [4, -0.001, 250]), 0.01, &state, layer: 0, index: 0)
    // m̂ = g and ŝ = g², so the step is α·g/(|g| + ε).
    expectApproximatelyEqual(step, Matrix(row: [-0.01, 0.01, -0.01]), tolerance: 1e-5)
    expectApproximatelyEqual(
      state.first[0][0], 0.1 * Matrix(row: [4, -0.001, 250]), tolerance: 1e-15)
  }

  static let x = Matrix([[0.9, -0.4], [-0.7, 0.2], [0.1, 0.6], [0.5, 0.5], [-0.3, -0.8]])
  static let y = Matrix([[1, 0], [0, 1], [0, 1], [1, 0], [1, 0]])

  /// Where a matrix's entries live: the same address means the same storage, not a new copy.
  static func address(_ m: Matrix) -> UnsafePointer<Double>? {
    m.elements.withUnsafeBufferPointer { $0.baseAddress }
  }

  @Test(
    "after the first step, training writes into the same matrices: no allocation per step",
    arguments: [nil, 2])
  func stepsReuseStorage(batchSize: Int?) {
    var network = GradientCheckTests.network([2, 3, 2], [.tanh, .softmax])
    var (trainer, workspace, shuffler) = (Trainer(), TrainingWorkspace(), SeededGenerator(seed: 9))
    trainer.batchSize = batchSize
    trainer.optimizer = .adam
    func epoch() {
      trainer.runEpoch(
        &network, inputs: Self.x.rows(at: 0..<4), targets: Self.y.rows(at: 0..<4),
        loss: .crossentropy,
        shuffler: &shuffler, reusing: &workspace)
    }
    epoch()
    let before =
      (workspace.pass.layers.flatMap(\.matrices)
      + workspace.gradients.layers.flatMap { $0.parameters + [$0.delta] }
      + network.layers.flatMap { $0.parameters.map(\.value) }).map(Self.address)
    let weights = network.dense(0).weights.elements.map { $0 }  // a copy with storage of its own
    for _ in 0..<3 { epoch() }
    let after =
      (workspace.pass.layers.flatMap(\.matrices)
      + workspace.gradients.layers.flatMap { $0.parameters + [$0.delta] }
      + network.layers.flatMap { $0.parameters.map(\.value) }).map(Self.address)
    #expect(before == after)
    #expect(network.dense(0).weights.elements != weights)  // it did train
  }

  @Test("mini-batches: ⌈n/b⌉ updates an epoch; full batch is plain gradient descent")
  func miniBatches() {
    let network = GradientCheckTests.network([2, 3, 2], [.tanh, .softmax])
    var shuffler = SeededGenerator(seed: 9)
    var trainer = Trainer()
    trainer.batchSize = 2
    var batched = network
    #expect(
      trainer.runEpoch(
        &batched, inputs: Self.x, targets: Self.y, loss: .crossentropy, shuffler: &shuffler) == 3)
    var full = network
    var plain = network
    var fullTrainer = Trainer()
    fullTrainer.learningRate = 0.3
    #expect(
      fullTrainer.runEpoch(
        &full, inputs: Self.x, targets: Self.y, loss: .crossentropy, shuffler: &shuffler) == 1)
    plain.descend(
      along: plain.backward(plain.forward(Self.x), targets: Self.y, loss: .crossentropy),
      learningRate: 0.3)
    #expect(full == plain)
  }

  @Test("the same seed shuffles the same batches")
  func reproducibleShuffles() {
    let network = GradientCheckTests.network([2, 3, 2], [.tanh, .softmax])
    func trained() -> Network {
      var (copy, shuffler, trainer) = (network, SeededGenerator(seed: 4), Trainer())
      trainer.batchSize = 2
      for _ in 0..<3 {
        trainer.runEpoch(
          &copy, inputs: Self.x, targets: Self.y, loss: .crossentropy, shuffler: &shuffler)
      }
      return copy
    }
    #expect(trained() == trained())
  }

  @Test("L2 adds λ·W to the weight gradients and leaves the biases alone")
  func weightDecay() {
    let network = GradientCheckTests.network([2, 3, 2], [.tanh, .softmax])
    var (decayed, shuffler, trainer) = (network, SeededGenerator(seed: 1), Trainer())
    trainer.l2 = 0.5
    trainer.runEpoch(
      &decayed, inputs: Self.x, targets: Self.y, loss: .crossentropy, shuffler: &shuffler)
    var gradients = network.backward(network.forward(Self.x), targets: Self.y, loss: .crossentropy)
    for l in network.layers.indices {
      gradients.layers[l].parameters[0] = gradients.weights(l) + 0.5 * network.dense(l).weights
    }
    var manual = network
    manual.descend(along: gradients, learningRate: 0.1)
    #expect(decayed == manual)
  }

  @Test("standardized features have mean 0 and deviation 1; a split keeps every sample once")
  func scaling() {
    var g = SeededGenerator(seed: 2)
    let data = Dataset.generate(.gauss, count: 50, noise: 0.2, using: &g)
    let (means, deviations) = data.featureStatistics
    let scaled = data.standardized(means: means, deviations: deviations).featureStatistics
    #expect(scaled.means.allSatisfy { abs($0) < 1e-12 })
    #expect(scaled.deviations.allSatisfy { abs($0 - 1) < 1e-12 })
    let order = g.permutation(of: 50)
    #expect(data.samples(at: order).inputs.elements.sorted() == data.inputs.elements.sorted())
  }
}
