/// Dropout: while training, each number is set to 0 with probability p, and the rest are scaled
/// by 1/(1 − p) (Srivastava et al., 2014, in its "inverted" form, as Keras and PyTorch do it).
///
///     training:   y = x ⊙ m,  mᵢ = 0 with probability p, else 1/(1 − p)
///     inference:  y = x
///
/// A unit cannot count on any other unit being there, so the network cannot rely on a few
/// co-adapted units: a regularizer. Scaling the kept numbers keeps every expected value as it
/// was, which is why nothing changes once training is over. No parameters.
///
/// The mask of training step s is drawn from stream (layer number, s) of the session's seed, so
/// a seeded run drops the same numbers every time, and every forward pass of one step (the
/// loss, the gradient, a gradient check's probes) sees the same mask.
public struct DropoutLayer: Equatable, Sendable {
  /// p, the probability that a number is dropped, in [0, 1).
  public let rate: Double
  /// The seed and the layer's number, from which every step's mask is drawn.
  public let seed: UInt64
  public let number: Int
  /// The training steps taken so far: step s draws mask number s.
  public var steps = 0
  public let inputShape: SampleShape
  public var isFrozen = false

  public init(rate: Double, seed: UInt64, number: Int, inputShape: SampleShape) {
    precondition(rate >= 0 && rate < 1, "a dropout rate must be in [0, 1)")
    (self.rate, self.seed, self.number, self.inputShape) = (rate, seed, number, inputShape)
  }

  /// What the forward pass keeps: the mask m it multiplied by (empty in inference) and y.
  public struct Cache: Equatable, Sendable {
    /// m: 0 for a dropped number, 1/(1 − p) for a kept one; empty when nothing was dropped.
    public var mask = Matrix(rows: 0, columns: 0)
    public var output = Matrix(rows: 0, columns: 0)

    public init() {}
  }

  /// The generator of this step's mask.
  var maskGenerator: SeededGenerator {
    SeededGenerator(
      seed: seed,
      stream: UInt64(truncatingIfNeeded: number) << 32 | UInt64(truncatingIfNeeded: steps))
  }

  /// The forward pass: in training, y = x ⊙ m with this step's mask; in inference, y = x.
  public func forward(_ x: Matrix, mode: LayerMode, into cache: inout Cache) {
    cache.output.ensureShape(rows: x.rows, columns: x.columns)
    guard mode == .training else {
      cache.mask.ensureShape(rows: 0, columns: 0)
      for k in x.elements.indices { cache.output.elements[k] = x.elements[k] }
      return
    }
    cache.mask.ensureShape(rows: x.rows, columns: x.columns)
    var generator = maskGenerator
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
    for k in dY.elements.indices {
      dX.elements[k] = masked ? dY.elements[k] * cache.mask.elements[k] : dY.elements[k]
    }
  }
}

// MARK: - As a layer of a network

extension DropoutLayer: Layer {
  public static let kind = "dropout"
  public var outputShape: SampleShape { inputShape }
  /// `dropout 0.2`.
  public var description: String { "dropout \(rate)" }
  public var parameters: [LayerParameter] { [] }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {}

  /// A new seed, and masks from the first again.
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = DropoutLayer(rate: rate, seed: seed, number: number, inputShape: inputShape)
    isFrozen = frozen
  }

  /// The mask m (empty in inference) and the output.
  public var passNames: [String] { ["mask", "out"] }
  public var trainsDifferently: Bool { true }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache()
    (cache.mask, cache.output) = (pass.matrices.take(0), pass.matrices.take(1))
    forward(x, mode: pass.mode, into: &cache)
    (pass.matrices[0], pass.matrices[1]) = (cache.mask, cache.output)
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    var cache = Cache()
    (cache.mask, cache.output) = (pass.matrices[0], pass.matrices[1])
    inputGradient.write { backward(gradients.delta, cache: cache, inputGradient: &$0) }
  }

  /// The next training step draws the next mask.
  public mutating func finishTrainingStep(_ pass: LayerPass) {
    if pass.mode == .training { steps += 1 }
  }
}
