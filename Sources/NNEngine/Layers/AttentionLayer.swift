#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Multi-head self-attention: every position of a sequence looks at every position (or, when
/// causal, every earlier one) and takes a weighted mix of what it finds there.
///
/// A sample is T positions of width D (one row of T·D numbers). With H heads of size K
/// (K = D/H unless given), for each head h:
///
///     Q = X·Wq + bq,  K = X·Wk + bk,  V = X·Wv + bv      (T×H·K; head h is columns h·K..<(h+1)·K)
///     S = Q_h·K_hᵀ / √K                                  (T×T: how well query i matches key j)
///     S[i,j] = −∞ for j > i when causal                  (a position cannot see the future)
///     P = softmax(S) by rows                             (each row sums to 1)
///     O_h = P·V_h                                        (T×K: each position's mix of values)
///     Y = O·Wo + bo                                      (O is the heads side by side, T×H·K)
///
/// Parameters: Wq, Wk, Wv (D×H·K), bq, bk, bv (1×H·K), Wo (H·K×D), bo (1×D), so
/// 4·D·(H·K) + 3·H·K + D in all; with K = D/H that is 4·D² + 4·D whatever the number of heads
/// (12 heads on 768: 2,362,368, as Keras's MultiHeadAttention counts).
///
/// A projection may carry a LoRA adapter (`adapt … on q v`): Q = X·Wq + bq + (α/r)·X·Aq·Bq, the
/// change added through its two thin factors (`LowRankAdapter.addChange`), never formed as ΔW.
public struct AttentionLayer: Equatable, Sendable {
  public var queryWeights: Matrix
  public var queryBias: Matrix
  public var keyWeights: Matrix
  public var keyBias: Matrix
  public var valueWeights: Matrix
  public var valueBias: Matrix
  public var outputWeights: Matrix
  public var outputBias: Matrix
  /// H, the number of heads.
  public let heads: Int
  /// Whether position i sees only positions 0...i (a language model's decoder).
  public let isCausal: Bool
  /// T, the positions of each sample (its `SampleShape` is T×D).
  public let positions: Int
  public var isFrozen = false
  /// LoRA adapters on Wq, Wk, Wv and Wo; nil where there is none.
  public var queryAdapter: LowRankAdapter?
  public var keyAdapter: LowRankAdapter?
  public var valueAdapter: LowRankAdapter?
  public var outputAdapter: LowRankAdapter?

  public init(
    queryWeights: Matrix, queryBias: Matrix, keyWeights: Matrix, keyBias: Matrix,
    valueWeights: Matrix,
    valueBias: Matrix, outputWeights: Matrix, outputBias: Matrix, heads: Int, causal: Bool,
    positions: Int = 1
  ) {
    let (d, hk) = (queryWeights.rows, queryWeights.columns)
    precondition(heads > 0 && hk % heads == 0, "\(hk) columns cannot be split into \(heads) heads")
    precondition(
      keyWeights.shape == queryWeights.shape && valueWeights.shape == queryWeights.shape,
      "Wq, Wk, Wv must be D×H·K")
    precondition(
      [queryBias, keyBias, valueBias].allSatisfy { $0.shape == Shape(rows: 1, columns: hk) },
      "bq, bk, bv must be 1×H·K")
    precondition(
      outputWeights.shape == Shape(rows: hk, columns: d)
        && outputBias.shape == Shape(rows: 1, columns: d), "Wo must be H·K×D, bo 1×D")
    (self.queryWeights, self.queryBias, self.keyWeights, self.keyBias) = (
      queryWeights, queryBias, keyWeights, keyBias
    )
    (self.valueWeights, self.valueBias, self.outputWeights, self.outputBias) = (
      valueWeights, valueBias, outputWeights, outputBias
    )
    self.heads = heads
    self.isCausal = causal
    self.positions = positions
  }

  /// A new layer on positions of width D: the four weight matrices drawn with `initialization`,
  /// in the order Wq, Wk, Wv, Wo; the biases zero.
  public init(
    width d: Int, heads: Int, headSize: Int? = nil, causal: Bool, positions: Int = 1,
    initialization: Initialization,
    using generator: inout SeededGenerator
  ) {
    let hk = heads * (headSize ?? d / heads)
    let wq = initialization.weights(fanIn: d, fanOut: hk, using: &generator)
    let wk = initialization.weights(fanIn: d, fanOut: hk, using: &generator)
    let wv = initialization.weights(fanIn: d, fanOut: hk, using: &generator)
    let wo = initialization.weights(fanIn: hk, fanOut: d, using: &generator)
    let (bias, outputBias) = (Matrix(rows: 1, columns: hk), Matrix(rows: 1, columns: d))
    self.init(
      queryWeights: wq, queryBias: bias, keyWeights: wk, keyBias: bias, valueWeights: wv,
      valueBias: bias,
      outputWeights: wo, outputBias: outputBias, heads: heads, causal: causal, positions: positions)
  }

  /// D, the width of a position, in and out.
  public var width: Int { queryWeights.rows }
  /// K, the width of one head's queries, keys and values.
  public var headSize: Int { queryWeights.columns / heads }
  /// 4·D·(H·K) + 3·H·K + D.
  public var parameterCount: Int {
    [
      queryWeights, queryBias, keyWeights, keyBias, valueWeights, valueBias, outputWeights,
      outputBias,
    ]
    .reduce(0) { $0 + $1.elements.count }
  }

  /// Whether some projection carries an adapter.
  public var isAdapted: Bool {
    queryAdapter != nil || keyAdapter != nil || valueAdapter != nil || outputAdapter != nil
  }

  /// The largest rank of the adapters: the width of their scratch matrices.
  var adapterRank: Int {
    Projection.attention.reduce(0) { Swift.max($0, self[adapter: $1]?.rank ?? 0) }
  }

  /// The weights and bias of `projection` (q, k, v or o).
  func weightsAndBias(of projection: Projection) -> (weights: Matrix, bias: Matrix) {
    switch projection {
    case .query: (queryWeights, queryBias)
    case .key: (keyWeights, keyBias)
    case .value: (valueWeights, valueBias)
    case .output: (outputWeights, outputBias)
    case .up, .down: preconditionFailure("attention has no \(projection.weightName)")
    }
  }

  /// The adapter on `projection` (q, k, v or o), if it has one.
  public subscript(adapter projection: Projection) -> LowRankAdapter? {
    get {
      switch projection {
      case .query: queryAdapter
      case .key: keyAdapter
      case .value: valueAdapter
      case .output: outputAdapter
      case .up, .down: nil
      }
    }
    set {
      switch projection {
      case .query: queryAdapter = newValue
      case .key: keyAdapter = newValue
      case .value: valueAdapter = newValue
      case .output: outputAdapter = newValue
      case .up, .down: preconditionFailure("attention has no \(projection.weightName)")
      }
    }
  }

  /// Lends the adapter on `projection` to `body` in place (training steps its A and B there).
  mutating func updateAdapter(_ projection: Projection, _ body: (inout LowRankAdapter) -> Void) {
    switch projection {
    case .query: queryAdapter.update(body)
    case .key: keyAdapter.update(body)
    case .value: valueAdapter.update(body)
    case .output: outputAdapter.update(body)
    case .up, .down: preconditionFailure("attention has no \(projection.weightName)")
    }
  }

  /// What the forward pass keeps for the backward pass, and the backward pass's own buffers;
  /// both keep their storage from one step to the next.
  public struct Cache: Equatable, Sendable {
    /// T, the positions of each sample in the batch the cache holds.
    public var positions = 0
    /// Q, K and V side by side for every position of the batch, (n·T)×(3·H·K), as GPT-2 keeps
    /// them: Q is columns 0..<H·K, K the next H·K, V the last.
    public var projections = Matrix(rows: 0, columns: 0)
    /// P for every sample and head, one T×T block after another: (n·H·T)×T.
    public var probabilities = Matrix(rows: 0, columns: 0)
    /// O, the heads' outputs side by side, (n·T)×(H·K).
    public var headOutputs = Matrix(rows: 0, columns: 0)
    /// Y, (n·T)×D: the layer's output.
    public var output = Matrix(rows: 0, columns: 0)
    // The backward pass's buffers: ∂J/∂O ((n·T)×(H·K)), ∂J/∂Q, ∂J/∂K, ∂J/∂V side by side as the
    // projections are, and one head's ∂J/∂P (T×T).
    var headOutputsGradient = Matrix(rows: 0, columns: 0)
    var projectionsGradient = Matrix(rows: 0, columns: 0)
    var probabilitiesGradient = Matrix(rows: 0, columns: 0)
    // Scratch for the adapters, one projection after another: (α/r)·X·A going forward and
    // (α/r)·dZ·Bᵀ going back, (n·T) × the largest rank. Empty without adapters.
    var lowRank = Matrix(rows: 0, columns: 0)
    var lowRankGradient = Matrix(rows: 0, columns: 0)
    /// Where in the backward pass's workspace `lowRankGradient` is lent from.
    var lowRankGradientSlot = 3

    public init() {}

    /// The forward part from a layer pass (in the order of `passNames`), lent out of it.
    init(taking matrices: inout [Matrix], from first: Int = 0, positions: Int) {
      self.positions = positions
      projections = matrices.take(first)
      probabilities = matrices.take(first + 1)
      headOutputs = matrices.take(first + 2)
      output = matrices.take(first + 3)
    }

    /// The forward part read from a layer pass, and the backward buffers lent out of `workspace`:
    /// the first three, and the adapters' scratch from `lowRankSlot`.
    init(
      reading matrices: [Matrix], from first: Int = 0, positions: Int,
      taking workspace: inout [Matrix], lowRankSlot: Int = 3
    ) {
      self.positions = positions
      (projections, probabilities) = (matrices[first], matrices[first + 1])
      (headOutputs, output) = (matrices[first + 2], matrices[first + 3])
      if workspace.count <= lowRankSlot { workspace.prepare(count: lowRankSlot + 1) }
      (headOutputsGradient, projectionsGradient, probabilitiesGradient) = (
        workspace.take(0), workspace.take(1), workspace.take(2)
      )
      (lowRankGradient, lowRankGradientSlot) = (workspace.take(lowRankSlot), lowRankSlot)
    }

    /// Puts the forward part back where `init(taking:from:positions:)` found it.
    func giveBack(to matrices: inout [Matrix], from first: Int = 0) {
      (matrices[first], matrices[first + 1], matrices[first + 2], matrices[first + 3]) = (
        projections, probabilities, headOutputs, output
      )
    }

    /// Puts the backward buffers back into `workspace`.
    func giveBackBuffers(to workspace: inout [Matrix]) {
      (workspace[0], workspace[1], workspace[2]) = (
        headOutputsGradient, projectionsGradient, probabilitiesGradient
      )
      workspace[lowRankGradientSlot] = lowRankGradient
    }
  }

  /// The gradients of the eight parameters, in the layer's order, and of the adapters' A and B.
  public struct Gradients: Equatable, Sendable {
    public var queryWeights = Matrix(rows: 0, columns: 0)
    public var queryBias = Matrix(rows: 0, columns: 0)
    public var keyWeights = Matrix(rows: 0, columns: 0)
    public var keyBias = Matrix(rows: 0, columns: 0)
    public var valueWeights = Matrix(rows: 0, columns: 0)
    public var valueBias = Matrix(rows: 0, columns: 0)
    public var outputWeights = Matrix(rows: 0, columns: 0)
    public var outputBias = Matrix(rows: 0, columns: 0)
    public var queryAdapter = LowRankGradients()
    public var keyAdapter = LowRankGradients()
    public var valueAdapter = LowRankGradients()
    public var outputAdapter = LowRankGradients()

    public init() {}

    /// ∇W of `projection`.
    func weights(of projection: Projection) -> Matrix {
      switch projection {
      case .query: queryWeights
      case .key: keyWeights
      case .value: valueWeights
      case .output: outputWeights
      case .up, .down: preconditionFailure("attention has no \(projection.weightName)")
      }
    }

    /// The gradients of the adapter on `projection`, lent to `body` in place.
    mutating func updateAdapter(_ projection: Projection, _ body: (inout LowRankGradients) -> Void)
    {
      switch projection {
      case .query: body(&queryAdapter)
      case .key: body(&keyAdapter)
      case .value: body(&valueAdapter)
      case .output: body(&outputAdapter)
      case .up, .down: preconditionFailure("attention has no \(projection.weightName)")
      }
    }

    /// Lends the adapters' gradients out of `list` from `first`: an A and a B for each of
    /// `layer`'s adapted projections, in order. Returns the index after them.
    mutating func takeAdapters(of layer: AttentionLayer, from list: inout [Matrix], at first: Int)
      -> Int
    {
      var index = first
      for projection in Projection.attention where layer[adapter: projection] != nil {
        updateAdapter(projection) {
          $0 = LowRankGradients(down: list.take(index), up: list.take(index + 1))
        }
        index += 2
      }
      return index
    }

    /// Puts them back.
    mutating func giveBackAdapters(of layer: AttentionLayer, to list: inout [Matrix], at first: Int)
      -> Int
    {
      var index = first
      for projection in Projection.attention where layer[adapter: projection] != nil {
        updateAdapter(projection) { (list[index], list[index + 1]) = ($0.down, $0.up) }
        index += 2
      }
      return index
    }

    /// The eight gradients lent out of a list in the layer's parameter order, from `first`.
    init(taking list: inout [Matrix], from first: Int = 0) {
      (queryWeights, queryBias) = (list.take(first), list.take(first + 1))
      (keyWeights, keyBias) = (list.take(first + 2), list.take(first + 3))
      (valueWeights, valueBias) = (list.take(first + 4), list.take(first + 5))
      (outputWeights, outputBias) = (list.take(first + 6), list.take(first + 7))
    }

    /// Puts them back.
    func giveBack(to list: inout [Matrix], from first: Int = 0) {
      (list[first], list[first + 1], list[first + 2], list[first + 3]) = (
        queryWeights, queryBias, keyWeights, keyBias
      )
      (list[first + 4], list[first + 5], list[first + 6], list[first + 7]) = (
        valueWeights, valueBias, outputWeights, outputBias
      )
    }
  }

  // MARK: - Forward

  /// The forward pass of a batch `x` of samples of T = `positions` positions (n×(T·D), or its
  /// (n·T)×D rows: only the order of the numbers matters) into `cache`; `cache.output` is Y,
  /// (n·T)×D.
  public func forward(_ x: Matrix, positions t: Int, into cache: inout Cache) {
    let (d, hk) = (width, heads * headSize)
    precondition(t > 0 && x.elements.count % (t * d) == 0, "\(x.shape) is not samples of \(t)×\(d)")
    let n = x.elements.count / (t * d)
    cache.positions = t
    cache.projections.ensureShape(rows: n * t, columns: 3 * hk)
    cache.probabilities.ensureShape(rows: n * heads * t, columns: t)
    cache.headOutputs.ensureShape(rows: n * t, columns: hk)
    // a row per position, as dense writes a sequence
    cache.output.ensureShape(rows: n * t, columns: d)
    if isAdapted { cache.lowRank.ensureScratch(rows: n * t, columns: adapterRank) }
    x.withBlock(width: d) { positions in
      cache.projections.withMutableBlock { qkv in
        // Q = X·Wq + bq, K = X·Wk + bk, V = X·Wv + bv (each with its adapter's change, if it has
        // one), each into its third of the projections.
        cache.lowRank.withMutableBlock { scratch in
          for (third, projection) in Projection.attention.prefix(3).enumerated() {
            project(
              positions, projection,
              into: qkv.block(row: 0, column: third * hk, rows: qkv.rows, columns: hk),
              scratch: scratch)
          }
        }
        cache.probabilities.withMutableBlock { p in
          cache.headOutputs.withMutableBlock { o in
            for sample in 0..<n {
              for head in 0..<heads {
                let part = HeadPart(
                  sample: sample, head: head, positions: t, size: headSize, heads: heads)
                attend(
                  queries: part.of(qkv, 0), keys: part.of(qkv, hk), values: part.of(qkv, 2 * hk),
                  probabilities: part.probabilities(p), output: part.of(o, 0))
              }
            }
          }
        }
      }
      // Y = O·Wo + bo (and Wo's adapter's change), written straight into the n×(T·D) output.
      cache.headOutputs.withBlock { o in
        cache.output.withMutableBlock(width: d) { y in
          cache.lowRank.withMutableBlock { scratch in project(o, .output, into: y, scratch: scratch)
          }
        }
      }
    }
  }

  /// One of the four projections of every position, `Z = X·W + b`, plus (α/r)·X·A·B when it
  /// carries an adapter.
  func project(
    _ x: MatrixBlock, _ projection: Projection, into z: MatrixBlock, scratch: MatrixBlock
  ) {
    let (w, b) = weightsAndBias(of: projection)
    Self.project(x, w, b, into: z)
    self[adapter: projection]?.addChange(of: x, to: z, scratch: scratch)
  }

  /// One linear projection of every position: `Z = X·W + b`.
  static func project(_ x: MatrixBlock, _ w: Matrix, _ b: Matrix, into z: MatrixBlock) {
    w.withBlock { w in MatrixBlock.multiply(x, w, into: z) }
    z.addToEveryRow(b)
  }

  /// Where one head of one sample lies: rows sample·T..<(sample+1)·T of the position-wise
  /// matrices, K columns from the head's offset, and its own T×T block of the probabilities.
  struct HeadPart {
    var sample: Int, head: Int, positions: Int, size: Int, heads: Int

    /// The head's T×K part of a position-wise block, whose head columns start at `offset`.
    func of(_ block: MatrixBlock, _ offset: Int) -> MatrixBlock {
      block.block(
        row: sample * positions, column: offset + head * size, rows: positions, columns: size)
    }

    /// The head's T×T block of P (or of ∂J/∂P).
    func probabilities(_ block: MatrixBlock) -> MatrixBlock {
      block.block(
        row: (sample * heads + head) * positions, column: 0, rows: positions, columns: positions)
    }
  }

  /// One head of one sample: S = Q·Kᵀ/√K, masked when causal, P = softmax(S) by rows, O = P·V.
  private func attend(
    queries q: MatrixBlock, keys k: MatrixBlock, values v: MatrixBlock,
    probabilities p: MatrixBlock, output o: MatrixBlock
  ) {
    MatrixBlock.multiply(q, k, transposing: .right, into: p)  // S = Q·Kᵀ, in P's place
    let scale = 1 / Double(headSize).squareRoot()
    for i in 0..<p.rows {
      let row = p.start + i * p.stride
      let seen = isCausal ? i + 1 : p.columns  // the keys position i may look at: 0..<seen
      // softmax(S/√K) over the row's visible entries; subtracting the largest keeps e^s finite.
      var largest = -Double.infinity
      for j in 0..<seen { largest = Swift.max(largest, row[j] * scale) }
      var total = 0.0
      for j in 0..<seen {
        row[j] = exp(row[j] * scale - largest)
        total += row[j]
      }
      for j in 0..<seen { row[j] /= total }
      for j in seen..<p.columns { row[j] = 0 }  // e^(−∞) = 0: the future gets no weight
    }
    MatrixBlock.multiply(p, v, into: o)  // O = P·V
  }

  // MARK: - Backward

  /// The backward pass: from `dY` = ∂J/∂Y and the forward's input `x` and cache, writes every
  /// parameter's gradient, and ∂J/∂X (in the shape of `x`) into `inputGradient`.
  public func backward(
    _ dY: Matrix, input x: Matrix, cache: inout Cache, gradients: inout Gradients,
    inputGradient dX: inout Matrix
  ) {
    let (d, hk, t) = (width, heads * headSize, cache.positions)
    let positions = x.elements.count / d
    cache.headOutputsGradient.ensureShape(rows: positions, columns: hk)
    cache.projectionsGradient.ensureShape(rows: positions, columns: 3 * hk)
    cache.probabilitiesGradient.ensureShape(rows: t, columns: t)
    if isAdapted { cache.lowRankGradient.ensureScratch(rows: positions, columns: adapterRank) }
    // Y = O·Wo + bo:  ∂J/∂Wo = Oᵀ·dY,  ∂J/∂bo = Σ dY,  ∂J/∂O = dY·Woᵀ (+ the adapter's share).
    dY.withBlock(width: d) { dY in
      cache.headOutputs.withBlock { o in
        Self.projectionGradients(
          o, dY, weights: &gradients.outputWeights, bias: &gradients.outputBias)
      }
      outputWeights.withBlock { wo in
        cache.headOutputsGradient.withMutableBlock { dO in
          MatrixBlock.multiply(dY, wo, transposing: .right, into: dO)
        }
      }
      cache.lowRankGradient.withMutableBlock { scratch in
        cache.headOutputsGradient.withMutableBlock { dO in
          backwardThroughAdapter(
            .output, outputGradient: dY, inputGradient: dO, scratch: scratch, gradients: &gradients)
        }
      }
    }
    backwardThroughHeads(samples: positions / t, positions: t, cache: &cache)
    x.withBlock(width: d) { input in
      cache.projectionsGradient.withBlock { dQKV in
        let dQ = dQKV.block(row: 0, column: 0, rows: positions, columns: hk)
        let dK = dQKV.block(row: 0, column: hk, rows: positions, columns: hk)
        let dV = dQKV.block(row: 0, column: 2 * hk, rows: positions, columns: hk)
        // Q = X·Wq + bq (and K, V alike):  ∂J/∂Wq = Xᵀ·dQ,  ∂J/∂bq = Σ dQ.
        Self.projectionGradients(
          input, dQ, weights: &gradients.queryWeights, bias: &gradients.queryBias)
        Self.projectionGradients(
          input, dK, weights: &gradients.keyWeights, bias: &gradients.keyBias)
        Self.projectionGradients(
          input, dV, weights: &gradients.valueWeights, bias: &gradients.valueBias)
        // X feeds all three projections, so its gradient is the sum dQ·Wqᵀ + dK·Wkᵀ + dV·Wvᵀ.
        dX.ensureShape(rows: x.rows, columns: x.columns)
        dX.withMutableBlock(width: d) { dX in
          queryWeights.withBlock { MatrixBlock.multiply(dQ, $0, transposing: .right, into: dX) }
          keyWeights.withBlock {
            MatrixBlock.multiply(dK, $0, transposing: .right, into: dX, adding: true)
          }
          valueWeights.withBlock {
            MatrixBlock.multiply(dV, $0, transposing: .right, into: dX, adding: true)
          }
          // An adapted projection also sends ((α/r)·dZ·Bᵀ)·Aᵀ back to X.
          cache.lowRankGradient.withMutableBlock { scratch in
            backwardThroughAdapter(
              .query, outputGradient: dQ, inputGradient: dX, scratch: scratch, gradients: &gradients
            )
            backwardThroughAdapter(
              .key, outputGradient: dK, inputGradient: dX, scratch: scratch, gradients: &gradients)
            backwardThroughAdapter(
              .value, outputGradient: dV, inputGradient: dX, scratch: scratch, gradients: &gradients
            )
          }
        }
      }
    }
  }

  /// The share of the adapter on `projection`, if it has one, once ∇W of the projection is
  /// known: ∇A, ∇B, and its part of ∂J/∂(the projection's input) added to `dX`.
  private func backwardThroughAdapter(
    _ projection: Projection, outputGradient dZ: MatrixBlock, inputGradient dX: MatrixBlock,
    scratch: MatrixBlock,
    gradients: inout Gradients
  ) {
    guard let adapter = self[adapter: projection] else { return }
    let weightGradient = gradients.weights(of: projection)
    gradients.updateAdapter(projection) {
      adapter.backward(
        weightGradient: weightGradient, outputGradient: dZ, inputGradient: dX, scratch: scratch,
        into: &$0)
    }
  }

  /// ∂J/∂Q, ∂J/∂K and ∂J/∂V from ∂J/∂O, one sample and head at a time.
  private func backwardThroughHeads(samples: Int, positions t: Int, cache: inout Cache) {
    let hk = heads * headSize
    cache.projections.withBlock { qkv in
      cache.probabilities.withBlock { p in
        cache.headOutputsGradient.withBlock { dO in
          cache.projectionsGradient.withMutableBlock { dQKV in
            cache.probabilitiesGradient.withMutableBlock { dP in
              for sample in 0..<samples {
                for head in 0..<heads {
                  let part = HeadPart(
                    sample: sample, head: head, positions: t, size: headSize, heads: heads)
                  backwardThroughHead(
                    queries: part.of(qkv, 0), keys: part.of(qkv, hk), values: part.of(qkv, 2 * hk),
                    probabilities: part.probabilities(p), outputGradient: part.of(dO, 0),
                    probabilitiesGradient: dP,
                    queriesGradient: part.of(dQKV, 0), keysGradient: part.of(dQKV, hk),
                    valuesGradient: part.of(dQKV, 2 * hk))
                }
              }
            }
          }
        }
      }
    }
  }

  /// One head of one sample, the forward's `attend` in reverse.
  private func backwardThroughHead(
    queries q: MatrixBlock, keys k: MatrixBlock, values v: MatrixBlock,
    probabilities p: MatrixBlock,
    outputGradient dO: MatrixBlock, probabilitiesGradient dP: MatrixBlock,
    queriesGradient dQ: MatrixBlock, keysGradient dK: MatrixBlock, valuesGradient dV: MatrixBlock
  ) {
    // O = P·V:  ∂J/∂P = dO·Vᵀ,  ∂J/∂V = Pᵀ·dO.
    MatrixBlock.multiply(dO, v, transposing: .right, into: dP)
    MatrixBlock.multiply(p, dO, transposing: .left, into: dV)
    // P = softmax(S) by rows, whose Jacobian is diag(p) − p·pᵀ; its product with a row of dP is
    // dS = P ⊙ (dP − rowsum(dP ⊙ P)). A masked entry has P = 0, so its dS is 0 too.
    // S = Q·Kᵀ/√K: the scale 1/√K is folded into dS here.
    let scale = 1 / Double(headSize).squareRoot()
    for i in 0..<p.rows {
      let (pRow, dRow) = (p.start + i * p.stride, dP.start + i * dP.stride)
      var weighted = 0.0
      for j in 0..<p.columns { weighted += dRow[j] * pRow[j] }
      for j in 0..<p.columns { dRow[j] = scale * pRow[j] * (dRow[j] - weighted) }
    }
    // S = Q·Kᵀ:  ∂J/∂Q = dS·K,  ∂J/∂K = dSᵀ·Q.
    MatrixBlock.multiply(dP, k, into: dQ)
    MatrixBlock.multiply(dP, q, transposing: .left, into: dK)
  }

  /// ∂J/∂W = Xᵀ·dZ and ∂J/∂b = Σrows dZ for a projection Z = X·W + b over every position.
  static func projectionGradients(
    _ x: MatrixBlock, _ dZ: MatrixBlock, weights: inout Matrix, bias: inout Matrix
  ) {
    weights.ensureShape(rows: x.columns, columns: dZ.columns)
    weights.withMutableBlock { MatrixBlock.multiply(x, dZ, transposing: .left, into: $0) }
    dZ.columnSums(into: &bias)
  }
}
