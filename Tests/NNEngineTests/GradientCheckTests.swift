import Foundation
@testable import NNEngine
import NNTestSupport
import Testing

/// Backpropagation is checked against central differences for every output activation with
/// every loss, and for deeper networks that mix activations.
@Suite("Backprop agrees with numeric gradients")
struct GradientCheckTests {
  /// Weights from the reference's closed formula, scaled, so every test sees the same numbers.
  static func network(
    _ sizes: [Int], _ activations: [Activation], scale: Double = 1, outputBias: Double? = nil
  ) -> Network {
    var network = Network(inputWidth: sizes[0])
    for l in 1..<sizes.count {
      let (fanIn, fanOut) = (sizes[l - 1], sizes[l])
      var w = Matrix(rows: fanIn, columns: fanOut)
      for i in 0..<fanIn {
        for j in 0..<fanOut {
          w[i, j] = scale * 0.5 * sin(Double(1 + 7 * i + 3 * j + 11 * (l - 1)))
        }
      }
      var b = Matrix(rows: 1, columns: fanOut)
      for j in 0..<fanOut { b[0, j] = 0.1 * cos(Double(1 + 5 * j + 13 * (l - 1))) }
      if l == sizes.count - 1, let outputBias {
        b = b + Matrix(row: Array(repeating: outputBias, count: fanOut))
      }
      network.layers.append(DenseLayer(weights: w, bias: b, activation: activations[l - 1]))
    }
    return network
  }

  static let x = Matrix([
    [0.9, -0.4, 0.3], [-0.7, 0.2, 0.8], [0.1, 0.6, -0.5], [0.5, 0.5, 0.5], [-0.3, -0.8, 0.2],
  ])

  /// Targets that suit each output: one-hot rows for softmax, numbers in [0, 1] otherwise.
  static func targets(for activation: Activation) -> Matrix {
    activation == .softmax
      ? Matrix([[1, 0], [0, 1], [0, 1], [1, 0], [1, 0]])
      : Matrix([[0, 1], [1, 0.3], [0.2, 1], [1, 1], [0, 0.6]])
  }

  static func maximumRelativeError(_ network: Network, _ x: Matrix, _ targets: Matrix, _ loss: Loss)
    -> Double
  {
    let analytic = network.backward(network.forward(x), targets: targets, loss: loss)
    let comparisons =
      (GradientCheck.compare(analytic, for: network, input: x, targets: targets, loss: loss) ?? [])
    return comparisons.map(\.relativeError).max() ?? .infinity
  }

  @Test("output activation × loss", arguments: Activation.allCases, Loss.allCases)
  func everyOutputWithEveryLoss(_ output: Activation, _ loss: Loss) {
    // Small output weights and a 0.5 bias keep every output inside (0, 1), where cross-entropy
    // is defined even after relu, tanh or linear.
    let network = Self.network([3, 4, 2], [.tanh, output], scale: 0.3, outputBias: 0.5)
    let error = Self.maximumRelativeError(network, Self.x, Self.targets(for: output), loss)
    #expect(error < 1e-6, "\(output) + \(loss): relative error \(error)")
  }

  @Test("hidden activation in a deeper network", arguments: Activation.allCases)
  func everyHiddenActivation(_ hidden: Activation) {
    let network = Self.network([3, 5, 4, 2], [hidden, .sigmoid, .softmax])
    let error = Self.maximumRelativeError(
      network, Self.x, Self.targets(for: .softmax), .crossentropy)
    #expect(error < 1e-6, "hidden \(hidden): relative error \(error)")
  }

  @Test("a deliberately wrong gradient fails the check, and only that one")
  func wrongGradientFails() throws {
    let network = Self.network([3, 4, 2], [.sigmoid, .softmax])
    let targets = Self.targets(for: .softmax)
    var analytic = network.backward(network.forward(Self.x), targets: targets, loss: .crossentropy)
    analytic.layers[0].parameters[0][1, 2] *= 1.01  // the fault: one entry of ∇W1 off by 1%
    let comparisons =
      (GradientCheck.compare(
        analytic, for: network, input: Self.x, targets: targets, loss: .crossentropy) ?? [])
    #expect(comparisons.filter { !$0.passes }.map(\.name) == ["W1"])
    let failing = try #require(comparisons.first { !$0.passes })
    #expect(failing.relativeError > 1e-4)
    #expect(abs(failing.largestDifference - abs(analytic.weights(0)[1, 2]) * 0.01 / 1.01) < 1e-8)
  }

  @Test("frozen layers are not checked")
  func frozenLayersSkipped() {
    var network = Self.network([3, 4, 2], [.sigmoid, .softmax])
    network.layers[0].isFrozen = true
    let targets = Self.targets(for: .softmax)
    let analytic = network.backward(network.forward(Self.x), targets: targets, loss: .crossentropy)
    #expect(
      (GradientCheck.compare(
        analytic, for: network, input: Self.x, targets: targets, loss: .crossentropy) ?? []).map(
          \.layer) == [2, 2])
  }

  @Test("relative error is 0 for equal gradients and large for wrong ones")
  func relativeErrorMeasure() {
    let g = Matrix([[1, -2], [0, 3]])
    #expect(GradientCheck.relativeError(g, g) == 0)
    #expect(
      GradientCheck.relativeError(Matrix(rows: 2, columns: 2), Matrix(rows: 2, columns: 2)) == 0)
    #expect(GradientCheck.relativeError(g, -1 * g) == 1)
  }

  @Test("gradient descent lowers the loss and leaves frozen layers bit-identical")
  func descentAndFreezing() {
    var network = Self.network([3, 4, 2], [.sigmoid, .softmax])
    network.layers[0].isFrozen = true
    let before = network
    let targets = Self.targets(for: .softmax)
    let pass = network.forward(Self.x)
    network.descend(
      along: network.backward(pass, targets: targets, loss: .crossentropy), learningRate: 0.5)
    #expect(network.layers[0].isEqual(to: before.layers[0]))
    #expect(!network.layers[1].isEqual(to: before.layers[1]))
    #expect(
      network.loss(of: network.forward(Self.x), targets: targets, loss: .crossentropy)
        < before.loss(of: pass, targets: targets, loss: .crossentropy))
  }
}

@Suite("LoRA adapters")
struct LowRankAdapterTests {
  static let x = GradientCheckTests.x
  static let targets = GradientCheckTests.targets(for: .softmax)

  /// The 3-4-2 test network with a rank-2 adapter on layer 1 whose B is not zero, so that both
  /// A's and B's gradients are non-trivial.
  static func adapted() -> Network {
    var network = GradientCheckTests.network([3, 4, 2], [.tanh, .softmax])
    network.adapt(layer: 0, rank: 2, alpha: 3, seed: 7)
    network.changeDense(0) {
      $0.adapter?.up = Matrix([[0.3, -0.2, 0.1, 0.5], [-0.4, 0.6, 0.2, -0.1]])
    }
    return network
  }

  @Test("∇A and ∇B agree with central differences")
  func gradients() {
    let network = Self.adapted()
    let analytic = network.backward(
      network.forward(Self.x), targets: Self.targets, loss: .crossentropy)
    let comparisons =
      (GradientCheck.compare(
        analytic, for: network, input: Self.x, targets: Self.targets, loss: .crossentropy) ?? [])
    #expect(comparisons.map(\.name) == ["A1", "B1", "W2", "b2"])
    #expect(comparisons.allSatisfy { $0.relativeError < 1e-7 })
  }

  @Test("a new adapter changes nothing (B = 0); training moves A and B but never W or b")
  func training() {
    let plain = GradientCheckTests.network([3, 4, 2], [.tanh, .softmax])
    var network = plain
    network.adapt(layer: 0, rank: 2, alpha: 2, seed: 1)
    #expect(network.forward(Self.x).output == plain.forward(Self.x).output)
    #expect(network.trainableParameterCount == 2 * (3 + 4) + 10)
    var (trainer, shuffler) = (Trainer(), SeededGenerator(seed: 1))
    for _ in 0..<5 {
      trainer.runEpoch(
        &network, inputs: Self.x, targets: Self.targets, loss: .crossentropy, shuffler: &shuffler)
    }
    #expect(network.dense(0).weights == plain.dense(0).weights)
    #expect(network.dense(0).bias == plain.dense(0).bias)
    #expect(network.dense(0).adapter?.up != Matrix(rows: 2, columns: 4))
  }

  @Test("merging folds (α/r)·A·B into W and computes the same outputs")
  func merging() {
    var network = Self.adapted()
    let before = network.forward(Self.x).output
    let expected =
      network.dense(0).weights + 1.5
      * network.dense(0).adapter!.down.matmul(network.dense(0).adapter!.up)
    network.merge(layer: 0)
    #expect(network.dense(0).adapter == nil)
    #expect(network.dense(0).weights == expected)
    expectApproximatelyEqual(network.forward(Self.x).output, before, tolerance: 1e-14)
  }
}

@Suite("Stopping a gradient check")
struct GradientCheckStopTests {
  @Test("a check asked to stop returns nothing, having checked at most one layer")
  func stop() {
    let network = GradientCheckTests.network([3, 4, 2], [.tanh, .softmax])
    let targets = GradientCheckTests.targets(for: .softmax)
    let analytic = network.backward(
      network.forward(GradientCheckTests.x), targets: targets, loss: .crossentropy)
    var asked = 0
    let result = GradientCheck.compare(
      analytic, for: network, input: GradientCheckTests.x, targets: targets, loss: .crossentropy
    ) {
      asked += 1
      return asked > 1
    }
    #expect(result == nil)
    #expect(asked == 2)
  }
}
