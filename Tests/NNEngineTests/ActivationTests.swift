import NNEngine
import NNTestSupport
import Testing

@Suite("Activations")
struct ActivationTests {
  static let elementWise: [Activation] = [.sigmoid, .relu, .tanh, .linear]
  /// Points away from relu's kink at 0, where the derivative is a convention, not a limit.
  static let points: [Double] = [-3, -1.5, -0.2, 0.3, 1, 2.5]

  @Test("f′ matches central differences", arguments: elementWise)
  func derivativeMatchesFiniteDifferences(_ activation: Activation) throws {
    for x in Self.points {
      let h = 1e-6
      let numeric =
        (try #require(activation.value(at: x + h)) - (try #require(activation.value(at: x - h))))
        / (2 * h)
      let analytic = try #require(activation.derivative(at: x))
      #expect(isApproximatelyEqual(analytic, numeric, tolerance: 1e-8), "\(activation) at \(x)")
    }
  }

  @Test(
    "the chain rule through every activation matches central differences",
    arguments: Activation.allCases)
  func gradientMatchesFiniteDifferences(_ activation: Activation) {
    let z = Matrix([[0.3, -1.2, 2.0], [-0.4, 0.9, -2.2]])
    let upstream = Matrix([[0.5, -1.0, 0.25], [2.0, 0.1, -0.3]])
    // J(z) = Σ upstream ⊙ f(z), so ∂J/∂z is the chain rule applied to `upstream`.
    let numeric = GradientCheck.numericGradient(at: z) { (upstream * activation.apply($0)).sum }
    let analytic = activation.gradient(of: upstream, z: z, a: activation.apply(z))
    #expect(GradientCheck.relativeError(analytic, numeric) < 1e-8)
  }

  @Test("known values, including the saturated ends")
  func knownValues() {
    #expect(Activation.sigmoid.value(at: 0) == 0.5)
    #expect(Activation.sigmoid.value(at: -800) == 0)
    #expect(Activation.sigmoid.value(at: 800) == 1)
    #expect(Activation.relu.value(at: -2) == 0)
    #expect(Activation.relu.derivative(at: 0) == 0, "nnrepl takes relu′(0) = 0, as frameworks do")
    #expect(Activation.tanh.derivative(at: 0) == 1)
    #expect(Activation.softmax.value(at: 1) == nil)
  }

  @Test("softmax rows sum to 1 and do not overflow")
  func softmax() {
    let a = Activation.softmax.apply(Matrix([[1000, 1000, 0], [1, 2, 3]]))
    #expect(a.rowSums.elements.allSatisfy { abs($0 - 1) < 1e-15 })
    #expect(a[0, 0] == 0.5 && a[0, 2] == 0)
    expectApproximatelyEqual(
      a.row(1), Matrix(row: [0.09003057317038046, 0.24472847105479764, 0.6652409557748219]),
      tolerance: 1e-15)
  }
}
