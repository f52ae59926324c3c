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
  public init(inputs: Int, units: Int, rank: Int, alpha: Double, using generator: inout SeededGenerator) {
    let deviation = (1 / Double(inputs)).squareRoot()
    down = Matrix(rows: inputs, columns: rank, elements: (0..<(inputs * rank)).map { _ in deviation * generator.nextNormal() })
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
    (scale * Matrix.product(g, up, transposing: .right), scale * Matrix.product(down, g, transposing: .left))
  }
}
