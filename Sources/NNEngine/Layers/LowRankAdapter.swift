/// LoRA (Hu et al., 2021): fine-tune a big weight matrix W by learning a small change to it.
///
/// The change is the product of two thin matrices, ΔW = (α/r)·A·B, with A of in×r and B of r×out
/// for a small rank r. W itself stays frozen, so the trainable count falls from in·out to
/// r·(in + out). B starts at zero, so the adapted layer starts out computing exactly what it did.
public struct LowRankAdapter: Equatable, Sendable {
  /// A, inputs × rank ("down": from the input's width to r).
  public var down: Matrix
  /// B, rank × units ("up": from r to the layer's width); starts at zero.
  public var up: Matrix
  /// α: the change is scaled by α/r, so the rank can change without retuning the learning rate.
  public var alpha: Double

  /// A fresh adapter for a layer with `inputs` inputs and `units` units: A ~ N(0, 1/inputs), B = 0.
  public init(
    inputs: Int, units: Int, rank: Int, alpha: Double, using generator: inout SeededGenerator
  ) {
    let deviation = (1 / Double(inputs)).squareRoot()
    down = Matrix(
      rows: inputs, columns: rank,
      elements: (0..<(inputs * rank)).map { _ in deviation * generator.nextNormal() })
    up = Matrix(rows: rank, columns: units)
    self.alpha = alpha
  }

  public init(down: Matrix, up: Matrix, alpha: Double) {
    precondition(down.columns == up.rows, "A's columns must match B's rows")
    self.down = down
    self.up = up
    self.alpha = alpha
  }

  /// The rank r.
  public var rank: Int { down.columns }
  /// α/r.
  public var scale: Double { alpha / Double(rank) }
  /// The change to W: (α/r)·A·B.
  public var change: Matrix { scale * down.matmul(up) }
  /// r·(in + out).
  public var parameterCount: Int { down.elements.count + up.elements.count }

  /// The gradients of A and B from the gradient G of the adapted weights W + (α/r)·A·B:
  /// ∇A = (α/r)·G·Bᵀ and ∇B = (α/r)·Aᵀ·G.
  public func gradients(from g: Matrix) -> (down: Matrix, up: Matrix) {
    (
      scale * Matrix.product(g, up, transposing: .right),
      scale * Matrix.product(down, g, transposing: .left)
    )
  }
}

/// The gradients of one adapter's A and B, kept from step to step.
public struct LowRankGradients: Equatable, Sendable {
  public var down = Matrix(rows: 0, columns: 0)
  public var up = Matrix(rows: 0, columns: 0)

  public init() {}

  public init(down: Matrix, up: Matrix) {
    (self.down, self.up) = (down, up)
  }
}

extension LowRankAdapter {
  /// The adapter's part of a projection Z = X·W + b over n rows, added without forming ΔW:
  ///
  ///     L = (α/r)·X·A   (n×r, in the first r columns of `scratch`)        Z += L·B
  ///
  /// two thin products, n·r·(in + out) multiply-adds, where X·ΔW would be n·in·out more.
  public func addChange(of x: MatrixBlock, to z: MatrixBlock, scratch: MatrixBlock) {
    let low = scratch.block(row: 0, column: 0, rows: x.rows, columns: rank)
    down.withBlock { a in MatrixBlock.multiply(x, a, into: low) }
    low.scale(by: scale)
    up.withBlock { b in MatrixBlock.multiply(low, b, into: z, adding: true) }
  }

  /// The backward pass of `addChange`, from ∂J/∂Z = `dZ` and the gradient ∇W = Xᵀ·dZ that the
  /// projection computes for W as it would without an adapter:
  ///
  ///     ∇A = (α/r)·∇W·Bᵀ        ∇B = (α/r)·Aᵀ·∇W        ∂J/∂X += G·Aᵀ with G = (α/r)·dZ·Bᵀ
  ///
  /// (G is n×r, in the first r columns of `scratch`). ∇A and ∇B through ∇W cost in·out·r, less
  /// than Xᵀ·G and Lᵀ·dZ when the batch has more rows than the layer has inputs.
  public func backward(
    weightGradient: Matrix, outputGradient dZ: MatrixBlock, inputGradient dX: MatrixBlock,
    scratch: MatrixBlock,
    into gradients: inout LowRankGradients
  ) {
    gradients.down.ensureShape(rows: down.rows, columns: rank)
    gradients.up.ensureShape(rows: rank, columns: up.columns)
    Matrix.multiply(weightGradient, up, transposing: .right, into: &gradients.down)
    Matrix.multiply(down, weightGradient, transposing: .left, into: &gradients.up)
    gradients.down.withMutableBlock { $0.scale(by: scale) }
    gradients.up.withMutableBlock { $0.scale(by: scale) }
    let g = scratch.block(row: 0, column: 0, rows: dZ.rows, columns: rank)
    up.withBlock { b in MatrixBlock.multiply(dZ, b, transposing: .right, into: g) }
    g.scale(by: scale)
    down.withBlock { a in MatrixBlock.multiply(g, a, transposing: .right, into: dX, adding: true) }
  }
}

extension Matrix {
  /// Makes a scratch matrix `rows` high and at least `columns` wide, keeping its storage when it
  /// already is: adapters of different ranks share one, each using its first r columns.
  mutating func ensureScratch(rows: Int, columns: Int) {
    if self.rows != rows || self.columns < columns { self = Matrix(rows: rows, columns: columns) }
  }
}

extension MatrixBlock {
  /// Multiplies every entry by `factor`, in place.
  func scale(by factor: Double) {
    for i in 0..<rows {
      let row = start + i * stride
      for j in 0..<columns { row[j] *= factor }
    }
  }
}

/// The weight matrices of attention and of a transformer block that LoRA can change, by the
/// letter or word `adapt … on` names them, which also ends their matrices' names: `Wq` with
/// `Aq` and `Bq`, `Wup` with `Aup` and `Bup`.
public enum Projection: String, CaseIterable, Sendable {
  case query = "q", key = "k", value = "v", output = "o", up, down

  /// Attention's four: q, k, v, o.
  public static let attention: [Projection] = [.query, .key, .value, .output]
  /// A transformer block's MLP: up (D×4D) and down (4D×D).
  public static let mlp: [Projection] = [.up, .down]
  /// What the LoRA paper adapts when nothing is said: the queries and the values.
  public static let standard: [Projection] = [.query, .value]

  /// The projection's place among all six (q k v o up down), from 0: attention's parameters
  /// come in this order, and each adapter's random stream is told apart by it.
  public var ordinal: Int {
    switch self {
    case .query: 0
    case .key: 1
    case .value: 2
    case .output: 3
    case .up: 4
    case .down: 5
    }
  }

  /// `Wq`: the weight matrix the adapter changes.
  public var weightName: String { "W" + rawValue }
  /// `Aq` and `Bq`: the adapter's matrices.
  public var downName: String { "A" + rawValue }
  public var upName: String { "B" + rawValue }
}

/// A layer with several weight matrices that LoRA adapters may change, each a `Projection`
/// (attention's q, k, v, o; a transformer block's also up and down). While it carries any
/// adapter, only the adapters' A and B train — every other matrix of the layer stays as it is,
/// as a dense layer under an adapter trains only its own A and B.
public protocol ProjectionAdaptable: Layer {
  /// The projections the layer has, in the order of its parameters.
  var projections: [Projection] { get }
  /// The adapter on `projection`, if it has one.
  subscript(adapter projection: Projection) -> LowRankAdapter? { get set }
  /// The shape of `projection`'s weight matrix: inputs × outputs.
  func weightShape(of projection: Projection) -> Shape
  /// Folds the adapter on `projection` into its weights, W := W + (α/r)·A·B, and removes it.
  mutating func mergeAdapter(on projection: Projection)
}

extension ProjectionAdaptable {
  /// The projections that carry an adapter, in order.
  public var adaptedProjections: [Projection] { projections.filter { self[adapter: $0] != nil } }
}

extension Optional where Wrapped == LowRankAdapter {
  /// Lends the adapter to `body` in place (training steps its A and B there), without copying
  /// its matrices. There must be one: only adapted projections are updated.
  mutating func update(_ body: (inout LowRankAdapter) -> Void) {
    guard var adapter = take() else { preconditionFailure("there is no adapter to update") }
    body(&adapter)
    self = adapter
  }
}
