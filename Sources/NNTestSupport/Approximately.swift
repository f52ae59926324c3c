import NNEngine
import Testing

/// Whether two numbers agree within `tolerance`, relative to their size (absolute near zero).
public func isApproximatelyEqual(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// Records an issue unless `actual` and `expected` have the same shape and every entry agrees
/// within `tolerance` (relative to the entry's size, absolute near zero).
public func expectApproximatelyEqual(
  _ actual: Matrix, _ expected: Matrix, tolerance: Double, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.shape == expected.shape else {
    Issue.record(
      "shape \(actual.shape) is not \(expected.shape). \(comment?.rawValue ?? "")",
      sourceLocation: sourceLocation)
    return
  }
  let worst =
    zip(actual.elements, expected.elements).map { abs($0 - $1) / max(1, abs($0), abs($1)) }.max()
    ?? 0
  #expect(
    worst <= tolerance, "largest difference \(worst) > \(tolerance). \(comment?.rawValue ?? "")",
    sourceLocation: sourceLocation)
}
