import Foundation
import NNEngine
import NNTestSupport
import Testing

/// The engine against numbers from independent NumPy and JAX implementations
/// (`Fixtures/reference-gradients.json`, trimmed from shared/reference/gradients.json).
@Suite("Reference networks (NumPy and JAX)")
struct ReferenceTests {
  struct Case: Decodable {
    struct Layer: Decodable { var Z: [[Double]]; var A: [[Double]] }
    struct Gradient: Decodable { var dW: [[Double]]; var db: [Double] }
    struct Weights: Decodable { var W: [[Double]]; var b: [Double] }
    struct SGD: Decodable {
      var lr: Double
      var loss_history_steps_0_to_10: [Double]
      var weights_after_10_steps: [Weights]
    }
    var layer_sizes: [Int]
    var activations: [String]
    var X: [[Double]]
    var y: [Int]?
    var T: [[Double]]?
    var forward: [Layer]
    var loss: Double
    var gradients: [Gradient]
    var sgd: SGD?
  }

  static let cases: [String: Case] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/reference-gradients.json")
    guard let data = try? Data(contentsOf: url),
      let cases = try? JSONDecoder().decode([String: Case].self, from: data.filteringTopLevel())
    else { return [:] }
    return cases
  }()

  /// The reference's closed formula for the weights.
  static func network(for reference: Case) -> Network {
    let activations = reference.activations.compactMap(Activation.init(rawValue:))
    return GradientCheckTests.network(reference.layer_sizes, activations)
  }

  static func targets(for reference: Case) throws -> Matrix {
    if let t = reference.T { return Matrix(t) }
    let labels = try #require(reference.y)
    return try Dataset(inputs: Matrix(reference.X), labels: .classes(labels)).targets(
      outputWidth: reference.layer_sizes.last ?? 0)
  }

  static let names = ["a_2_4_3_sigmoid_softmax_ce", "b_3_5_5_2_tanh_relu_linear_mse"]

  @Test("forward values, loss and every gradient agree to 1e-12", arguments: names)
  func forwardLossAndGradients(_ name: String) throws {
    let reference = try #require(Self.cases[name], "fixture \(name) is missing")
    let network = Self.network(for: reference)
    let loss: Loss = reference.T == nil ? .crossentropy : .mse
    let targets = try Self.targets(for: reference)
    let pass = network.forward(Matrix(reference.X))
    for (l, layer) in reference.forward.enumerated() {
      expectApproximatelyEqual(pass.z(l), Matrix(layer.Z), tolerance: 1e-12, "Z\(l + 1)")
      expectApproximatelyEqual(pass.a(l), Matrix(layer.A), tolerance: 1e-12, "A\(l + 1)")
    }
    #expect(
      isApproximatelyEqual(
        network.loss(of: pass, targets: targets, loss: loss), reference.loss, tolerance: 1e-12))
    let gradients = network.backward(pass, targets: targets, loss: loss)
    for (l, expected) in reference.gradients.enumerated() {
      expectApproximatelyEqual(
        gradients.weights(l), Matrix(expected.dW), tolerance: 1e-12, "dW\(l + 1)")
      expectApproximatelyEqual(
        gradients.bias(l), Matrix(row: expected.db), tolerance: 1e-12, "db\(l + 1)")
    }
  }

  @Test("ten steps of gradient descent follow the reference's loss history and weights")
  func tenStepsOfDescent() throws {
    let reference = try #require(Self.cases[Self.names[0]])
    let sgd = try #require(reference.sgd)
    var network = Self.network(for: reference)
    let (x, targets) = (Matrix(reference.X), try Self.targets(for: reference))
    for expected in sgd.loss_history_steps_0_to_10.dropLast() {
      let pass = network.forward(x)
      #expect(
        isApproximatelyEqual(
          network.loss(of: pass, targets: targets, loss: .crossentropy), expected, tolerance: 1e-12)
      )
      network.descend(
        along: network.backward(pass, targets: targets, loss: .crossentropy), learningRate: sgd.lr)
    }
    for (l, expected) in sgd.weights_after_10_steps.enumerated() {
      expectApproximatelyEqual(network.dense(l).weights, Matrix(expected.W), tolerance: 1e-12)
      expectApproximatelyEqual(network.dense(l).bias, Matrix(row: expected.b), tolerance: 1e-12)
    }
  }

  @Test("the dead relu unit of network b has a gradient column of exactly 0")
  func deadReluUnit() throws {
    let reference = try #require(Self.cases[Self.names[1]])
    let network = Self.network(for: reference)
    let pass = network.forward(Matrix(reference.X))
    let gradients = network.backward(pass, targets: try Self.targets(for: reference), loss: .mse)
    let dead = try #require((0..<5).first { j in (0..<5).allSatisfy { pass.a(1)[$0, j] == 0 } })
    #expect((0..<5).allSatisfy { gradients.weights(1)[$0, dead] == 0 })
  }
}

extension Data {
  /// The fixture's two network objects only, dropping its descriptive top-level entries.
  func filteringTopLevel() throws -> Data {
    guard var object = try JSONSerialization.jsonObject(with: self) as? [String: Any] else {
      return self
    }
    object = object.filter { $0.key.hasPrefix("a_") || $0.key.hasPrefix("b_") }
    return try JSONSerialization.data(withJSONObject: object)
  }
}
