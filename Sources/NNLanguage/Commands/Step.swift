import NNEngine
import NNRender

/// `step`: one update of gradient descent.
public struct Step: CommandDefinition {
  static let help = CommandHelp(
    "step", synopsis: "step",
    summary: "take one gradient-descent step on the whole data: θ := θ − α·∇J",
    details: """
      Runs forward and backward on the whole data, then moves every trainable parameter against
      its gradient, scaled by the learning rate α ('lr'), by the current 'optimizer' rule (for
      sgd exactly θ := θ − α·∇J). Prints the loss before and after.
      """,
    examples: ["step"], seed: "§3.3, §4.1")

  /// step
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'step'")
    return .step(Step())
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var (network, data, loss, targets) = try session.requireTrainingSetup(at: context.range)
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    let before = network.loss(of: network.forward(data.inputs), targets: targets, loss: loss)
    var fullBatch = session.trainer
    fullBatch.batchSize = nil
    var workspace = TrainingWorkspace()
    fullBatch.runEpoch(&network, inputs: data.inputs, targets: targets, loss: loss, shuffler: &session.shuffler, reusing: &workspace)
    session.trainer.state = fullBatch.state
    let after = network.loss(of: network.forward(data.inputs), targets: targets, loss: loss)
    session.network = network
    session.epochsTrained += 1
    session.parametersChanged(by: "'step' updated them")
    session.gradients = .computed(workspace.gradients, source: .step(epoch: session.epochsTrained, batch: 1, batches: 1))
    context.say(.value(name: "loss", value: after))
    context.say(
      "step \(session.epochsTrained): loss \(NumberFormat.scalar(before)) → \(NumberFormat.scalar(after)) with α = \(NumberFormat.scalar(session.trainer.learningRate))")
  }
}
