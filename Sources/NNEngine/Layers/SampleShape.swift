/// The shape of one sample, as a layer sees it. A sample is always one row of numbers in
/// row-major order: a sequence time step by time step, an image row by row, then column, then
/// channel; this says how to read that row.
public enum SampleShape: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// `input 8`: eight numbers.
  case features(Int)
  /// `input 16x3`: 16 time steps of 3 features each.
  case sequence(steps: Int, features: Int)
  /// `input 28x28x1`: height × width × channels.
  case image(height: Int, width: Int, channels: Int)
  /// `input tokens 32 vocab 65`: 32 token ids, each one of 65.
  case tokens(count: Int, vocabulary: Int)

  /// The numbers in one sample: the width of a row of X.
  public var count: Int {
    switch self {
    case .features(let n): n
    case .sequence(let steps, let features): steps * features
    case .image(let height, let width, let channels): height * width * channels
    case .tokens(let count, _): count
    }
  }

  /// The numbers at one position: what a per-position layer (dense on a sequence) reads.
  public var featuresPerPosition: Int {
    switch self {
    case .features(let n): n
    case .sequence(_, let features): features
    case .image(_, _, let channels): channels
    case .tokens: 1
    }
  }

  /// The positions of a sequence (T), 1 for everything else.
  public var positions: Int {
    if case .sequence(let steps, _) = self { return steps }
    return 1
  }

  /// As a layer sees it: `8`, `16×3`, `28×28×1`, `32 tokens of 65`.
  public var description: String {
    switch self {
    case .features(let n): "\(n)"
    case .sequence(let steps, let features): "\(steps)×\(features)"
    case .image(let height, let width, let channels): "\(height)×\(width)×\(channels)"
    case .tokens(let count, let vocabulary): "\(count) tokens of \(vocabulary)"
    }
  }
}
