/// How a layer's first weights are drawn. Biases always start at zero.
///
/// The scale matters more than the shape of the distribution: too large and sigmoid or tanh units
/// saturate (their gradients vanish); too small and the signal fades layer by layer. Seed §5.3
/// says a standard normal avoids this; it does not, which is why Xavier and He exist.
public enum Initialization: String, CaseIterable, Sendable {
  /// W ~ N(0, 1): the seed document's `tf.random.normal`. Fine for 2 inputs, too large for 784.
  case normal
  /// Xavier/Glorot: W ~ N(0, 2/(in + out)). Keeps signal sizes steady through sigmoid and tanh.
  case xavier
  /// He: W ~ N(0, 2/in). Keeps signal sizes steady through relu, which zeroes half its inputs.
  case he

  /// The standard deviation of the weights of a layer with `fanIn` inputs and `fanOut` units.
  public func standardDeviation(fanIn: Int, fanOut: Int) -> Double {
    switch self {
    case .normal: 1
    case .xavier: (2 / Double(fanIn + fanOut)).squareRoot()
    case .he: (2 / Double(fanIn)).squareRoot()
    }
  }

  /// A `fanIn`×`fanOut` weight matrix drawn from this distribution.
  public func weights(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Matrix {
    let deviation = standardDeviation(fanIn: fanIn, fanOut: fanOut)
    let elements = (0..<(fanIn * fanOut)).map { _ in deviation * generator.nextNormal() }
    return Matrix(rows: fanIn, columns: fanOut, elements: elements)
  }
}
