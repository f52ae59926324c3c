#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// GELU, the activation of GPT-2's MLP, in the tanh form GPT-2 uses (Hendrycks and Gimpel, 2016):
///
///     gelu(z) = ½·z·(1 + tanh(u)),   u = √(2/π)·(z + 0.044715·z³)
///     gelu′(z) = ½·(1 + tanh(u)) + ½·z·(1 − tanh²(u))·√(2/π)·(1 + 3·0.044715·z²)
///
/// It is z·Φ(z) (Φ the standard normal's distribution function) to within 5e-4: like relu for
/// large |z|, but smooth through 0 and slightly negative just below it. PyTorch and Keras
/// compute the exact z·Φ(z) unless asked for this form (`approximate="tanh"`, `approximate=True`).
public enum GELU {
  /// √(2/π).
  static let scale = (2 / Double.pi).squareRoot()
  /// The cubic term's coefficient, 0.044715.
  static let cubic = 0.044715

  /// gelu(z).
  public static func value(_ z: Double) -> Double {
    0.5 * z * (1 + tanh(scale * (z + cubic * z * z * z)))
  }

  /// gelu′(z).
  public static func derivative(_ z: Double) -> Double {
    let t = tanh(scale * (z + cubic * z * z * z))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * scale * (1 + 3 * cubic * z * z)
  }
}
