import NNEngine

/// Everything a student has built and set so far: the network, the data, the settings, and the
/// results of the last forward and backward pass.
///
/// A `Session` is a value. The interpreter runs each line on a copy and keeps the copy only if the
/// line succeeds, so a failed line leaves the session exactly as it was.
public struct Session: Equatable, Sendable {
  /// The network, once its input width is known (from `input`, or from the data).
  public var network: Network?
  /// Where each layer was declared, for notes such as "layer 1 was declared here".
  public var layerRanges: [SourceRange] = []
  /// The training data.
  public var data: Dataset?
  /// The loss to minimise; there is no default, because the choice is part of the lesson.
  public var loss: Loss?
  /// The learning rate α of gradient descent.
  public var learningRate = 0.1
  /// The seed of every random choice.
  public var seed: UInt64 = 42
  /// How new layers draw their weights.
  public var initialization = Initialization.xavier
  /// The last forward pass, for `show z1`, `show a1`, `show yhat`.
  public var lastForward: ForwardPass?
  /// The gradients of the last `backward`, while the parameters have not changed since.
  public var gradients: Gradients?
  /// Why there are no gradients, for the message of `grad`.
  public var gradientsMissingReason = "no gradients yet"
  /// Matrices the student named with `let`.
  public var variables: [String: Matrix] = [:]
  /// The formulas of names defined from other names (`let z = 2*x + 2`), as written, so that
  /// `grad … wrt x` can follow them back to `x`.
  public var definitions: [String: Expression] = [:]
  /// The number of gradient-descent updates so far.
  public var epochsTrained = 0

  public init() {}

  /// Forgets results computed with the old parameters; call it whenever W or b change.
  mutating func parametersChanged(by reason: String) {
    lastForward = nil
    if gradients != nil { gradientsMissingReason = "the parameters changed (\(reason)) since the last 'backward'" }
    gradients = nil
  }
}
