/// Learned position embeddings: one vector per position, added to whatever is there.
///
/// Attention by itself does not know the order of a sequence: moving the tokens around moves its
/// outputs the same way. Adding a different learned vector at each position (as GPT-2 and BERT
/// do) tells it where each token is. For a sample of T positions of width D:
///
///     y[t] = x[t] + P[t]        (P is T×D)
///
/// Parameters: P, T×D, so T·D: the model can only read sequences up to the T it was built for.
public struct PositionEmbeddingLayer: Equatable, Sendable {
  /// P, T×D: row t is position t's vector.
  public var table: Matrix
  public var isFrozen = false

  public init(table: Matrix) { self.table = table }

  /// A fresh table for `positions` positions of width `width`, drawn from N(0, 1) as PyTorch's
  /// `nn.Embedding` draws it (see `EmbeddingLayer` for why not GPT-2's N(0, 0.01²)).
  public init(positions: Int, width: Int, using generator: inout SeededGenerator) {
    let elements = (0..<(positions * width)).map { _ in generator.nextNormal() }
    table = Matrix(rows: positions, columns: width, elements: elements)
  }

  /// T, the number of positions.
  public var positions: Int { table.rows }
  /// D, the width of a position.
  public var width: Int { table.columns }
  /// T·D.
  public var parameterCount: Int { table.elements.count }

  /// The forward pass: y = x + P for every sample of `x` (n×(T·D), or its (n·T)×D rows), into
  /// `output`, a row per position.
  public func forward(_ x: Matrix, into output: inout Matrix) {
    let width = table.elements.count  // T·D, one sample
    precondition(
      x.elements.count % width == 0, "\(x.shape) is not samples of \(positions)×\(self.width)")
    output.ensureShape(rows: x.elements.count / self.width, columns: self.width)
    output.withMutableBlock(width: width) { y in
      x.withBlock(width: width) { x in
        table.withBlock(width: width) { p in
          for s in 0..<x.rows {
            let (inputRow, outputRow) = (x.start + s * width, y.start + s * width)
            for k in 0..<width { outputRow[k] = inputRow[k] + p.start[k] }  // y = x + P
          }
        }
      }
    }
  }

  /// The backward pass: y = x + P gives ∂J/∂P = Σ over samples of dy (each sample adds the same
  /// P) and ∂J/∂x = dy, written into `tableGradient` and `inputGradient`.
  public func backward(_ dY: Matrix, tableGradient dP: inout Matrix, inputGradient dX: inout Matrix)
  {
    dP.ensureShape(rows: positions, columns: width)
    let sampleWidth = table.elements.count
    dP.withMutableBlock(width: sampleWidth) { dP in
      dY.withBlock(width: sampleWidth) { dY in
        for k in 0..<sampleWidth { dP.start[k] = 0 }
        for s in 0..<dY.rows {
          for k in 0..<sampleWidth { dP.start[k] += dY.start[s * sampleWidth + k] }  // ∂J/∂P = Σ dy
        }
      }
    }
    dX.ensureShape(rows: dY.rows, columns: dY.columns)
    dX.withMutableBlock { dX in
      dY.withBlock { dX.start.update(from: $0.start, count: dY.elements.count) }
    }
  }
}

// MARK: - As a layer of a network

extension PositionEmbeddingLayer: Layer {
  public static let kind = "positions"
  public var inputShape: SampleShape { .sequence(steps: positions, features: width) }
  public var outputShape: SampleShape { inputShape }
  public var description: String { "positions" }
  public var parameters: [LayerParameter] {
    [LayerParameter(name: "P", value: table, isTrainable: !isFrozen)]
  }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    body(&table)
  }
  /// P in place, without the default's list of `parameters`, so that a step allocates nothing
  /// here. It does not decay.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if !isFrozen { body(0, false, &table) }
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let frozen = isFrozen
    self = PositionEmbeddingLayer(positions: positions, width: width, using: &generator)
    isFrozen = frozen
  }

  /// `out`: x + P.
  public var passNames: [String] { ["out"] }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    forward(x, into: &pass.matrices[0])
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    gradients.parameters.prepare(count: 1)
    inputGradient.write {
      backward(gradients.delta, tableGradient: &gradients.parameters[0], inputGradient: &$0)
    }
  }
}
