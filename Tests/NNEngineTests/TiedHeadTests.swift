import Foundation
import NNEngine
import NNTestSupport
import Testing

/// The output head tied to the embedding (z = x·Eᵀ, GPT-2's): the same numbers as a dense layer
/// whose W is Eᵀ and b is 0, and E's gradient summing both of its uses.
@Suite("A head tied to the embedding")
struct TiedHeadTests {
  /// embedding (V = 7, D = 4) → transformer (2 heads, causal) → layernorm → dense 7 softmax tied,
  /// on T = 4 tokens.
  static func network() -> Network {
    var generator = SeededGenerator(seed: 3)
    let embedding = EmbeddingLayer(vocabulary: 7, width: 4, tokensPerSample: 4, using: &generator)
    let block = TransformerBlock(
      width: 4, heads: 2, causal: true, positions: 4, initialization: .xavier, using: &generator)
    let norm = LayerNormLayer(
      gamma: LayerCheck.numbers(1, 4, seed: 3), beta: LayerCheck.numbers(1, 4, seed: 4, scale: 0.2),
      inputShape: .sequence(steps: 4, features: 4))
    let head = TiedDenseLayer(
      tiedTo: 0, vocabulary: 7, activation: .softmax, inputShape: .sequence(steps: 4, features: 4))
    return Network(
      inputShape: .tokens(count: 4, vocabulary: 7), layers: [embedding, block, norm, head])
  }

  static let ids = Matrix([[0, 3, 6, 3], [5, 1, 1, 2]])
  /// One-hot targets, one row per position: the next token.
  static let targets: Matrix = {
    var y = Matrix(rows: 8, columns: 7)
    for (p, label) in [3, 6, 3, 1, 1, 2, 4, 0].enumerated() { y[p, label] = 1 }
    return y
  }()

  @Test("it has no parameters of its own, and its network counts E once")
  func counts() {
    let network = Self.network()
    #expect(network.layers[3].parameters.isEmpty)
    #expect(network.layers[3].description == "dense 7 softmax tied")
    #expect(
      network.parameterCount == network.layers[0].parameterCount + network.layers[1].parameterCount
        + 8)
  }

  @Test("gradcheck: embedding → transformer → layernorm → dense tied, every parameter")
  func gradientCheck() throws {
    let network = Self.network()
    let analytic = network.backward(
      network.forward(Self.ids), targets: Self.targets, loss: .crossentropy)
    let comparisons = try #require(
      GradientCheck.compare(
        analytic, for: network, input: Self.ids, targets: Self.targets, loss: .crossentropy))
    #expect(comparisons.count == 1 + 16 + 2)
    for comparison in comparisons {
      #expect(comparison.passes, "\(comparison.name): \(comparison.relativeError)")
    }
    // Without the head's share, E's gradient would be wrong: both uses count.
    let numeric = try #require(
      GradientCheck.numericGradient(
        ofParameter: 0, layer: 0, in: network, input: Self.ids, targets: Self.targets,
        loss: .crossentropy))
    let embeddingShareOnly = analytic.layers[0].parameters[0] - analytic.layers[3].workspace[0]
    #expect(GradientCheck.relativeError(embeddingShareOnly, numeric) > 0.01)
  }

  @Test("the same numbers as a dense layer with W = Eᵀ and b = 0; ∇E adds that layer's ∇Wᵀ")
  func equalsUntiedTwin() {
    let tied = Self.network()
    var twin = tied
    let table = (tied.layers[0] as! EmbeddingLayer).table
    twin.layers[3] = DenseLayer(
      weights: table.transposed, bias: Matrix(rows: 1, columns: 7), activation: .softmax,
      inputShape: .sequence(steps: 4, features: 4))
    let (tiedPass, twinPass) = (tied.forward(Self.ids), twin.forward(Self.ids))
    #expect(tiedPass.output == twinPass.output)
    let tiedGradients = tied.backward(tiedPass, targets: Self.targets, loss: .crossentropy)
    let twinGradients = twin.backward(twinPass, targets: Self.targets, loss: .crossentropy)
    #expect(tiedGradients.layers[2].delta == twinGradients.layers[2].delta)  // ∂J/∂x = δ·E = δ·Wᵀ
    expectApproximatelyEqual(
      tiedGradients.layers[0].parameters[0],
      twinGradients.layers[0].parameters[0] + twinGradients.layers[3].parameters[0].transposed,
      tolerance: 1e-15)
  }

  @Test("training steps E in place: lending it to the head copies nothing")
  func trainingReusesStorage() {
    var network = Self.network()
    var (trainer, workspace, shuffler) = (Trainer(), TrainingWorkspace(), SeededGenerator(seed: 9))
    trainer.optimizer = .adam
    func epoch() {
      trainer.runEpoch(
        &network, inputs: Self.ids, targets: Self.targets, loss: .crossentropy, shuffler: &shuffler,
        reusing: &workspace)
    }
    func address(_ m: Matrix) -> UnsafePointer<Double>? {
      m.elements.withUnsafeBufferPointer { $0.baseAddress }
    }
    func addresses() -> [UnsafePointer<Double>?] {
      ([(network.layers[0] as! EmbeddingLayer).table]
        + workspace.gradients.layers.flatMap { $0.parameters + $0.workspace }).map(address)
    }
    epoch()
    let before = addresses()
    // a copy with storage of its own
    let table = (network.layers[0] as! EmbeddingLayer).table.elements.map { $0 }
    for _ in 0..<3 { epoch() }
    #expect(addresses() == before)
    #expect((network.layers[0] as! EmbeddingLayer).table.elements != table)
  }
}
