import NNRender
import NNEngine

/// `gradcheck` on the live network: the engine's `GradientCheck` over the session's data and loss,
/// within the memory limit and the number of entries a check may take.
extension Session {
  /// Backprop's gradients compared with numeric ones for every trainable parameter.
  func gradientCheck(at range: SourceRange, isCancelled: () -> Bool = { false }) throws(Diagnostic)
    -> [GradientCheck.Comparison]
  {
    let (network, data, loss, targets) = try requireTrainingSetup(for: "'gradcheck'", at: range) {
      network, data in
      // The analytic gradients' passes, then one probe at a time: its forward pass, its changed
      // copy of a parameter and the numeric gradients.
      PassWork(
        forward: [data.count, data.count], backward: data.count,
        other: [
          ("the targets", Session.targetNumbers(samples: data.count, of: network)),
          ("the numeric gradients", NumberCount.product(2, network.parameterCount)),
        ])
    }
    let trainable = network.layers.filter { !$0.isFrozen }.reduce(0) { $0 + $1.parameterCount }
    guard trainable <= Limits.gradientCheckEntries else {
      throw .runtime(
        "runtime.gradientCheckTooLarge",
        "checking \(counted(trainable, "parameter")) numerically takes \(NumberFormat.grouped(2 * trainable)) passes over the data; the limit is \(NumberFormat.grouped(Limits.gradientCheckEntries)) parameters",
        at: range,
        notes: [
          .init("check a smaller network: gradients that are right for it are right for any size")
        ])
    }
    let analytic = network.backward(network.forward(data.inputs), targets: targets, loss: loss)
    guard
      let comparisons = GradientCheck.compare(
        analytic, for: network, input: data.inputs, targets: targets, loss: loss,
        shouldStop: isCancelled)
    else {
      throw .runtime(
        "runtime.interrupted", "gradcheck interrupted before it finished", at: range,
        notes: [.init("nothing was changed")])
    }
    return comparisons
  }
}
