#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The function a layer applies to its pre-activation `z` to give its activation `a = f(z)`.
///
/// The activation is where a network's non-linearity comes from (the bias only shifts; seed §2.2
/// says otherwise, and is wrong). It has no trainable parameters. Each case keeps its function and
/// its derivative side by side, so the forward and the backward pass can be read together.
public enum Activation: String, CaseIterable, Sendable {
  /// σ(z) = 1 / (1 + e^(−z)); σ′(z) = σ(z)(1 − σ(z)). Squashes to (0, 1).
  case sigmoid
  /// relu(z) = max(0, z); relu′(z) = 1 for z > 0, else 0. nnrepl takes relu′(0) = 0, as the
  /// frameworks do; seed §4.3 takes 1, which is the other convention.
  case relu
  /// tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)); tanh′(z) = 1 − tanh²(z). Squashes to (−1, 1).
  case tanh
  /// softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), over each row: turns scores into probabilities that sum to 1.
  /// Its derivative is a matrix (the Jacobian ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)), not one number per entry.
  case softmax
  /// linear(z) = z; linear′(z) = 1. No squashing: the output of a regression.
  case linear

  /// Whether every output lies in [0, 1], so that it can be read as a probability, as
  /// cross-entropy requires.
  public var outputsProbabilities: Bool { self == .sigmoid || self == .softmax }

  /// Applies the activation to every row of `z`.
  public func apply(_ z: Matrix) -> Matrix {
    switch self {
    case .sigmoid: z.map(Activation.sigmoid)
    case .relu: z.map { max(0, $0) }
    case .tanh: z.map(hyperbolicTangent)
    case .softmax: Activation.softmaxRows(z)
    case .linear: z
    }
  }

  /// The activation of one number. Softmax acts on whole rows and is not defined for one number,
  /// so it returns `nil`.
  public func value(at z: Double) -> Double? {
    switch self {
    case .sigmoid: Activation.sigmoid(z)
    case .relu: max(0, z)
    case .tanh: hyperbolicTangent(z)
    case .linear: z
    case .softmax: nil
    }
  }

  /// The derivative f′(z) of one number, or `nil` for softmax (see `gradient(of:z:a:)`).
  public func derivative(at z: Double) -> Double? {
    switch self {
    case .sigmoid:
      let s = Activation.sigmoid(z)
      return s * (1 - s)
    case .relu: return z > 0 ? 1 : 0
    case .tanh:
      let t = hyperbolicTangent(z)
      return 1 - t * t
    case .linear: return 1
    case .softmax: return nil
    }
  }

  /// The chain rule through this activation: given ∂J/∂a, returns ∂J/∂z.
  ///
  /// For the entry-wise activations this is `∂J/∂a ⊙ f′(z)`. For softmax each row multiplies by the
  /// Jacobian: `∂J/∂zⱼ = aⱼ·(gⱼ − Σᵢ gᵢ·aᵢ)` with `g = ∂J/∂a`.
  public func gradient(of upstream: Matrix, z: Matrix, a: Matrix) -> Matrix {
    switch self {
    case .softmax:
      let weighted = (upstream * a).rowSums
      var result = a
      for i in 0..<a.rows {
        for j in 0..<a.columns { result[i, j] = a[i, j] * (upstream[i, j] - weighted[i, 0]) }
      }
      return result
    case .sigmoid:
      // σ′(z) = a(1 − a): reuse the activation instead of computing σ(z) again.
      return upstream * a.map { $0 * (1 - $0) }
    case .tanh:
      return upstream * a.map { 1 - $0 * $0 }
    case .relu, .linear:
      return upstream * z.map { derivative(at: $0) ?? 1 }
    }
  }

  /// σ(z), written so that e^(−z) never overflows: for z < 0 it uses e^z / (1 + e^z).
  static func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
  }

  /// Softmax of each row, after subtracting the row's largest entry: the result is the same,
  /// and e^z can no longer overflow.
  static func softmaxRows(_ z: Matrix) -> Matrix {
    var result = z
    for i in 0..<z.rows {
      var largest = -Double.infinity
      for j in 0..<z.columns { largest = max(largest, z[i, j]) }
      var total = 0.0
      for j in 0..<z.columns {
        result[i, j] = exp(z[i, j] - largest)
        total += result[i, j]
      }
      for j in 0..<z.columns { result[i, j] /= total }
    }
    return result
  }
}

/// The C library's tanh, named apart because inside `Activation` the name `tanh` means the case.
private func hyperbolicTangent(_ z: Double) -> Double { tanh(z) }
