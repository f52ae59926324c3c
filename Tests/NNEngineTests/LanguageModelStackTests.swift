import Foundation
import NNEngine
import NNTestSupport
import Testing

/// The layers of a small GPT chained by hand — embedding → positions → transformer → layer norm
/// → dense softmax — with one label per position and cross-entropy averaged over the n·T
/// positions: every gradient of the stack against central differences.
@Suite("A language model's stack, by hand")
struct LanguageModelStackTests {
  /// The stack's layers: V = 7 tokens, T = 4 positions, D = 4, 2 heads.
  struct Stack {
    var embedding = EmbeddingLayer(table: LayerCheck.numbers(7, 4, seed: 1), tokensPerSample: 4)
    var positions = PositionEmbeddingLayer(table: LayerCheck.numbers(4, 4, seed: 2, scale: 0.3))
    var block = TransformerBlockTests.block()
    var norm = LayerNormLayer(
      gamma: LayerCheck.numbers(1, 4, seed: 3), beta: LayerCheck.numbers(1, 4, seed: 4, scale: 0.2))
    var headWeights = LayerCheck.numbers(4, 7, seed: 5)
    var headBias = LayerCheck.numbers(1, 7, seed: 6, scale: 0.2)

    /// J = −(1/(n·T)) Σ log softmax(z)[label] over every position; and, when asked, every
    /// parameter's gradient by name.
    func evaluate(ids: Matrix, labels: [Int], backward: Bool = false) -> (
      loss: Double, gradients: [String: Matrix]
    ) {
      var (embedded, placed) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
      embedding.forward(ids, into: &embedded)
      positions.forward(embedded, into: &placed)
      var blockCache = TransformerBlock.Cache()
      block.forward(placed, positions: 4, into: &blockCache)
      var normCache = LayerNormLayer.Cache()
      norm.forward(blockCache.output, into: &normCache)
      let features = normCache.output.reshaped(rows: labels.count, columns: 4)
      let probabilities = Activation.softmax.apply(features.matmul(headWeights) + headBias)
      let loss =
        -labels.enumerated().reduce(0) { $0 + log(probabilities[$1.offset, $1.element]) }
        / Double(labels.count)
      guard backward else { return (loss, [:]) }
      var gradients: [String: Matrix] = [:]
      // ∂J/∂z = (softmax(z) − onehot(label)) / (n·T), then each layer's backward in reverse.
      var dZ = probabilities
      for (p, label) in labels.enumerated() { dZ[p, label] -= 1 }
      dZ = (1 / Double(labels.count)) * dZ
      gradients["Whead"] = Matrix.product(features, dZ, transposing: .left)
      gradients["bhead"] = dZ.columnSums
      let dFeatures = Matrix.product(dZ, headWeights, transposing: .right).reshaped(
        rows: ids.rows, columns: 16)
      var (normGradients, dNorm) = (LayerNormLayer.Gradients(), Matrix(rows: 0, columns: 0))
      norm.backward(dFeatures, cache: normCache, gradients: &normGradients, inputGradient: &dNorm)
      var (blockGradients, dBlock) = (TransformerBlock.Gradients(), Matrix(rows: 0, columns: 0))
      block.backward(
        dNorm, input: placed, cache: &blockCache, gradients: &blockGradients, inputGradient: &dBlock
      )
      var (dP, dEmbedded, dE) = (
        Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0)
      )
      positions.backward(dBlock, tableGradient: &dP, inputGradient: &dEmbedded)
      embedding.backward(dEmbedded, input: ids, tableGradient: &dE)
      gradients["gamma"] = normGradients.gamma
      gradients["beta"] = normGradients.beta
      gradients["P"] = dP
      gradients["E"] = dE
      for (name, _, gradient) in TransformerBlockTests.parameters {
        gradients[name] = blockGradients[keyPath: gradient]
      }
      return (loss, gradients)
    }
  }

  @Test(
    "every gradient of embedding → positions → transformer → layernorm → dense softmax agrees with central differences"
  )
  func stackedGradientCheck() {
    let stack = Stack()
    let ids = Matrix([[0, 3, 6, 3], [5, 1, 1, 2]])
    // one per position: the next token, as a language model learns
    let labels = [3, 6, 3, 1, 1, 2, 4, 0]
    let gradients = stack.evaluate(ids: ids, labels: labels, backward: true).gradients
    func check(_ name: String, _ path: WritableKeyPath<Stack, Matrix>) {
      LayerCheck.expectGradient(
        gradients[name] ?? Matrix(rows: 0, columns: 0), at: stack[keyPath: path], "d\(name)"
      ) { value in
        var probe = stack
        probe[keyPath: path] = value
        return probe.evaluate(ids: ids, labels: labels).loss
      }
    }
    check("E", \.embedding.table)
    check("P", \.positions.table)
    for (name, parameter, _) in TransformerBlockTests.parameters {
      check(
        name, (\Stack.block as WritableKeyPath<Stack, TransformerBlock>).appending(path: parameter))
    }
    check("gamma", \.norm.gamma)
    check("beta", \.norm.beta)
    check("Whead", \.headWeights)
    check("bhead", \.headBias)
  }
}
