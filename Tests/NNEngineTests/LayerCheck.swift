import Foundation
import NNEngine
import NNTestSupport
import Testing

/// Shared pieces of the layer tests: deterministic numbers, a loss that isolates one layer's
/// backward pass, and the comparison with central differences.
enum LayerCheck {
  /// A rows × columns matrix of numbers in [−scale, scale] from a closed formula, so every test
  /// sees the same numbers without a generator: entry k is scale·sin(1 + 0.7·k + seed).
  static func numbers(_ rows: Int, _ columns: Int, seed: Double, scale: Double = 1) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { scale * sin(1 + 0.7 * Double($0) + seed) })
  }

  /// The weighted loss J = Σ R ⊙ y, whose gradient ∂J/∂y is R: the layer's backward pass alone.
  static func weightedLoss(_ y: Matrix, _ r: Matrix) -> Double {
    zip(y.elements, r.elements).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// Checks `analytic` against the central-difference gradient of `loss` at `point`.
  static func expectGradient(
    _ analytic: Matrix, at point: Matrix, _ comment: Comment, tolerance: Double = 1e-8,
    sourceLocation: SourceLocation = #_sourceLocation, of loss: (Matrix) -> Double
  ) {
    let numeric = GradientCheck.numericGradient(at: point, of: loss)
    expectApproximatelyEqual(analytic, numeric, tolerance: tolerance, comment, sourceLocation: sourceLocation)
  }
}
