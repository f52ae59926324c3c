import NNEngine
import NNRender

/// Cross-entropy reads the targets as probabilities. On targets outside [0, 1] (or softmax rows
/// that do not sum to 1) its formula still gives numbers, but the loss can go below zero and
/// training chases it without end, so such targets are refused before anything runs.
extension Session {
  /// Fails if the chosen loss is cross-entropy and `targets` are not probabilities for the
  /// network's output: each in [0, 1] for sigmoid, and each row summing to 1 for softmax.
  func requireTargetsSuitLoss(_ targets: Matrix, at range: SourceRange) throws(Diagnostic) {
    guard (loss ?? impliedLoss) == .crossentropy,
      let output = network?.layers.last?.finalActivation, output == .sigmoid || output == .softmax
    else { return }
    let width = max(targets.columns, 1)
    if let bad = targets.elements.firstIndex(where: { !(0...1).contains($0) }) {
      let outside = targets.elements.filter { !(0...1).contains($0) }.count
      throw .runtime(
        "runtime.targetsNotProbabilities",
        "cross-entropy with a \(output.rawValue) output needs targets between 0 and 1, but \(outside == 1 ? "one is" : "\(outside) are") not (the first is \(NumberFormat.scalar(targets.elements[bad])), in row \(bad / width))",
        at: range, notes: [Session.probabilityNote(for: output)])
    }
    guard output == .softmax else { return }
    for row in 0..<targets.rows {
      let sum = targets.elements[(row * width)..<((row + 1) * width)].reduce(0, +)
      if abs(sum - 1) > 1e-9 * Double(width) {
        throw .runtime(
          "runtime.targetsNotProbabilities",
          "cross-entropy with a softmax output needs each row of targets to sum to 1, but row \(row) sums to \(NumberFormat.scalar(sum))",
          at: range, notes: [Session.probabilityNote(for: output)])
      }
    }
  }

  /// What to do instead, for the output's kind.
  private static func probabilityNote(for output: Activation) -> Diagnostic.Note {
    output == .softmax
      ? .init(
        "softmax predicts how likely each class is: give class labels (y = [0, 2, 1]) or rows of probabilities, such as one-hot rows; for other values use 'loss mse' with a linear output"
      )
      : .init(
        "−(y·log ŷ + (1 − y)·log(1 − ŷ)) treats y as a probability, and outside [0, 1] the loss goes below 0; scale y into [0, 1], or use 'loss mse' with a linear output"
      )
  }
}
