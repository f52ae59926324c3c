/// A problem with what the user asked the engine to do. The language layer turns each case into
/// a diagnostic with a location and a hint; the engine itself only names what went wrong.
public enum EngineError: Error, Equatable, Sendable {
  /// A class label that the output layer has no unit for.
  case labelOutOfRange(label: Int, sample: Int, outputs: Int)
  /// Target rows whose width differs from the network's output width.
  case targetWidthMismatch(targets: Int, outputs: Int)
}
