/// Batch normalization (Ioffe and Szegedy, 2015): each feature (each channel of an image or a
/// sequence) is normalized over the whole batch, then given a learned scale γ and shift β.
///
/// While training, for each channel c over its N numbers in the batch (n samples, times every
/// position of a sequence or pixel of an image), with the biased variance and ε = 1e-5:
///
///     μ_c = Σ x / N,   σ²_c = Σ (x − μ_c)² / N,   x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c·x̂ + β_c
///
/// and the running statistics move towards the batch's: μ̄ ← 0.9·μ̄ + 0.1·μ, σ̄² ← 0.9·σ̄² + 0.1·σ².
/// In inference the running statistics take the batch's place, so one sample's output does not
/// depend on the others in its batch. (Keras keeps 0.99 of the old value and adds ε = 1e-3;
/// PyTorch keeps 0.9, adds 1e-5, and keeps the unbiased σ² for its running variance.)
///
/// Parameters: γ and β, 1×C, trained; μ̄ and σ̄², 1×C, kept but not trained. Keras counts all
/// 4·C ("non-trainable params": 2·C); PyTorch counts 2·C and calls μ̄ and σ̄² buffers.
public struct BatchNormLayer: Equatable, Sendable {
  /// γ, 1×C; starts at 1.
  public var gamma: Matrix
  /// β, 1×C; starts at 0.
  public var beta: Matrix
  /// μ̄, 1×C: the running mean, starting at 0.
  public var runningMean: Matrix
  /// σ̄², 1×C: the running variance, starting at 1.
  public var runningVariance: Matrix
  /// ε, added to every variance.
  public static let epsilon = 1e-5
  /// How much of the old running statistics each training step keeps.
  public static let momentum = 0.9
  public var isFrozen = false
  /// The samples it normalizes: C channels at each position (each pixel of an image).
  public let inputShape: SampleShape

  public init(
    gamma: Matrix, beta: Matrix, runningMean: Matrix, runningVariance: Matrix,
    inputShape: SampleShape? = nil
  ) {
    precondition(
      gamma.rows == 1
        && [beta, runningMean, runningVariance].allSatisfy { $0.shape == gamma.shape },
      "γ, β, μ̄ and σ̄² must all be 1×C")
    (self.gamma, self.beta, self.runningMean, self.runningVariance) = (
      gamma, beta, runningMean, runningVariance
    )
    self.inputShape = inputShape ?? .features(gamma.columns)
  }

  /// A fresh layer on `channels` channels: γ = 1, β = 0, μ̄ = 0, σ̄² = 1.
  public init(channels: Int, inputShape: SampleShape? = nil) {
    let (ones, zeros) = (
      Matrix(rows: 1, columns: channels, repeating: 1), Matrix(rows: 1, columns: channels)
    )
    self.init(
      gamma: ones, beta: zeros, runningMean: zeros, runningVariance: ones, inputShape: inputShape)
  }

  /// C, the number of channels.
  public var channels: Int { gamma.columns }
  /// 4·C, as Keras counts: γ, β, μ̄ and σ̄².
  public var parameterCount: Int { 4 * channels }
  /// 2·C: γ and β (what PyTorch calls the parameters).
  public var trainableParameterCount: Int { 2 * channels }

  /// What the forward pass keeps: the statistics it normalized with, x̂, and y.
  public struct Cache: Equatable, Sendable {
    /// The mode the statistics came from: the batch's (training) or the running ones.
    public var mode = LayerMode.training
    /// μ and 1/√(σ² + ε) of each channel, 1×C.
    public var mean = Matrix(rows: 0, columns: 0)
    public var inverseDeviation = Matrix(rows: 0, columns: 0)
    /// The batch's own σ², 1×C (what the running variance moves towards).
    public var variance = Matrix(rows: 0, columns: 0)
    /// x̂ and y, a row per position (per pixel of an image).
    public var normalized = Matrix(rows: 0, columns: 0)
    public var output = Matrix(rows: 0, columns: 0)

    public init() {}

    /// The cache a layer pass holds, in the order of `passNames`, lent out of it.
    init(taking m: inout [Matrix], mode: LayerMode) {
      self.mode = mode
      (mean, inverseDeviation, variance, normalized, output) = (
        m.take(0), m.take(1), m.take(2), m.take(3), m.take(4)
      )
    }

    /// The same, read.
    init(reading m: [Matrix], mode: LayerMode) {
      self.mode = mode
      (mean, inverseDeviation, variance, normalized, output) = (m[0], m[1], m[2], m[3], m[4])
    }

    /// Puts the matrices back where `init(taking:mode:)` found them.
    func giveBack(to m: inout [Matrix]) {
      (m[0], m[1], m[2], m[3], m[4]) = (mean, inverseDeviation, variance, normalized, output)
    }
  }

  /// ∂J/∂γ and ∂J/∂β; and ∂J/∂μ̄ and ∂J/∂σ̄², which are 0 in training (the batch's statistics
  /// are used, not the running ones) and are not used to train them in any case.
  public struct Gradients: Equatable, Sendable {
    public var gamma = Matrix(rows: 0, columns: 0)
    public var beta = Matrix(rows: 0, columns: 0)
    public var runningMean = Matrix(rows: 0, columns: 0)
    public var runningVariance = Matrix(rows: 0, columns: 0)

    public init() {}
  }

  /// The forward pass of `x` (every row a whole number of positions of C channels).
  public func forward(_ x: Matrix, mode: LayerMode, into cache: inout Cache) {
    let c = channels
    let count = x.elements.count / c  // N, the numbers of each channel in the batch
    cache.mode = mode
    cache.mean.ensureShape(rows: 1, columns: c)
    cache.variance.ensureShape(rows: 1, columns: c)
    cache.inverseDeviation.ensureShape(rows: 1, columns: c)
    cache.normalized.ensureShape(rows: count, columns: c)
    cache.output.ensureShape(rows: count, columns: c)
    for j in 0..<c {
      var (mean, variance) = (runningMean.elements[j], runningVariance.elements[j])
      if mode == .training {
        mean = 0  // μ = Σ x / N
        for p in 0..<count { mean += x.elements[p * c + j] }
        mean /= Double(count)
        variance = 0  // σ² = Σ (x − μ)² / N
        for p in 0..<count {
          variance += (x.elements[p * c + j] - mean) * (x.elements[p * c + j] - mean)
        }
        variance /= Double(count)
      }
      let rstd = 1 / (variance + Self.epsilon).squareRoot()
      (cache.mean.elements[j], cache.variance.elements[j], cache.inverseDeviation.elements[j]) = (
        mean, variance, rstd
      )
      for p in 0..<count {
        let k = p * c + j
        cache.normalized.elements[k] = (x.elements[k] - mean) * rstd  // x̂ = (x − μ)/√(σ² + ε)
        cache.output.elements[k] =
          gamma.elements[j] * cache.normalized.elements[k] + beta.elements[j]  // y = γ·x̂ + β
      }
    }
  }

  /// Moves the running statistics towards a training batch's: μ̄ ← 0.9·μ̄ + 0.1·μ and likewise σ̄².
  /// Kept apart from `forward` so that a gradient check's probes, which run the forward pass
  /// many times, leave the statistics alone.
  public mutating func updateRunningStatistics(from cache: Cache) {
    guard cache.mode == .training else { return }
    for j in 0..<channels {
      runningMean.elements[j] =
        Self.momentum * runningMean.elements[j] + (1 - Self.momentum) * cache.mean.elements[j]
      runningVariance.elements[j] =
        Self.momentum * runningVariance.elements[j] + (1 - Self.momentum)
        * cache.variance.elements[j]
    }
  }

  /// The backward pass: writes ∂J/∂γ = Σ dy ⊙ x̂ and ∂J/∂β = Σ dy, and ∂J/∂x into `inputGradient`.
  ///
  /// In training μ and σ² are the batch's, so every x of a channel moves every x̂ of it, and the
  /// chain rule gives layer norm's three terms taken over the batch instead of over the features:
  ///
  ///     ∂J/∂x = rstd · (dx̂ − mean_N(dx̂) − x̂ · mean_N(dx̂ ⊙ x̂)),   dx̂ = dy·γ
  ///
  /// In inference μ̄ and σ̄² are constants, and the layer is a straight line: ∂J/∂x = dy·γ·rstd.
  public func backward(
    _ dY: Matrix, cache: Cache, gradients: inout Gradients, inputGradient dX: inout Matrix
  ) {
    let c = channels
    let count = dY.elements.count / c
    gradients.gamma.ensureShape(rows: 1, columns: c)
    gradients.beta.ensureShape(rows: 1, columns: c)
    gradients.runningMean.ensureShape(rows: 1, columns: c)
    gradients.runningVariance.ensureShape(rows: 1, columns: c)
    dX.ensureShape(rows: dY.rows, columns: dY.columns)
    for j in 0..<c {
      var (dGamma, dBeta, meanGradient, meanGradientAlongNormalized) = (0.0, 0.0, 0.0, 0.0)
      for p in 0..<count {
        let k = p * c + j
        dBeta += dY.elements[k]
        dGamma += dY.elements[k] * cache.normalized.elements[k]
        meanGradient += dY.elements[k] * gamma.elements[j]
        meanGradientAlongNormalized +=
          dY.elements[k] * gamma.elements[j] * cache.normalized.elements[k]
      }
      (gradients.gamma.elements[j], gradients.beta.elements[j]) = (dGamma, dBeta)
      let training = cache.mode == .training
      // In inference x̂ = (x − μ̄)·rstd with rstd = (σ̄² + ε)^(−½):  ∂J/∂μ̄ = −rstd·Σ dx̂ and
      // ∂J/∂σ̄² = −½·rstd²·Σ dx̂ ⊙ x̂. In training μ̄ and σ̄² are not used.
      let rstdNow = cache.inverseDeviation.elements[j]
      gradients.runningMean.elements[j] = training ? 0 : -rstdNow * meanGradient
      gradients.runningVariance.elements[j] =
        training ? 0 : -0.5 * rstdNow * rstdNow * meanGradientAlongNormalized
      (meanGradient, meanGradientAlongNormalized) =
        training
        ? (meanGradient / Double(count), meanGradientAlongNormalized / Double(count)) : (0, 0)
      let rstd = cache.inverseDeviation.elements[j]
      for p in 0..<count {
        let k = p * c + j
        let dNormalized = dY.elements[k] * gamma.elements[j]
        dX.elements[k] =
          rstd
          * (dNormalized - meanGradient - cache.normalized.elements[k] * meanGradientAlongNormalized)
      }
    }
  }
}

// MARK: - As a layer of a network

extension BatchNormLayer: Layer {
  public static let kind = "batchnorm"
  public var outputShape: SampleShape { inputShape }
  public var description: String { "batchnorm" }

  /// γ and β train; the running mean and variance (Keras's moving_mean and moving_variance) are
  /// listed as parameters that do not, so `show`, model files and the counts see them.
  public var parameters: [LayerParameter] {
    [
      LayerParameter(name: "gamma", value: gamma, isTrainable: !isFrozen),
      LayerParameter(name: "beta", value: beta, isTrainable: !isFrozen),
      LayerParameter(name: "movingMean", value: runningMean, isTrainable: false),
      LayerParameter(name: "movingVar", value: runningVariance, isTrainable: false),
    ]
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&gamma)
    case 1: body(&beta)
    case 2: body(&runningMean)
    default: body(&runningVariance)
    }
  }

  /// γ = 1, β = 0, μ̄ = 0, σ̄² = 1 again: nothing is drawn.
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = BatchNormLayer(channels: channels, inputShape: inputShape)
    isFrozen = frozen
  }

  /// The statistics used (the batch's in training, the running ones in inference), x̂, the output.
  public var passNames: [String] { ["mean", "rstd", "var", "xhat", "out"] }
  public var trainsDifferently: Bool { true }

  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    var cache = Cache(taking: &pass.matrices, mode: pass.mode)
    forward(x, mode: pass.mode, into: &cache)
    cache.giveBack(to: &pass.matrices)
  }

  public func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    gradients.parameters.prepare(count: 4)
    var own = Gradients()
    (own.gamma, own.beta) = (gradients.parameters.take(0), gradients.parameters.take(1))
    (own.runningMean, own.runningVariance) = (
      gradients.parameters.take(2), gradients.parameters.take(3)
    )
    inputGradient.write {
      backward(
        gradients.delta, cache: Cache(reading: pass.matrices, mode: pass.mode), gradients: &own,
        inputGradient: &$0)
    }
    (gradients.parameters[0], gradients.parameters[1]) = (own.gamma, own.beta)
    (gradients.parameters[2], gradients.parameters[3]) = (own.runningMean, own.runningVariance)
  }

  /// The running statistics move towards the step's batch statistics.
  public mutating func finishTrainingStep(_ pass: LayerPass) {
    updateRunningStatistics(from: Cache(reading: pass.matrices, mode: pass.mode))
  }
}
