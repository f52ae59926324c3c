/// Dropout: while training, each number is set to 0 with probability p, and the rest are scaled
/// by 1/(1 − p) (Srivastava et al., 2014, in its "inverted" form, as Keras and PyTorch do it).
///
///     training:   y = x ⊙ m,  mᵢ = 0 with probability p, else 1/(1 − p)
///     inference:  y = x
///
/// A unit cannot count on any other unit being there, so the network cannot rely on a few
/// co-adapted units: a regularizer. Scaling the kept numbers keeps every expected value as it
/// was, which is why nothing changes once training is over. No parameters.
public struct DropoutLayer: Equatable, Sendable {
  /// p, the probability that a number is dropped, in [0, 1).
  public let rate: Double
  /// Where the masks come from: a stream of the session's seed of the layer's own, so a seeded
  /// run drops the same numbers every time.
  public var generator: SeededGenerator

  public init(rate: Double, generator: SeededGenerator) {
    precondition(rate >= 0 && rate < 1, "a dropout rate must be in [0, 1)")
    self.rate = rate
    self.generator = generator
  }

  /// What the forward pass keeps: the mask m it multiplied by (empty in inference) and y.
  public struct Cache: Equatable, Sendable {
    /// m: 0 for a dropped number, 1/(1 − p) for a kept one; empty when nothing was dropped.
    public var mask = Matrix(rows: 0, columns: 0)
    public var output = Matrix(rows: 0, columns: 0)

    public init() {}
  }

  /// The forward pass: in training draws a new mask and writes y = x ⊙ m; in inference y = x.
  public mutating func forward(_ x: Matrix, mode: LayerMode, into cache: inout Cache) {
    cache.output.ensureShape(rows: x.rows, columns: x.columns)
    guard mode == .training else {
      cache.mask.ensureShape(rows: 0, columns: 0)
      for k in x.elements.indices { cache.output.elements[k] = x.elements[k] }
      return
    }
    cache.mask.ensureShape(rows: x.rows, columns: x.columns)
    let kept = 1 / (1 - rate)
    for k in x.elements.indices {
      cache.mask.elements[k] = generator.nextUniform() < rate ? 0 : kept
      cache.output.elements[k] = x.elements[k] * cache.mask.elements[k]
    }
  }

  /// The backward pass: y = x ⊙ m gives ∂J/∂x = dy ⊙ m (and dy itself when nothing was dropped).
  public func backward(_ dY: Matrix, cache: Cache, inputGradient dX: inout Matrix) {
    dX.ensureShape(rows: dY.rows, columns: dY.columns)
    let masked = cache.mask.elements.count == dY.elements.count
    for k in dY.elements.indices { dX.elements[k] = masked ? dY.elements[k] * cache.mask.elements[k] : dY.elements[k] }
  }
}
