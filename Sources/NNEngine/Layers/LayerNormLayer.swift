/// Layer normalization: each position's D numbers are shifted and scaled to mean 0 and
/// variance 1, then given a learned scale γ and shift β (Ba, Kiros and Hinton, 2016).
///
/// For one position x (1×D), with the biased variance (divided by D, as Keras and PyTorch do)
/// and ε = 1e-5:
///
///     μ = Σⱼ xⱼ / D,   σ² = Σⱼ (xⱼ − μ)² / D,   rstd = 1 / √(σ² + ε)
///     x̂ = (x − μ)·rstd,   y = γ ⊙ x̂ + β
///
/// It normalizes every position of every sample on its own, so it behaves the same in training
/// and in use, and whatever the batch size. Parameters: γ and β, 1×D each, 2·D in all
/// (LayerNorm(768): 1,536).
public struct LayerNormLayer: Equatable, Sendable {
  /// γ, 1×D: the scale each feature gets back; starts at 1.
  public var gamma: Matrix
  /// β, 1×D: the shift; starts at 0.
  public var beta: Matrix
  public var isFrozen = false
  /// The samples it normalizes, D numbers per position.
  public let inputShape: SampleShape
  /// ε, added to the variance so that a constant position does not divide by zero.
  public static let epsilon = 1e-5

  public init(gamma: Matrix, beta: Matrix, inputShape: SampleShape? = nil) {
    precondition(gamma.rows == 1 && beta.shape == gamma.shape, "γ and β must both be 1×D")
    (self.gamma, self.beta) = (gamma, beta)
    self.inputShape = inputShape ?? .features(gamma.columns)
    precondition(
      self.inputShape.featuresPerPosition == gamma.columns, "γ must have one entry per feature")
  }

  /// A fresh layer on positions of width D: γ = 1, β = 0, so it starts as plain normalization.
  public init(width: Int, inputShape: SampleShape? = nil) {
    self.init(
      gamma: Matrix(rows: 1, columns: width, repeating: 1), beta: Matrix(rows: 1, columns: width),
      inputShape: inputShape)
  }

  /// D, the width of a position.
  public var width: Int { gamma.columns }
  /// 2·D.
  public var parameterCount: Int { 2 * width }

  /// What the forward pass keeps: every position's μ and rstd, x̂, and the output y.
  public struct Cache: Equatable, Sendable {
    /// μ of each position, (positions)×1.
    public var mean = Matrix(rows: 0, columns: 0)
    /// rstd = 1/√(σ² + ε) of each position, (positions)×1.
    public var inverseDeviation = Matrix(rows: 0, columns: 0)
    /// x̂, the input normalized, a row per position.
    public var normalized = Matrix(rows: 0, columns: 0)
    /// y = γ ⊙ x̂ + β, a row per position.
    public var output = Matrix(rows: 0, columns: 0)

    public init() {}

    /// The cache a layer pass holds, in the order of `passNames` from `first`, lent out of it.
    init(taking matrices: inout [Matrix], from first: Int = 0) {
      mean = matrices.take(first)
      inverseDeviation = matrices.take(first + 1)
      normalized = matrices.take(first + 2)
      output = matrices.take(first + 3)
    }

    /// The same, read.
    init(reading matrices: [Matrix], from first: Int = 0) {
      (mean, inverseDeviation) = (matrices[first], matrices[first + 1])
      (normalized, output) = (matrices[first + 2], matrices[first + 3])
    }

    /// Puts the matrices back where `init(taking:from:)` found them.
    func giveBack(to matrices: inout [Matrix], from first: Int = 0) {
      (matrices[first], matrices[first + 1], matrices[first + 2], matrices[first + 3]) = (
        mean, inverseDeviation, normalized, output
      )
    }
  }

  /// ∂J/∂γ and ∂J/∂β.
  public struct Gradients: Equatable, Sendable {
    public var gamma = Matrix(rows: 0, columns: 0)
    public var beta = Matrix(rows: 0, columns: 0)

    public init() {}

    public init(gamma: Matrix, beta: Matrix) { (self.gamma, self.beta) = (gamma, beta) }
  }

  /// The forward pass of `x` (any number of rows, each a whole number of positions of width D).
  public func forward(_ x: Matrix, into cache: inout Cache) {
    let d = width
    let positions = x.elements.count / d
    cache.mean.ensureShape(rows: positions, columns: 1)
    cache.inverseDeviation.ensureShape(rows: positions, columns: 1)
    cache.normalized.ensureShape(rows: positions, columns: d)
    cache.output.ensureShape(rows: positions, columns: d)
    x.withBlock(width: d) { x in
      cache.normalized.withMutableBlock(width: d) { xhat in
        cache.output.withMutableBlock(width: d) { y in
          for p in 0..<positions {
            let (row, normalizedRow, outputRow) = (
              x.start + p * d, xhat.start + p * d, y.start + p * d
            )
            var mean = 0.0  // μ = Σ x / D
            for j in 0..<d { mean += row[j] }
            mean /= Double(d)
            var variance = 0.0  // σ² = Σ (x − μ)² / D
            for j in 0..<d { variance += (row[j] - mean) * (row[j] - mean) }
            variance /= Double(d)
            let rstd = 1 / (variance + Self.epsilon).squareRoot()
            for j in 0..<d {
              normalizedRow[j] = (row[j] - mean) * rstd  // x̂ = (x − μ)·rstd
              // y = γ ⊙ x̂ + β
              outputRow[j] = gamma.elements[j] * normalizedRow[j] + beta.elements[j]
            }
            cache.mean.elements[p] = mean
            cache.inverseDeviation.elements[p] = rstd
          }
        }
      }
    }
  }

  /// The backward pass: from `dY` = ∂J/∂y, writes ∂J/∂γ and ∂J/∂β, and ∂J/∂x into
  /// `inputGradient`.
  ///
  /// y = γ ⊙ x̂ + β gives ∂J/∂β = Σ dy and ∂J/∂γ = Σ dy ⊙ x̂ (summed over positions), and
  /// ∂J/∂x̂ = dy ⊙ γ. Every x̂ⱼ depends on every xₖ through μ and σ², and the three terms of
  /// the chain rule through them are
  ///
  ///     ∂J/∂x = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂))
  ///
  /// (the gradient itself; minus its part that μ would shift away; minus its part along x̂,
  /// which σ² would scale away).
  public func backward(
    _ dY: Matrix, cache: Cache, gradients: inout Gradients, inputGradient dX: inout Matrix
  ) {
    let d = width
    let positions = dY.elements.count / d
    gradients.gamma.ensureShape(rows: 1, columns: d)
    gradients.beta.ensureShape(rows: 1, columns: d)
    for j in 0..<d { (gradients.gamma.elements[j], gradients.beta.elements[j]) = (0, 0) }
    dX.ensureShape(rows: dY.rows, columns: dY.columns)
    dY.withBlock(width: d) { dY in
      cache.normalized.withBlock(width: d) { xhat in
        for p in 0..<positions {
          let (dRow, normalizedRow) = (dY.start + p * d, xhat.start + p * d)
          var (meanGradient, meanGradientAlongNormalized) = (0.0, 0.0)
          for j in 0..<d {
            gradients.beta.elements[j] += dRow[j]  // ∂J/∂β = Σ dy
            gradients.gamma.elements[j] += dRow[j] * normalizedRow[j]  // ∂J/∂γ = Σ dy ⊙ x̂
            let dNormalized = dRow[j] * gamma.elements[j]  // ∂J/∂x̂ = dy ⊙ γ
            meanGradient += dNormalized
            meanGradientAlongNormalized += dNormalized * normalizedRow[j]
          }
          (meanGradient, meanGradientAlongNormalized) = (
            meanGradient / Double(d), meanGradientAlongNormalized / Double(d)
          )
          let rstd = cache.inverseDeviation.elements[p]
          for j in 0..<d {
            let dNormalized = dRow[j] * gamma.elements[j]
            dX.elements[p * d + j] =
              rstd * (dNormalized - meanGradient - normalizedRow[j] * meanGradientAlongNormalized)
          }
        }
      }
    }
  }
}

// MARK: - As a layer of a network

extension LayerNormLayer: Layer {
  public static let kind = "layernorm"
  public var outputShape: SampleShape { inputShape }
  public var description: String { "layernorm" }
  public var parameters: [LayerParameter] {
    [
      LayerParameter(name: "gamma", value: gamma, isTrainable: !isFrozen),
      LayerParameter(name: "beta", value: beta, isTrainable: !isFrozen),
    ]
  }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    if index == 0 { body(&gamma) } else { body(&beta) }
  }
  /// γ and β in place, without the default's list of `parameters`, so that a step allocates
  /// nothing here. Neither decays.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    body(0, false, &gamma)
    body(1, false, &beta)
  }

  /// γ = 1 and β = 0 again: nothing is drawn.
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = LayerNormLayer(width: width, inputShape: inputShape)
    isFrozen = frozen
  }

  /// μ and rstd of every position, x̂, and the output.
  public var passNames: [String] { ["mean", "rstd", "xhat", "out"] }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache(taking: &pass.matrices)
    forward(x, into: &cache)
    cache.giveBack(to: &pass.matrices)
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    gradients.parameters.prepare(count: 2)
    var own = Gradients(gamma: gradients.parameters.take(0), beta: gradients.parameters.take(1))
    inputGradient.write {
      backward(
        gradients.delta, cache: Cache(reading: pass.matrices), gradients: &own, inputGradient: &$0)
    }
    (gradients.parameters[0], gradients.parameters[1]) = (own.gamma, own.beta)
  }
}
