import Foundation
import NNTestSupport
import Testing

@testable import NNEngine

/// LoRA on attention's projections and a transformer block's MLP: the gradients, merging, and
/// what training changes and leaves alone.
@Suite("LoRA adapters on attention and transformer blocks")
struct ProjectionAdapterTests {
  /// An adapter whose B is not zero, so that every gradient through it is non-trivial.
  static func adapter(inputs: Int, outputs: Int, rank: Int, alpha: Double, seed: Double)
    -> LowRankAdapter
  {
    LowRankAdapter(
      down: LayerCheck.numbers(inputs, rank, seed: seed, scale: 0.6),
      up: LayerCheck.numbers(rank, outputs, seed: seed + 0.5, scale: 0.5),
      alpha: alpha)
  }

  /// Adapters of rank 2 (and 1 on Wk, 2 with α = 3 on Wo) on every given projection of `layer`.
  static func adapted<L: ProjectionAdaptable>(_ layer: L, on projections: [Projection]) -> L {
    var layer = layer
    for (k, projection) in projections.enumerated() {
      let shape = layer.weightShape(of: projection)
      layer[adapter: projection] = adapter(
        inputs: shape.rows, outputs: shape.columns, rank: projection == .key ? 1 : 2,
        alpha: projection == .output ? 3 : 2,
        seed: 30 + Double(k))
    }
    return layer
  }

  static let attention = adapted(
    AttentionLayerTests.layer(heads: 2, causal: true), on: Projection.attention)
  static let block = adapted(TransformerBlockTests.block(), on: Projection.allCases)

  @Test(
    "attention with adapters on q, k, v, o: every gradient, W's and A's and B's, and ∂J/∂x agree with central differences"
  )
  func attentionGradients() {
    let (x, r) = (LayerCheck.numbers(2, 5 * 4, seed: 40), LayerCheck.numbers(2, 5 * 4, seed: 41))
    #expect(
      Self.attention.parameters.map(\.name).suffix(8) == [
        "Aq", "Bq", "Ak", "Bk", "Av", "Bv", "Ao", "Bo",
      ])
    LayerCheck.expectGradients(of: [Self.attention], input: x, weights: r)
  }

  @Test(
    "a transformer block with adapters on all six matrices: every gradient agrees with central differences",
    arguments: [true, false])
  func blockGradients(_ causal: Bool) {
    let block = Self.adapted(TransformerBlockTests.block(causal: causal), on: Projection.allCases)
    let (x, r) = (LayerCheck.numbers(2, 5 * 4, seed: 42), LayerCheck.numbers(2, 5 * 4, seed: 43))
    #expect(
      block.parameters.map(\.name).suffix(12) == [
        "Aq", "Bq", "Ak", "Bk", "Av", "Bv", "Ao", "Bo", "Aup", "Bup", "Adown", "Bdown",
      ])
    LayerCheck.expectGradients(of: [block], input: x, weights: r)
  }

  @Test("adapters on only some projections (v, then up) keep their places and gradients")
  func someProjections() {
    let block = Self.adapted(TransformerBlockTests.block(), on: [.value, .up])
    #expect(block.parameters.map(\.name).suffix(4) == ["Av", "Bv", "Aup", "Bup"])
    let (x, r) = (LayerCheck.numbers(3, 5 * 4, seed: 44), LayerCheck.numbers(3, 5 * 4, seed: 45))
    LayerCheck.expectGradients(of: [block], input: x, weights: r)
  }

  @Test(
    "under adapters only A and B train: the trainable flags, and the parameters training visits")
  func onlyAdaptersTrain() {
    var block = Self.adapted(TransformerBlockTests.block(), on: [.query, .down])
    let parameters = block.parameters
    #expect(parameters.filter(\.isTrainable).map(\.name) == ["Aq", "Bq", "Adown", "Bdown"])
    #expect(block.trainableParameterCount == 2 * (4 + 6) + 2 * (16 + 4), "Wq is 4×6: 2 heads of 3")
    var visited: [(Int, Bool)] = []
    block.updateTrainableParameters { index, decays, _ in visited.append((index, decays)) }
    #expect(visited.map(\.0) == [16, 17, 18, 19] && visited.allSatisfy { !$0.1 })
    block.isFrozen = true
    #expect(block.trainableParameterCount == 0)
  }

  /// The layer's output on `x`, a row per sample.
  static func output(_ layer: any Layer, _ x: Matrix) -> Matrix {
    LayerCheck.output(layer, x, samples: x.rows)
  }

  @Test(
    "merging folds (α/r)·A·B into each W: the merged layer's outputs equal the adapted one's to 1e-12"
  )
  func merging() {
    let x = LayerCheck.numbers(3, 5 * 4, seed: 46)
    var attention = Self.attention
    for projection in Projection.attention { attention.mergeAdapter(on: projection) }
    #expect(!attention.isAdapted && attention.parameters.count == 8)
    expectApproximatelyEqual(
      Self.output(attention, x), Self.output(Self.attention, x), tolerance: 1e-12)
    var block = Self.block
    for projection in Projection.allCases { block.mergeAdapter(on: projection) }
    #expect(!block.isAdapted && block.parameters.count == 16)
    expectApproximatelyEqual(Self.output(block, x), Self.output(Self.block, x), tolerance: 1e-12)
  }

  @Test("a new adapter (B = 0) changes no output, bit for bit; each projection draws its own A")
  func freshAdapters() {
    let plain = TransformerBlockTests.block()
    var network = Network(inputShape: .sequence(steps: 5, features: 4), layers: [plain])
    network.adapt(layer: 0, projections: Projection.allCases, rank: 2, alpha: 2, seed: 5)
    let x = LayerCheck.numbers(2, 20, seed: 47)
    #expect(
      network.forward(x).output
        == Network(inputShape: network.inputShape, layers: [plain]).forward(x).output)
    let adapted = network.layers[0] as! TransformerBlock
    #expect(adapted.attention.queryAdapter?.down != adapted.attention.keyAdapter?.down)
    // The same adapters whatever order the projections are adapted in.
    var reordered = Network(inputShape: network.inputShape, layers: [plain])
    reordered.adapt(layer: 0, projections: [.down, .value], rank: 2, alpha: 2, seed: 5)
    reordered.adapt(
      layer: 0, projections: [.query, .key, .output, .up], rank: 2, alpha: 2, seed: 5)
    #expect(reordered == network)
  }

  /// A sequence model, x → transformer block → attention → dense softmax per position, with
  /// targets one one-hot row per position.
  static func model() -> (Network, Matrix, Matrix) {
    var generator = SeededGenerator(seed: 3)
    let block = TransformerBlock(
      width: 4, heads: 2, causal: true, positions: 5, initialization: .xavier, using: &generator)
    let attention = AttentionLayer(
      width: 4, heads: 2, causal: true, positions: 5, initialization: .xavier, using: &generator)
    let head = DenseLayer(
      weights: LayerCheck.numbers(4, 3, seed: 48), bias: Matrix(rows: 1, columns: 3),
      activation: .softmax,
      inputShape: .sequence(steps: 5, features: 4))
    let network = Network(
      inputShape: .sequence(steps: 5, features: 4), layers: [block, attention, head])
    let x = LayerCheck.numbers(6, 20, seed: 49)
    var targets = Matrix(rows: 30, columns: 3)
    for position in 0..<30 { targets[position, (position * 7) % 3] = 1 }
    return (network, x, targets)
  }

  @Test(
    "training with the Trainer moves A and B and leaves every frozen matrix bit-identical",
    arguments: [nil, 2])
  func frozenStayBitIdentical(batch: Int?) {
    var (network, x, targets) = Self.model()
    network.adapt(layer: 0, projections: [.query, .value, .up], rank: 2, alpha: 4, seed: 1)
    network.adapt(layer: 1, projections: [.output], rank: 1, alpha: 1, seed: 1)
    network.layers[2].isFrozen = true
    let before = network
    var (trainer, shuffler) = (Trainer(), SeededGenerator(seed: 2))
    (trainer.optimizer, trainer.batchSize, trainer.l2) = (.adamw(weightDecay: 0.1), batch, 0.01)
    for _ in 0..<4 {
      trainer.runEpoch(
        &network, inputs: x, targets: targets, loss: .crossentropy, shuffler: &shuffler)
    }
    for (l, layer) in network.layers.enumerated() {
      for (parameter, old) in zip(layer.parameters, before.layers[l].parameters) {
        if parameter.isTrainable {
          #expect(parameter.value != old.value, "\(parameter.name)\(l + 1) should have trained")
        } else {
          #expect(
            parameter.value.elements == old.value.elements,
            "\(parameter.name)\(l + 1) must not change")
        }
      }
    }
    #expect(network.trainableParameterCount == 2 * (2 * 8) + 2 * (4 + 16) + (4 + 4))
  }

  @Test(
    "freezing a transformer block keeps every one of its matrices bit-identical while the rest trains"
  )
  func frozenBlock() {
    var (network, x, targets) = Self.model()
    network.layers[0].isFrozen = true
    let before = network
    var (trainer, shuffler) = (Trainer(), SeededGenerator(seed: 2))
    trainer.optimizer = .adam
    for _ in 0..<3 {
      trainer.runEpoch(
        &network, inputs: x, targets: targets, loss: .crossentropy, shuffler: &shuffler)
    }
    #expect(network.layers[0].isEqual(to: before.layers[0]))
    #expect(
      !network.layers[1].isEqual(to: before.layers[1])
        && !network.layers[2].isEqual(to: before.layers[2]))
  }

  @Test(
    "after the first step, training adapted blocks writes into the same matrices: no allocation per step"
  )
  func stepsReuseStorage() {
    var (network, x, targets) = Self.model()
    network.adapt(
      layer: 0, projections: [.query, .key, .output, .down], rank: 2, alpha: 2, seed: 1)
    network.adapt(layer: 0, projections: [.value, .up], rank: 1, alpha: 2, seed: 1)
    network.adapt(layer: 1, projections: [.query, .value], rank: 3, alpha: 3, seed: 1)
    var (trainer, workspace, shuffler) = (Trainer(), TrainingWorkspace(), SeededGenerator(seed: 9))
    (trainer.batchSize, trainer.optimizer) = (3, .adam)
    func epoch() {
      trainer.runEpoch(
        &network, inputs: x, targets: targets, loss: .crossentropy, shuffler: &shuffler,
        reusing: &workspace)
    }
    func addresses() -> [UnsafePointer<Double>?] {
      let passes: [Matrix] = workspace.pass.layers.flatMap { $0.matrices + $0.workspace }
      let gradients: [Matrix] = workspace.gradients.layers.flatMap {
        $0.parameters + $0.workspace + [$0.delta]
      }
      let parameters: [Matrix] = network.layers.flatMap { $0.parameters.map(\.value) }
      return (passes + gradients + parameters).map(TrainingTests.address)
    }
    epoch()
    let before = addresses()
    #expect(workspace.pass.layers[0].workspace.allSatisfy { !$0.elements.isEmpty })
    for _ in 0..<3 { epoch() }
    #expect(addresses() == before)
  }
}
