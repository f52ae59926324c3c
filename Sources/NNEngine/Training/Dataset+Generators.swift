#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two-dimensional data sets TensorFlow Playground made familiar, and a sine wave for
/// regression. Every one is drawn from a seeded generator, so the same seed gives the same points.
extension Dataset {
  /// The patterns of data nnrepl can draw.
  public enum Pattern: String, CaseIterable, Sendable {
    /// Points in [−5, 5]²; class 1 where x and y have different signs (one of them "on").
    case xor
    /// Class 1 inside radius 2.5, class 0 in a ring from 3.5 to 5.
    case circle
    /// Two round clouds, class 0 around (2, 2) and class 1 around (−2, −2).
    case gauss
    /// Two interleaved spiral arms, half a turn apart.
    case spiral
    /// Two interleaving half circles (scikit-learn's make_moons).
    case moons
    /// One input x in [−π, π] and a target sin(x): a regression.
    case sine
  }

  /// `count` samples of `pattern`, with `noise` (0 = none; 0.5 is a lot) moving each point.
  public static func generate(
    _ pattern: Pattern, count: Int, noise: Double, using g: inout SeededGenerator
  ) -> Dataset {
    var points: [[Double]] = []
    var labels: [Int] = []
    func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * g.nextUniform() }
    switch pattern {
    case .xor:
      for _ in 0..<count {
        var (x, y) = (uniform(-5, 5), uniform(-5, 5))
        x += x > 0 ? 0.3 : -0.3  // a margin around the axes, as Playground has
        y += y > 0 ? 0.3 : -0.3
        labels.append(x * y >= 0 ? 0 : 1)
        points.append([x + 5 * noise * g.nextNormal(), y + 5 * noise * g.nextNormal()])
      }
    case .circle:
      for i in 0..<count {
        let inside = i < count / 2
        let r = inside ? uniform(0, 2.5) : uniform(3.5, 5)
        let angle = uniform(0, 2 * .pi)
        labels.append(inside ? 1 : 0)
        points.append([
          r * sin(angle) + 5 * noise * g.nextNormal(), r * cos(angle) + 5 * noise * g.nextNormal(),
        ])
      }
    case .gauss:
      for i in 0..<count {
        let center = i < count / 2 ? 2.0 : -2.0
        let spread = 1 + 4 * noise
        labels.append(i < count / 2 ? 0 : 1)
        points.append([center + spread * g.nextNormal(), center + spread * g.nextNormal()])
      }
    case .spiral:
      let half = max(count / 2, 1)
      for i in 0..<count {
        let arm = i < half ? 0 : 1
        let k = Double(i % half) / Double(half)
        let r = 5 * k
        let angle = 1.75 * 2 * Double.pi * k + Double(arm) * .pi
        labels.append(arm)
        points.append([
          r * sin(angle) + noise * 5 * g.nextNormal(), r * cos(angle) + noise * 5 * g.nextNormal(),
        ])
      }
    case .moons:
      for i in 0..<count {
        let upper = i < count / 2
        let t = uniform(0, .pi)
        let (x, y) = upper ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
        labels.append(upper ? 0 : 1)
        points.append([x + noise * g.nextNormal(), y + noise * g.nextNormal()])
      }
    case .sine:
      let xs = (0..<count).map { _ in uniform(-.pi, .pi) }
      let targets = xs.map { sin($0) + noise * g.nextNormal() }
      return Dataset(inputs: Matrix(column: xs), labels: .targets(Matrix(column: targets)))
    }
    return Dataset(inputs: Matrix(points), labels: .classes(labels))
  }
}

/// Splitting, shuffling and scaling.
extension Dataset {
  /// The samples at `indices`, in that order.
  public func samples(at indices: some Collection<Int>) -> Dataset {
    let labels: Labels
    switch self.labels {
    case .classes(let classes): labels = .classes(indices.map { classes[$0] })
    case .targets(let rows): labels = .targets(rows.rows(at: indices))
    }
    return Dataset(inputs: inputs.rows(at: indices), labels: labels)
  }

  /// The mean and standard deviation of each feature (column).
  public var featureStatistics: (means: [Double], deviations: [Double]) {
    let n = Double(inputs.rows)
    let means = inputs.columnSums.elements.map { $0 / n }
    var squares = [Double](repeating: 0, count: inputs.columns)
    for i in 0..<inputs.rows {
      for j in 0..<inputs.columns {
        squares[j] += (inputs[i, j] - means[j]) * (inputs[i, j] - means[j])
      }
    }
    return (means, squares.map { ($0 / n).squareRoot() })
  }

  /// The data with each feature shifted by `means` and divided by `deviations` (a feature that
  /// never varies is only shifted).
  public func standardized(means: [Double], deviations: [Double]) -> Dataset {
    var copy = self
    for i in 0..<inputs.rows {
      for j in 0..<inputs.columns {
        copy.inputs[i, j] = (inputs[i, j] - means[j]) / (deviations[j] > 0 ? deviations[j] : 1)
      }
    }
    return copy
  }
}
