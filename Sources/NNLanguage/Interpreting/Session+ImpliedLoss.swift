import NNEngine

/// The loss to use when none was chosen: the one the output layer implies, as Keras users
/// learn it — cross-entropy after softmax or sigmoid (outputs that are probabilities), mean
/// squared error after any other output (linear, for numbers).
extension Session {
  /// The loss the output layer implies, or `nil` without layers.
  var impliedLoss: Loss? {
    network?.layers.last.map {
      ($0.finalActivation?.outputsProbabilities ?? false) ? .crossentropy : .mse
    }
  }

  /// Chooses the implied loss if none was chosen, and returns the note that says so. The note
  /// comes once: afterwards the loss is chosen.
  mutating func chooseImpliedLoss() -> String? {
    guard loss == nil, let implied = impliedLoss, let last = network?.layers.last else {
      return nil
    }
    loss = implied
    let output = last.finalActivation?.rawValue ?? type(of: last).kind
    return
      "note: no loss was chosen, so this uses '\(implied.rawValue)', the usual loss after a \(output) output; 'loss \(implied == .mse ? "crossentropy" : "mse")' chooses the other"
  }
}
