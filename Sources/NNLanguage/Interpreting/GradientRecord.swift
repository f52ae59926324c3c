import NNEngine

/// The gradients a session holds, with where they came from — or why there are none.
public enum GradientRecord: Equatable, Sendable {
  /// None, for this reason (shown by `grad`): "no gradients yet".
  case missing(reason: String)
  /// Gradients, from `source`.
  case computed(Gradients, source: GradientSource)

  /// The gradients, if there are any.
  public var value: Gradients? {
    if case .computed(let gradients, _) = self { return gradients }
    return nil
  }

  /// The reason there are none ("" when there are).
  var missingReason: String {
    if case .missing(let reason) = self { return reason }
    return ""
  }

  /// Marks the gradients stale: they are dropped, and `reason` says why for `grad`.
  mutating func invalidate(because reason: String) {
    if value != nil { self = .missing(reason: reason) }
  }
}

/// Where a session's gradients came from.
public enum GradientSource: Equatable, Sendable {
  /// `backward`, over the whole data.
  case backward
  /// The last update of `train` or `step`: batch `batch` of `batches` of epoch `epoch`, computed
  /// with the parameters as they were before that update (and with L2's pull, if any).
  case step(epoch: Int, batch: Int, batches: Int)

  /// Said with `grad` when it is not `backward`'s: "from the last step, epoch 5 (batch 3 of 3)".
  var note: String? {
    switch self {
    case .backward: nil
    case .step(let epoch, let batch, let batches):
      "the gradients of the last update (epoch \(epoch)"
        + (batches > 1 ? ", batch \(batch) of \(batches)" : "")
        + "), taken before it; 'backward' computes them afresh on the whole data"
    }
  }
}
