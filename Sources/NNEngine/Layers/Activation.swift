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
  /// gelu(z) = ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))), GPT-2's tanh form (see `GELU`): a smooth
  /// relu, used in the transformer's MLP.
  case gelu

  /// Whether every output lies in [0, 1], so that it can be read as a probability, as
  /// cross-entropy requires.
  public var outputsProbabilities: Bool { self == .sigmoid || self == .softmax }

  /// Applies the activation to every row of `z`.
  public func apply(_ z: Matrix) -> Matrix {
    var z = z
    var a = Matrix(rows: z.rows, columns: z.columns)
    apply(&z, addingBias: nil, into: &a)
    return a
  }

  /// A layer's last two steps in one pass over memory: adds `bias` (1×n) to every row of `z`,
  /// then writes `a = f(z)`. Fusing them reads each z once instead of twice, and `a` keeps its
  /// storage from the last training step.
  public func apply(_ z: inout Matrix, addingBias bias: Matrix?, into a: inout Matrix) {
    let n = z.columns
    precondition(bias.map { $0.rows == 1 && $0.columns == n } ?? true, "a bias must be 1×\(n)")
    a.ensureShape(rows: z.rows, columns: n)
    z.elements.withUnsafeMutableBufferPointer { z in
      a.elements.withUnsafeMutableBufferPointer { a in
        for i in 0..<(n == 0 ? 0 : z.count / n) {
          let zRow = UnsafeMutableBufferPointer(rebasing: z[(i * n)..<((i + 1) * n)])
          let aRow = UnsafeMutableBufferPointer(rebasing: a[(i * n)..<((i + 1) * n)])
          if let bias { for j in 0..<n { zRow[j] += bias.elements[j] } }
          apply(row: zRow, into: aRow)
        }
      }
    }
  }

  /// Writes f(z) for one row.
  private func apply(
    row z: UnsafeMutableBufferPointer<Double>, into a: UnsafeMutableBufferPointer<Double>
  ) {
    switch self {
    case .sigmoid: for j in z.indices { a[j] = Activation.sigmoid(z[j]) }
    case .relu: for j in z.indices { a[j] = max(0, z[j]) }
    case .tanh: for j in z.indices { a[j] = hyperbolicTangent(z[j]) }
    case .linear: for j in z.indices { a[j] = z[j] }
    case .gelu: for j in z.indices { a[j] = GELU.value(z[j]) }
    case .softmax:
      // Subtracting the row's largest entry first changes nothing but keeps e^z from overflowing.
      let largest = z.max() ?? 0
      var total = 0.0
      for j in z.indices {
        a[j] = exp(z[j] - largest)
        total += a[j]
      }
      for j in z.indices { a[j] /= total }
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
    case .gelu: GELU.value(z)
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
    case .gelu: return GELU.derivative(z)
    case .softmax: return nil
    }
  }

  /// The chain rule through this activation: given ∂J/∂a, returns ∂J/∂z.
  public func gradient(of upstream: Matrix, z: Matrix, a: Matrix) -> Matrix {
    var gradient = upstream
    backpropagate(&gradient, z: z, a: a)
    return gradient
  }

  /// Turns `g = ∂J/∂a` into `∂J/∂z` in place, given the layer's `z` and `a = f(z)`.
  ///
  /// For the entry-wise activations this is `g ⊙ f′(z)`. For softmax each row multiplies by the
  /// Jacobian: `∂J/∂zⱼ = aⱼ·(gⱼ − Σᵢ gᵢ·aᵢ)`.
  public func backpropagate(_ g: inout Matrix, z: Matrix, a: Matrix) {
    precondition(
      g.shape == z.shape && z.shape == a.shape, "gradient \(g.shape) does not match z \(z.shape)")
    let n = g.columns
    g.elements.withUnsafeMutableBufferPointer { g in
      z.elements.withUnsafeBufferPointer { z in
        a.elements.withUnsafeBufferPointer { a in
          switch self {
          case .softmax:
            for i in 0..<(n == 0 ? 0 : g.count / n) {
              let row = (i * n)..<((i + 1) * n)
              var weighted = 0.0
              for j in row { weighted += g[j] * a[j] }
              for j in row { g[j] = a[j] * (g[j] - weighted) }
            }
          // σ′(z) = a(1 − a) and tanh′(z) = 1 − a²: the activation is reused, not recomputed.
          case .sigmoid: for j in g.indices { g[j] *= a[j] * (1 - a[j]) }
          case .tanh: for j in g.indices { g[j] *= 1 - a[j] * a[j] }
          case .relu: for j in g.indices { g[j] *= z[j] > 0 ? 1 : 0 }
          case .gelu: for j in g.indices { g[j] *= GELU.derivative(z[j]) }
          case .linear: break
          }
        }
      }
    }
  }

  /// σ(z), written so that e^(−z) never overflows: for z < 0 it uses e^z / (1 + e^z).
  static func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
  }
}

/// The C library's tanh, named apart because inside `Activation` the name `tanh` means the case.
private func hyperbolicTangent(_ z: Double) -> Double { tanh(z) }
