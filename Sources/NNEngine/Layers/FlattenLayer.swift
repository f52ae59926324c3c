/// A flatten layer: an image of h × w × C (or a sequence of T × F) becomes h·w·C plain features,
/// so that a dense layer can read all of it at once, as Keras's Flatten does.
///
/// nnrepl already keeps each sample as one row in (row, column, channel) order, which is the
/// order Keras flattens in, so the numbers do not move: only the shape the next layer sees
/// changes. The forward pass is y = x and the backward pass dx = dy. No parameters.
public struct FlattenLayer: Equatable, Sendable {
  /// The sample's shape before flattening, outermost first: [h, w, C], or [T, F].
  public let inputShape: [Int]

  public init(inputShape: [Int]) { self.inputShape = inputShape }

  /// h·w·C, the width of the output.
  public var outputSize: Int { inputShape.reduce(1, *) }

  /// y = x: the same row, read as outputSize features.
  public func forward(_ x: Matrix) -> Matrix { x }

  /// dx = dy.
  public func backward(_ dOutput: Matrix) -> Matrix { dOutput }
}
