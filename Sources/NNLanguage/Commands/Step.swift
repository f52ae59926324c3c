import NNEngine
import NNRender

/// `step`: one update of gradient descent.
public struct Step: CommandWithoutArguments {
  static let help = CommandHelp(
    "step", synopsis: "step",
    summary: "take one gradient-descent step on the whole data: θ := θ − α·∇J",
    details: """
      Runs forward and backward on the whole data, then moves every trainable parameter against
      its gradient, scaled by the learning rate α ('lr'), by the current 'optimizer' rule (for
      sgd exactly θ := θ − α·∇J). Prints the loss before and after. A step that would make the loss
      NaN or infinite is undone, with a warning: the learning rate is too large.
      """,
    examples: ["step"], seed: "§3.3, §4.1")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var (network, data, loss, targets) = try session.requireTrainingSetup(
      for: "'step'", at: context.range
    ) { network, data in
      // The loss before and after, and the update's own pass.
      PassWork(
        forward: [data.count, data.count], backward: data.count, optimizer: true,
        other: [("the targets", Session.targetNumbers(samples: data.count, of: network))])
    }
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    let before = network.loss(of: network.forward(data.inputs), targets: targets, loss: loss)
    var fullBatch = session.trainer
    fullBatch.batchSize = nil
    var workspace = TrainingWorkspace()
    var shuffler = session.shuffler
    fullBatch.runEpoch(
      &network, inputs: data.inputs, targets: targets, loss: loss, shuffler: &shuffler,
      reusing: &workspace)
    let after = network.loss(of: network.forward(data.inputs), targets: targets, loss: loss)
    guard after.isFinite else {
      // As 'train' does with a diverging epoch: the step is undone as a whole.
      context.warn(Step.divergence(from: before, rate: session.trainer.learningRate))
      return
    }
    session.trainer.state = fullBatch.state
    session.shuffler = shuffler
    session.network = network
    session.epochsTrained += 1
    session.parametersChanged(by: "'step' updated them")
    session.gradients = .computed(
      workspace.gradients, source: .step(epoch: session.epochsTrained, batch: 1, batches: 1))
    context.say(.value(name: "loss", value: after))
    context.say(
      "step \(session.epochsTrained): loss \(NumberFormat.scalar(before)) → \(NumberFormat.scalar(after)) with α = \(NumberFormat.scalar(session.trainer.learningRate))"
    )
  }

  /// The warning for a step that would have made the loss NaN or infinite, and was undone.
  static func divergence(from before: Double, rate: Double) -> Diagnostic {
    guard before.isFinite else {
      return .warning(
        "warning.diverged",
        "the loss is already \(NumberFormat.scalar(before)): the parameters are not finite, so the step was not taken",
        notes: [
          .init(
            "'init' draws new weights; then a smaller learning rate than \(NumberFormat.scalar(rate)) keeps them finite"
          )
        ])
    }
    return .warning(
      "warning.diverged",
      "this step would take the loss from \(NumberFormat.scalar(before)) to NaN or infinity; it was undone",
      notes: [
        .init(
          "kept the weights as they were; try a smaller learning rate than \(NumberFormat.scalar(rate)), such as 'lr \(NumberFormat.scalar(rate / 10))'"
        )
      ])
  }
}
