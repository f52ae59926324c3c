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
    guard let gradient = numericGradient(at: point, step: h, shouldStop: { false }, of: f) else {
      preconditionFailure("a gradient check that nothing asks to stop stopped")
    }
    return gradient
  }

  /// The numeric gradient of `f` at `point`, asking `shouldStop` before each entry (each is two
  /// evaluations of `f`, two passes over the data: a large network takes seconds per row), so
  /// that Ctrl-C is answered at once; `nil` if it said stop.
  public static func numericGradient(
    at point: Matrix, step h: Double = defaultStep, shouldStop: () -> Bool, of f: (Matrix) -> Double
  ) -> Matrix? {
    var gradient = Matrix(rows: point.rows, columns: point.columns)
    var probe = point
    for i in 0..<point.rows {
      for j in 0..<point.columns {
        if shouldStop() { return nil }
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

  /// The numeric gradient of the loss of `network` on `x` and `targets` with respect to
  /// parameter number `index` of layer `l` (both counted from 0).
  public static func numericGradient(
    ofParameter index: Int, layer l: Int, in network: Network, input x: Matrix, targets: Matrix,
    loss: Loss,
    step h: Double = defaultStep, shouldStop: () -> Bool = { false }
  ) -> Matrix? {
    numericGradient(at: network.layers[l].parameters[index].value, step: h, shouldStop: shouldStop)
    { value in
      probeLoss(
        of: network, changedBy: { $0.layers[l].updateParameter(at: index) { $0 = value } },
        input: x, targets: targets, loss: loss)
    }
  }

  /// The loss of a copy of `network` after `change`: one probe of a numeric gradient.
  static func probeLoss(
    of network: Network, changedBy change: (inout Network) -> Void, input x: Matrix,
    targets: Matrix, loss: Loss
  ) -> Double {
    var probe = network
    change(&probe)
    return probe.loss(of: probe.forward(x), targets: targets, loss: loss)
  }

  /// The largest relative error for which a gradient passes: backprop in Double agrees with
  /// central differences to about 1e-9 on smooth functions, while a real mistake gives 1e-2 or more.
  public static let passThreshold = 1e-6

  /// Differences smaller than this are rounding noise: a central difference cannot resolve a
  /// gradient below about ε·|J|/h ≈ 2e-16 / 1e-5 ≈ 1e-11. For a gradient that is (almost) exactly
  /// zero, the relative error is noise over noise, so such a gradient passes on this instead.
  public static let noiseFloor = 1e-9

  /// One parameter matrix's analytic gradient set against its numeric one.
  public struct Comparison: Equatable, Sendable {
    /// The layer, counted from 1, and the parameter's name in it (`W`).
    public var layer: Int
    public var parameter: String
    /// The parameter's name in the session: W1, b2, A1, …
    public var name: String { "\(parameter)\(layer)" }
    public var relativeError: Double
    /// The largest |analytic − numeric| over the entries.
    public var largestDifference: Double
    /// Whether the two gradients differ by no more than rounding noise.
    public var isWithinNoise: Bool { largestDifference < GradientCheck.noiseFloor }
    public var passes: Bool { relativeError < GradientCheck.passThreshold || isWithinNoise }
  }

  /// Compares `analytic` (from backprop) with numeric gradients for every trainable parameter of
  /// every layer (under a LoRA adapter, A and B; frozen layers have none). Checking is two passes
  /// over the data per parameter entry, so `shouldStop` is asked before each entry; the result
  /// is `nil` if it said stop.
  public static func compare(
    _ analytic: Gradients, for network: Network, input x: Matrix, targets: Matrix, loss: Loss,
    shouldStop: () -> Bool = { false }
  ) -> [Comparison]? {
    var comparisons: [Comparison] = []
    for l in network.layers.indices where !network.layers[l].isFrozen {
      for (index, parameter) in network.layers[l].parameters.enumerated()
      where parameter.isTrainable {
        let a = analytic.layers[l].parameters[index]
        guard
          let n = numericGradient(
            ofParameter: index, layer: l, in: network, input: x, targets: targets, loss: loss,
            shouldStop: shouldStop)
        else { return nil }
        comparisons.append(
          Comparison(
            layer: l + 1, parameter: parameter.name, relativeError: relativeError(a, n),
            largestDifference: (a - n).elements.map(abs).max() ?? 0))
      }
    }
    return comparisons
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
