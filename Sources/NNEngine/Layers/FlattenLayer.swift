/// A flatten layer: an image of h × w × C (or a sequence of T × F) becomes h·w·C plain features,
/// so that a dense layer can read all of it at once, as Keras's Flatten does.
///
/// nnrepl already keeps each sample as one row in (row, column, channel) order, which is the
/// order Keras flattens in, so the numbers do not move: only the shape the next layer sees
/// changes. The forward pass is y = x and the backward pass dx = dy. No parameters.
public struct FlattenLayer: Layer {
  public static let kind = "flatten"
  public let inputShape: SampleShape
  public var isFrozen = false

  public init(inputShape: SampleShape) { self.inputShape = inputShape }

  /// h·w·C features.
  public var outputShape: SampleShape { .features(inputShape.count) }
  public var description: String { "flatten" }

  public var parameters: [LayerParameter] { [] }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {}
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {}

  /// The output, n × h·w·C: the input's numbers, a row per sample.
  public var passNames: [String] { ["a"] }

  /// y = x, read as a row of h·w·C features per sample.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    pass.matrices[0] = x.rowsOf(width: inputShape.count)
  }

  /// dx = dy.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    g.prepare(parameterCount: 0)
    if inputGradient != nil { inputGradient = g.delta }
  }
}
