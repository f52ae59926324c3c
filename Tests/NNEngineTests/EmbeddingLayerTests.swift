import NNEngine
import NNTestSupport
import Testing

@Suite("Token and position embeddings")
struct EmbeddingLayerTests {
  @Test(
    "an embedding then a dense layer reproduce JAX, PyTorch and NumPy to 1e-12",
    arguments: ["weighted", "mse", "crossentropy"])
  func reference(_ loss: String) throws {
    let reference = try #require(
      LayerReference("embedding_dense"), "fixture reference-layers.json is missing")
    let embedding = EmbeddingLayer(
      table: reference.matrix("params", "E", rows: 5), tokensPerSample: 4)
    let (w, b) = (
      reference.matrix("params", "W", rows: 3), reference.matrix("params", "b", rows: 1)
    )
    let ids = reference.matrix("inputs", "ids", rows: 1)  // one sample of 4 tokens
    var embedded = Matrix(rows: 0, columns: 0)
    embedding.forward(ids, into: &embedded)
    expectApproximatelyEqual(
      embedded, reference.matrix("forward", "embedded", rows: 4), tolerance: 1e-12,
      "E[ids], a row per position")
    // The dense layer y = x·W + b on each of the 4 positions.
    let positions = embedded
    expectApproximatelyEqual(
      positions.matmul(w) + b, reference.matrix("forward", "output", rows: 4), tolerance: 1e-12, "y"
    )
    let dY = reference.matrix("losses", loss, "dL_dy", rows: 4)
    let (dW, db, dPositions) = (
      Matrix.product(positions, dY, transposing: .left), dY.columnSums,
      Matrix.product(dY, w, transposing: .right)
    )
    var dE = Matrix(rows: 0, columns: 0)
    embedding.backward(dPositions.reshaped(rows: 1, columns: 12), input: ids, tableGradient: &dE)
    expectApproximatelyEqual(
      dE, reference.matrix("losses", loss, "grads", "E", rows: 5), tolerance: 1e-12, "dE")
    expectApproximatelyEqual(
      dW, reference.matrix("losses", loss, "grads", "W", rows: 3), tolerance: 1e-12, "dW")
    expectApproximatelyEqual(
      db, reference.matrix("losses", loss, "grads", "b", rows: 1), tolerance: 1e-12, "db")
    #expect(
      dE.row(2) == Matrix(row: [0, 0, 0]) && dE.row(4) == Matrix(row: [0, 0, 0]),
      "unused tokens get no gradient")
  }

  @Test("the embedding's gradient agrees with central differences, repeated tokens included")
  func embeddingGradientCheck() {
    let embedding = EmbeddingLayer(table: LayerCheck.numbers(6, 3, seed: 1), tokensPerSample: 4)
    let ids = Matrix([[0, 5, 2, 5], [3, 3, 3, 1]])
    let r = LayerCheck.numbers(2, 12, seed: 2)
    var dE = Matrix(rows: 0, columns: 0)
    embedding.backward(r, input: ids, tableGradient: &dE)
    LayerCheck.expectGradient(dE, at: embedding.table, "dE") { table in
      var output = Matrix(rows: 0, columns: 0)
      EmbeddingLayer(table: table, tokensPerSample: 4).forward(ids, into: &output)
      return LayerCheck.weightedLoss(output.reshaped(rows: r.rows, columns: r.columns), r)
    }
  }

  @Test(
    "a token id must be a whole number inside the vocabulary; the first one that is not is located")
  func invalidTokens() {
    #expect(EmbeddingLayer.firstInvalidToken(in: Matrix([[0, 4], [2, 1]]), vocabulary: 5) == nil)
    #expect(
      EmbeddingLayer.firstInvalidToken(in: Matrix([[0, 4], [5, 1]]), vocabulary: 5)
        == .init(sample: 1, position: 0, value: 5))
    #expect(
      EmbeddingLayer.firstInvalidToken(in: Matrix([[0, 1.5]]), vocabulary: 5)
        == .init(sample: 0, position: 1, value: 1.5))
    #expect(EmbeddingLayer.firstInvalidToken(in: Matrix([[-1, 0]]), vocabulary: 5)?.value == -1)
    #expect(EmbeddingLayer.firstInvalidToken(in: Matrix([[.nan]]), vocabulary: 5) != nil)
  }

  @Test("position embeddings: y = x + P for every sample, gradients by central differences")
  func positions() {
    let layer = PositionEmbeddingLayer(table: LayerCheck.numbers(3, 2, seed: 3))
    let (x, r) = (LayerCheck.numbers(2, 6, seed: 4), LayerCheck.numbers(2, 6, seed: 5))
    var output = Matrix(rows: 0, columns: 0)
    layer.forward(x, into: &output)
    #expect(output[5, 0] == x[1, 4] + layer.table[2, 0], "sample 1, position 2, a row per position")
    var (dP, dX) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    layer.backward(r, tableGradient: &dP, inputGradient: &dX)
    #expect(dX == r)
    #expect(dP.shape == Shape(rows: 3, columns: 2))
    LayerCheck.expectGradient(dP, at: layer.table, "dP") { table in
      var output = Matrix(rows: 0, columns: 0)
      PositionEmbeddingLayer(table: table).forward(x, into: &output)
      return LayerCheck.weightedLoss(output.reshaped(rows: r.rows, columns: r.columns), r)
    }
  }

  @Test(
    "counts: an embedding has V·D parameters, positions T·D (GPT-2 small: 50,257·768 and 1,024·768)"
  )
  func counts() {
    var generator = SeededGenerator(seed: 1)
    #expect(
      EmbeddingLayer(vocabulary: 65, width: 32, tokensPerSample: 8, using: &generator)
        .parameterCount == 2_080)
    #expect(
      EmbeddingLayer(table: Matrix(rows: 50_257, columns: 1), tokensPerSample: 1).parameterCount
        * 768 == 38_597_376)
    #expect(
      PositionEmbeddingLayer(positions: 1_024, width: 768, using: &generator).parameterCount
        == 786_432)
  }
}
