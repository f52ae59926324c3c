/// A token embedding: a table of V learned vectors of width D, one per token of the vocabulary.
///
/// A sample is T token ids (one row of T numbers, each an integer in 0..<V). Position t's output
/// is row `id` of the table:
///
///     y[t] = E[idₜ]        (1×D; the sample's output is T·D numbers)
///
/// It is a dense layer applied to one-hot inputs, y = onehot(id)·E, computed by looking the row
/// up instead of multiplying by zeros. Parameters: E, V×D, so V·D (Keras's Embedding counts the
/// same).
public struct EmbeddingLayer: Equatable, Sendable {
  /// E, V×D: row v is token v's vector.
  public var table: Matrix
  /// T, the tokens in each sample.
  public let tokensPerSample: Int
  public var isFrozen = false

  public init(table: Matrix, tokensPerSample: Int) {
    self.table = table
    self.tokensPerSample = tokensPerSample
  }

  /// A fresh table for `vocabulary` tokens of width `width`, each entry drawn from N(0, 1), as
  /// PyTorch's `nn.Embedding` draws it. (GPT-2 draws from N(0, 0.02²); a layer norm right after
  /// such small numbers is so curved that central differences are off by 1e-6, and gradcheck
  /// would blame backprop.)
  public init(
    vocabulary: Int, width: Int, tokensPerSample: Int, using generator: inout SeededGenerator
  ) {
    let elements = (0..<(vocabulary * width)).map { _ in generator.nextNormal() }
    self.init(
      table: Matrix(rows: vocabulary, columns: width, elements: elements),
      tokensPerSample: tokensPerSample)
  }

  /// V, the number of tokens.
  public var vocabulary: Int { table.rows }
  /// D, the width of each token's vector.
  public var width: Int { table.columns }
  /// V·D.
  public var parameterCount: Int { table.elements.count }

  /// A number in the input that is not a token id: where it is and what it is.
  public struct InvalidToken: Equatable, Sendable {
    /// The sample (row) and position (column), counted from 0.
    public var sample: Int
    public var position: Int
    public var value: Double

    public init(sample: Int, position: Int, value: Double) {
      (self.sample, self.position, self.value) = (sample, position, value)
    }
  }

  /// The first entry of `x` that is not an integer in 0..<`vocabulary`, or nil if every one is
  /// a token id. The language checks data with it before any forward pass, so that a bad id
  /// becomes a located error rather than a wrong row.
  public static func firstInvalidToken(in x: Matrix, vocabulary: Int) -> InvalidToken? {
    for (index, value) in x.elements.enumerated() {
      if value.rounded() != value || value < 0 || value >= Double(vocabulary) {
        return InvalidToken(
          sample: index / Swift.max(x.columns, 1), position: index % Swift.max(x.columns, 1),
          value: value)
      }
    }
    return nil
  }

  /// The forward pass: writes E[id] for every id of `x` (n×T) into `output`, a row per position
  /// ((n·T)×D).
  public func forward(_ x: Matrix, into output: inout Matrix) {
    precondition(
      Self.firstInvalidToken(in: x, vocabulary: vocabulary) == nil,
      "token ids must be integers in 0..<\(vocabulary)")
    let d = width
    output.ensureShape(rows: x.elements.count, columns: d)
    output.withMutableBlock(width: d) { y in
      table.withBlock { e in
        for (p, id) in x.elements.enumerated() {
          (y.start + p * d).update(from: e.start + Int(id) * d, count: d)  // y[p] = E[id]
        }
      }
    }
  }

  /// The backward pass: ∂J/∂E from `dY` = ∂J/∂y (any shape holding its numbers in order) and the ids `x` (n×T).
  ///
  /// y[p] = E[idₚ] copies a row, so the row's gradient is the sum of dy[p] over every position
  /// that looked it up; a token that never appears gets 0. Token ids are not numbers the loss
  /// can move, so there is no ∂J/∂x: the embedding is always the first layer.
  public func backward(_ dY: Matrix, input x: Matrix, tableGradient dE: inout Matrix) {
    let d = width
    dE.ensureShape(rows: vocabulary, columns: d)
    dE.withMutableBlock { dE in
      for k in 0..<(dE.rows * d) { dE.start[k] = 0 }
      dY.withBlock(width: d) { dY in
        for (p, id) in x.elements.enumerated() {
          let (row, gradient) = (dE.start + Int(id) * d, dY.start + p * d)
          for j in 0..<d { row[j] += gradient[j] }  // ∂J/∂E[id] += dy[p]
        }
      }
    }
  }
}

// MARK: - As a layer of a network

extension EmbeddingLayer: Layer {
  public static let kind = "embedding"
  public var inputShape: SampleShape { .tokens(count: tokensPerSample, vocabulary: vocabulary) }
  public var outputShape: SampleShape { .sequence(steps: tokensPerSample, features: width) }
  /// `embedding 16`.
  public var description: String { "embedding \(width)" }
  public var parameters: [LayerParameter] {
    [LayerParameter(name: "E", value: table, isTrainable: !isFrozen)]
  }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    body(&table)
  }

  /// E in place (L2 leaves it alone, as a bias): the default visits it through `parameters`,
  /// whose list would hold a second reference to the table and make every step copy it.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if !isFrozen { body(0, false, &table) }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let frozen = isFrozen
    self = EmbeddingLayer(
      vocabulary: vocabulary, width: width, tokensPerSample: tokensPerSample, using: &generator)
    isFrozen = frozen
  }

  /// `out`: every token's vector, a row per position.
  public var passNames: [String] { ["out"] }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    forward(x, into: &pass.matrices[0])
  }

  /// ∂J/∂E; token ids have no gradient, and nothing is below an embedding to send one to.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    gradients.parameters.prepare(count: 1)
    backward(gradients.delta, input: x, tableGradient: &gradients.parameters[0])
  }
}
