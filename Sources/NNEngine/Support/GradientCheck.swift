/// Numeric gradients by central differences: the independent check of backpropagation.
///
/// For each parameter θ, ∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h. The error of this estimate shrinks
/// like h², until rounding (about ε·J/h, with ε ≈ 2.2e-16) takes over; h = 1e-5 balances the two.
public enum GradientCheck {
  /// The step used when none is given.
  public static let defaultStep = 1e-5

  /// The numeric gradient of `f` at `point`, one entry at a time.
  public static func numericGradient(
    at point: Matrix, step h: Double = defaultStep, of f: (Matrix) -> Double
  ) -> Matrix {
    var gradient = Matrix(rows: point.rows, columns: point.columns)
    var probe = point
    for i in 0..<point.rows {
      for j in 0..<point.columns {
        let original = point[i, j]
        probe[i, j] = original + h
        let above = f(probe)
        probe[i, j] = original - h
        let below = f(probe)
        probe[i, j] = original
        gradient[i, j] = (above - below) / (2 * h)
      }
    }
    return gradient
  }

  /// The numeric gradients of the loss of `network` on `x` and `targets` with respect to layer
  /// `l`'s W and b (l counted from 0).
  public static func numericGradients(
    ofLayer l: Int, in network: Network, input x: Matrix, targets: Matrix, loss: Loss,
    step h: Double = defaultStep
  ) -> (weights: Matrix, bias: Matrix) {
    func lossWith(_ change: (inout Network) -> Void) -> Double {
      var probe = network
      change(&probe)
      return probe.loss(of: probe.forward(x), targets: targets, loss: loss)
    }
    let weights = numericGradient(at: network.layers[l].weights, step: h) { w in lossWith { $0.layers[l].weights = w } }
    let bias = numericGradient(at: network.layers[l].bias, step: h) { b in lossWith { $0.layers[l].bias = b } }
    return (weights, bias)
  }

  /// The largest relative error for which a gradient passes: backprop in Double agrees with
  /// central differences to about 1e-9 on smooth functions, while a real mistake gives 1e-2 or more.
  public static let passThreshold = 1e-6

  /// One parameter matrix's analytic gradient set against its numeric one.
  public struct Comparison: Equatable, Sendable {
    /// The layer, counted from 1, and whether this is its bias (else its weights).
    public var layer: Int
    public var isBias: Bool
    public var relativeError: Double
    /// The largest |analytic − numeric| over the entries.
    public var largestDifference: Double
    public var passes: Bool { relativeError < GradientCheck.passThreshold }
  }

  /// Compares `analytic` (from backprop) with numeric gradients for every layer that is not frozen.
  public static func compare(
    _ analytic: Gradients, for network: Network, input x: Matrix, targets: Matrix, loss: Loss
  ) -> [Comparison] {
    network.layers.indices.filter { !network.layers[$0].isFrozen }.flatMap { l in
      let numeric = numericGradients(ofLayer: l, in: network, input: x, targets: targets, loss: loss)
      return [(analytic.weights[l], numeric.weights, false), (analytic.biases[l], numeric.bias, true)].map { a, n, isBias in
        Comparison(
          layer: l + 1, isBias: isBias, relativeError: relativeError(a, n),
          largestDifference: (a - n).elements.map(abs).max() ?? 0)
      }
    }
  }

  /// The relative error ‖a − n‖ / (‖a‖ + ‖n‖) between an analytic and a numeric gradient.
  ///
  /// Measured on the whole matrix rather than entry by entry, so that an entry that is almost 0
  /// (where the numeric estimate is all rounding noise) cannot make a right gradient look wrong.
  /// Two gradients that are both exactly 0 agree: the error is 0.
  public static func relativeError(_ analytic: Matrix, _ numeric: Matrix) -> Double {
    let scale = analytic.norm + numeric.norm
    return scale == 0 ? 0 : (analytic - numeric).norm / scale
  }
}
