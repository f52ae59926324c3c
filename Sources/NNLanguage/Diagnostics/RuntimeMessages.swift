import NNEngine

/// Turns the engine's errors into diagnostics a student can act on.
enum RuntimeMessages {
  static func diagnostic(for error: EngineError, at range: SourceRange) -> Diagnostic {
    switch error {
    case .labelOutOfRange(let label, let sample, let outputs):
      let note =
        outputs == 1
        ? "a network with 1 output predicts a yes/no probability, so labels must be 0 or 1"
        : "an output layer of \(outputs) units has classes 0 to \(outputs - 1); make the last layer wider"
      return .runtime(
        "runtime.labelOutOfRange",
        "label \(label) of sample \(sample) is out of range for \(counted(outputs, "output"))",
        at: range, notes: [.init(note)])
    case .targetWidthMismatch(let targets, let outputs):
      return .runtime(
        "runtime.targetWidth",
        "the targets have \(counted(targets, "column")) but the network has \(counted(outputs, "output"))",
        at: range,
        notes: [
          .init(
            "make the last layer 'layer dense \(targets) …', or give targets with \(outputs) columns"
          )
        ])
    }
  }
}
