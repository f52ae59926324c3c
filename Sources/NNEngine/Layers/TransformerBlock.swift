/// One GPT-2 block: attention, then a two-layer MLP, each read from a layer-normalized copy of
/// the sequence and added back to it (the "residual stream").
///
/// For a sample of T positions of width D, with F = 4·D:
///
///     r = x + attention(layernorm₁(x))          (every position looks at the others)
///     u = layernorm₂(r)·Wup + bup               (T×F)
///     y = r + gelu(u)·Wdown + bdown             (each position thinks on its own)
///
/// Normalizing before each step (not after, as the original transformer did) leaves a clean path
/// x → r → y through the additions, which is what lets deep stacks train. Parameters: the
/// attention's 4·D² + 4·D, two layer norms' 2·D each, and the MLP's D·F + F + F·D + D; at D = 768
/// that is 2,362,368 + 3,072 + 4,722,432 = 7,087,872, as Keras counts a GPT-2 block.
///
/// LoRA adapters may sit on the attention's projections (kept by `attention`) and on Wup and
/// Wdown: u = layernorm₂(r)·Wup + bup + (α/r)·layernorm₂(r)·Aup·Bup, and Wdown alike.
public struct TransformerBlock: Equatable, Sendable {
  /// layernorm₁, before the attention.
  public var attentionNorm: LayerNormLayer
  public var attention: AttentionLayer
  /// layernorm₂, before the MLP.
  public var mlpNorm: LayerNormLayer
  /// Wup, D×F, and bup, 1×F: the MLP's first (widening) layer.
  public var upWeights: Matrix
  public var upBias: Matrix
  /// Wdown, F×D, and bdown, 1×D: the MLP's second layer, back to the width of the stream.
  public var downWeights: Matrix
  public var downBias: Matrix
  public var isFrozen = false
  /// LoRA adapters on Wup and Wdown; nil where there is none.
  public var upAdapter: LowRankAdapter?
  public var downAdapter: LowRankAdapter?

  public init(
    attentionNorm: LayerNormLayer, attention: AttentionLayer, mlpNorm: LayerNormLayer,
    upWeights: Matrix, upBias: Matrix, downWeights: Matrix, downBias: Matrix
  ) {
    let (d, f) = (attention.width, upWeights.columns)
    precondition(
      attentionNorm.width == d && mlpNorm.width == d && upWeights.rows == d,
      "every part must have width D")
    precondition(
      upBias.shape == Shape(rows: 1, columns: f) && downWeights.shape == Shape(rows: f, columns: d),
      "Wup D×F, bup 1×F, Wdown F×D")
    precondition(downBias.shape == Shape(rows: 1, columns: d), "bdown must be 1×D")
    (self.attentionNorm, self.attention, self.mlpNorm) = (attentionNorm, attention, mlpNorm)
    (self.upWeights, self.upBias, self.downWeights, self.downBias) = (
      upWeights, upBias, downWeights, downBias
    )
  }

  /// A fresh block on positions of width D with H heads: layer norms at γ = 1, β = 0, weights
  /// drawn with `initialization` in the order Wq, Wk, Wv, Wo, Wup, Wdown, biases zero.
  public init(
    width d: Int, heads: Int, causal: Bool, positions: Int = 1, initialization: Initialization,
    using generator: inout SeededGenerator
  ) {
    let attention = AttentionLayer(
      width: d, heads: heads, causal: causal, positions: positions, initialization: initialization,
      using: &generator)
    let up = initialization.weights(fanIn: d, fanOut: 4 * d, using: &generator)
    let down = initialization.weights(fanIn: 4 * d, fanOut: d, using: &generator)
    self.init(
      attentionNorm: LayerNormLayer(width: d), attention: attention,
      mlpNorm: LayerNormLayer(width: d),
      upWeights: up, upBias: Matrix(rows: 1, columns: 4 * d), downWeights: down,
      downBias: Matrix(rows: 1, columns: d))
  }

  /// D, the width of the stream.
  public var width: Int { attention.width }
  /// F, the MLP's hidden width.
  public var hiddenWidth: Int { upWeights.columns }
  /// The attention's, the norms' and the MLP's parameters together.
  public var parameterCount: Int {
    attentionNorm.parameterCount + attention.parameterCount + mlpNorm.parameterCount
      + upWeights.elements.count + upBias.elements.count + downWeights.elements.count
      + downBias.elements.count
  }

  /// Whether the attention or the MLP carries an adapter.
  public var isAdapted: Bool { attention.isAdapted || upAdapter != nil || downAdapter != nil }

  /// The largest rank of the MLP's adapters: the width of their scratch matrices.
  var mlpAdapterRank: Int { Swift.max(upAdapter?.rank ?? 0, downAdapter?.rank ?? 0) }

  /// The adapter on `projection`: the attention's (q, k, v, o) or the MLP's (up, down).
  public subscript(adapter projection: Projection) -> LowRankAdapter? {
    get {
      switch projection {
      case .up: upAdapter
      case .down: downAdapter
      default: attention[adapter: projection]
      }
    }
    set {
      switch projection {
      case .up: upAdapter = newValue
      case .down: downAdapter = newValue
      default: attention[adapter: projection] = newValue
      }
    }
  }

  /// Lends the MLP's adapter on `projection` (up or down) to `body` in place.
  mutating func updateMLPAdapter(_ projection: Projection, _ body: (inout LowRankAdapter) -> Void) {
    projection == .up ? upAdapter.update(body) : downAdapter.update(body)
  }

  /// What the forward pass keeps, part by part, and the backward pass's buffers.
  public struct Cache: Equatable, Sendable {
    public var attentionNorm = LayerNormLayer.Cache()
    public var attention = AttentionLayer.Cache()
    /// r = x + attention(layernorm₁(x)), n×(T·D).
    public var residual = Matrix(rows: 0, columns: 0)
    public var mlpNorm = LayerNormLayer.Cache()
    /// u = layernorm₂(r)·Wup + bup, (n·T)×F, before gelu, which its backward needs.
    public var hiddenInput = Matrix(rows: 0, columns: 0)
    /// gelu(u), (n·T)×F.
    public var hidden = Matrix(rows: 0, columns: 0)
    /// y, (n·T)×D: the block's output.
    public var output = Matrix(rows: 0, columns: 0)
    // The backward pass's buffers: ∂J/∂u ((n·T)×F); ∂J/∂layernorm₂(r), ∂J/∂r, ∂J/∂layernorm₁(x)
    // and ∂J/∂(the attention's part of x) (n×(T·D)).
    var hiddenGradient = Matrix(rows: 0, columns: 0)
    var mlpNormGradient = Matrix(rows: 0, columns: 0)
    var residualGradient = Matrix(rows: 0, columns: 0)
    var attentionNormGradient = Matrix(rows: 0, columns: 0)
    var attentionInputGradient = Matrix(rows: 0, columns: 0)
    // Scratch for the MLP's adapters (the attention's have their own): (α/r)·X·A going forward,
    // (α/r)·dZ·Bᵀ going back, (n·T) × the larger rank. Empty without adapters.
    var lowRank = Matrix(rows: 0, columns: 0)
    var lowRankGradient = Matrix(rows: 0, columns: 0)

    public init() {}

    /// The forward part from a layer pass (16 matrices, in the order of `passNames`), lent out.
    init(taking m: inout [Matrix], positions: Int) {
      attentionNorm = LayerNormLayer.Cache(taking: &m, from: 0)
      attention = AttentionLayer.Cache(taking: &m, from: 4, positions: positions)
      residual = m.take(8)
      mlpNorm = LayerNormLayer.Cache(taking: &m, from: 9)
      (hiddenInput, hidden, output) = (m.take(13), m.take(14), m.take(15))
    }

    /// Puts the forward part back where `init(taking:positions:)` found it.
    func giveBack(to m: inout [Matrix]) {
      attentionNorm.giveBack(to: &m, from: 0)
      attention.giveBack(to: &m, from: 4)
      m[8] = residual
      mlpNorm.giveBack(to: &m, from: 9)
      (m[13], m[14], m[15]) = (hiddenInput, hidden, output)
    }

    /// The forward part read from a layer pass, the backward buffers lent out of `workspace`
    /// (the attention's at 0..<3 and 8, the block's at 3..<8 and 9).
    init(reading m: [Matrix], positions: Int, taking workspace: inout [Matrix]) {
      workspace.prepare(count: 10)
      attentionNorm = LayerNormLayer.Cache(reading: m, from: 0)
      attention = AttentionLayer.Cache(
        reading: m, from: 4, positions: positions, taking: &workspace, lowRankSlot: 8)
      residual = m[8]
      mlpNorm = LayerNormLayer.Cache(reading: m, from: 9)
      (hiddenInput, hidden, output) = (m[13], m[14], m[15])
      (hiddenGradient, mlpNormGradient, residualGradient) = (
        workspace.take(3), workspace.take(4), workspace.take(5)
      )
      (attentionNormGradient, attentionInputGradient) = (workspace.take(6), workspace.take(7))
      lowRankGradient = workspace.take(9)
    }

    /// Puts the backward buffers back into `workspace`.
    func giveBackBuffers(to workspace: inout [Matrix]) {
      attention.giveBackBuffers(to: &workspace)
      (workspace[3], workspace[4], workspace[5]) = (
        hiddenGradient, mlpNormGradient, residualGradient
      )
      (workspace[6], workspace[7]) = (attentionNormGradient, attentionInputGradient)
      workspace[9] = lowRankGradient
    }
  }

  /// The gradients of every part's parameters.
  public struct Gradients: Equatable, Sendable {
    public var attentionNorm = LayerNormLayer.Gradients()
    public var attention = AttentionLayer.Gradients()
    public var mlpNorm = LayerNormLayer.Gradients()
    public var upWeights = Matrix(rows: 0, columns: 0)
    public var upBias = Matrix(rows: 0, columns: 0)
    public var downWeights = Matrix(rows: 0, columns: 0)
    public var downBias = Matrix(rows: 0, columns: 0)
    public var upAdapter = LowRankGradients()
    public var downAdapter = LowRankGradients()

    public init() {}
  }

  // MARK: - Forward

  /// The forward pass of a batch `x` of samples of T = `positions` positions of width D (n×(T·D),
  /// or its (n·T)×D rows) into `cache`; `cache.output` is y, (n·T)×D.
  public func forward(_ x: Matrix, positions t: Int, into cache: inout Cache) {
    let (d, f) = (width, hiddenWidth)
    let positions = x.elements.count / d
    // r = x + attention(layernorm₁(x))
    attentionNorm.forward(x, into: &cache.attentionNorm)
    attention.forward(cache.attentionNorm.output, positions: t, into: &cache.attention)
    Self.add(x, cache.attention.output, into: &cache.residual, shape: cache.attention.output.shape)
    // u = layernorm₂(r)·Wup + bup, then gelu(u)
    mlpNorm.forward(cache.residual, into: &cache.mlpNorm)
    cache.hiddenInput.ensureShape(rows: positions, columns: f)
    cache.hidden.ensureShape(rows: positions, columns: f)
    if upAdapter != nil || downAdapter != nil {
      cache.lowRank.ensureScratch(rows: positions, columns: mlpAdapterRank)
    }
    cache.mlpNorm.output.withBlock(width: d) { normalized in
      cache.hiddenInput.withMutableBlock { u in
        cache.lowRank.withMutableBlock { scratch in
          project(normalized, upWeights, upBias, upAdapter, into: u, scratch: scratch)
        }
      }
    }
    for k in cache.hidden.elements.indices {
      cache.hidden.elements[k] = GELU.value(cache.hiddenInput.elements[k])
    }
    // y = r + gelu(u)·Wdown + bdown: the product written into y, then r added.
    cache.output.ensureShape(rows: positions, columns: d)
    cache.hidden.withBlock { hidden in
      cache.output.withMutableBlock(width: d) { y in
        cache.lowRank.withMutableBlock { scratch in
          project(hidden, downWeights, downBias, downAdapter, into: y, scratch: scratch)
        }
      }
    }
    Self.accumulate(cache.residual, into: &cache.output)
  }

  /// One of the MLP's layers over every position, `Z = X·W + b`, plus (α/r)·X·A·B under an adapter.
  private func project(
    _ x: MatrixBlock, _ w: Matrix, _ b: Matrix, _ adapter: LowRankAdapter?, into z: MatrixBlock,
    scratch: MatrixBlock
  ) {
    AttentionLayer.project(x, w, b, into: z)
    adapter?.addChange(of: x, to: z, scratch: scratch)
  }

  /// `sum = a + b`, entry by entry in memory order, `sum` given `shape` (the two may hold the
  /// same numbers in different shapes: n×(T·D) and (n·T)×D).
  static func add(_ a: Matrix, _ b: Matrix, into sum: inout Matrix, shape: Shape) {
    precondition(a.elements.count == b.elements.count, "cannot add \(a.shape) to \(b.shape)")
    sum.ensureShape(rows: shape.rows, columns: shape.columns)
    for k in a.elements.indices { sum.elements[k] = a.elements[k] + b.elements[k] }
  }

  // MARK: - Backward

  /// The backward pass, the forward's steps in reverse: from `dY` = ∂J/∂y and the input `x`,
  /// writes every part's parameter gradients, and ∂J/∂x into `inputGradient`.
  public func backward(
    _ dY: Matrix, input x: Matrix, cache: inout Cache, gradients: inout Gradients,
    inputGradient dX: inout Matrix
  ) {
    let (d, f) = (width, hiddenWidth)
    // y = r + m with m = gelu(u)·Wdown + bdown:  ∂J/∂m = dy;  ∂J/∂Wdown = gelu(u)ᵀ·dy,
    // ∂J/∂bdown = Σ dy;  ∂J/∂gelu(u) = dy·Wdownᵀ (+ an adapter's share, LowRankAdapter.backward).
    cache.hiddenGradient.ensureShape(rows: cache.hidden.rows, columns: f)
    if upAdapter != nil || downAdapter != nil {
      cache.lowRankGradient.ensureScratch(rows: cache.hidden.rows, columns: mlpAdapterRank)
    }
    dY.withBlock(width: d) { dY in
      cache.hidden.withBlock { hidden in
        AttentionLayer.projectionGradients(
          hidden, dY, weights: &gradients.downWeights, bias: &gradients.downBias)
      }
      downWeights.withBlock { w in
        cache.hiddenGradient.withMutableBlock { dHidden in
          MatrixBlock.multiply(dY, w, transposing: .right, into: dHidden)
        }
      }
      if let downAdapter {
        cache.hiddenGradient.withMutableBlock { dHidden in
          cache.lowRankGradient.withMutableBlock { scratch in
            downAdapter.backward(
              weightGradient: gradients.downWeights, outputGradient: dY, inputGradient: dHidden,
              scratch: scratch,
              into: &gradients.downAdapter)
          }
        }
      }
    }
    // gelu:  ∂J/∂u = ∂J/∂gelu(u) ⊙ gelu′(u).
    for k in cache.hiddenGradient.elements.indices {
      cache.hiddenGradient.elements[k] *= GELU.derivative(cache.hiddenInput.elements[k])
    }
    // u = layernorm₂(r)·Wup + bup:  ∂J/∂Wup = layernorm₂(r)ᵀ·du,  ∂J/∂bup = Σ du,
    // ∂J/∂layernorm₂(r) = du·Wupᵀ.
    cache.mlpNormGradient.ensureShape(rows: cache.hidden.rows, columns: d)
    cache.hiddenGradient.withBlock { dU in
      cache.mlpNorm.output.withBlock(width: d) { normalized in
        AttentionLayer.projectionGradients(
          normalized, dU, weights: &gradients.upWeights, bias: &gradients.upBias)
      }
      upWeights.withBlock { w in
        cache.mlpNormGradient.withMutableBlock(width: d) { dNormalized in
          MatrixBlock.multiply(dU, w, transposing: .right, into: dNormalized)
        }
      }
      if let upAdapter {
        cache.mlpNormGradient.withMutableBlock(width: d) { dNormalized in
          cache.lowRankGradient.withMutableBlock { scratch in
            upAdapter.backward(
              weightGradient: gradients.upWeights, outputGradient: dU, inputGradient: dNormalized,
              scratch: scratch,
              into: &gradients.upAdapter)
          }
        }
      }
    }
    // r reaches the loss twice, straight through y and through the MLP:  ∂J/∂r = dy + layernorm₂'s ∂J/∂r.
    mlpNorm.backward(
      cache.mlpNormGradient, cache: cache.mlpNorm, gradients: &gradients.mlpNorm,
      inputGradient: &cache.residualGradient)
    Self.accumulate(dY, into: &cache.residualGradient)
    // r = x + attention(layernorm₁(x)):  the attention and layernorm₁ backward, then
    // ∂J/∂x = dr + layernorm₁'s ∂J/∂x.
    attention.backward(
      cache.residualGradient, input: cache.attentionNorm.output, cache: &cache.attention,
      gradients: &gradients.attention,
      inputGradient: &cache.attentionNormGradient)
    attentionNorm.backward(
      cache.attentionNormGradient, cache: cache.attentionNorm, gradients: &gradients.attentionNorm,
      inputGradient: &cache.attentionInputGradient)
    Self.add(cache.residualGradient, cache.attentionInputGradient, into: &dX, shape: x.shape)
  }

  /// `sum += a`, entry by entry.
  static func accumulate(_ a: Matrix, into sum: inout Matrix) {
    for k in a.elements.indices { sum.elements[k] += a.elements[k] }
  }
}
