import NNEngine
import NNRender

/// `train <epochs> [every <k>]`: many steps of gradient descent.
public struct Train: CommandDefinition {
  public var epochs: Int
  /// Print the loss every this many epochs; `nil` prints only the start and the end.
  public var every: Int?

  static let help = CommandHelp(
    "train", synopsis: "train <epochs> [every <k>]",
    summary: "run gradient descent for many epochs, printing the loss every k epochs",
    details: """
      Each epoch is one full-batch step on the whole data: forward, backward, θ := θ − α·∇J.
      'every 100' prints the loss at epoch 0 (before training), 100, 200, … Ctrl-C stops after
      the current epoch and keeps its weights. A loss that becomes NaN or infinite stops training
      and keeps the last finite weights: the learning rate is too large.
      """,
    examples: ["train 1000 every 100"], seed: "§3.3, §4.1, §5.2")

  /// train <epochs:Int> [every <k:Int>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let epochs = try parser.expectInteger("the number of epochs", in: 1...Limits.epochs)
    var every: Int?
    if !parser.isAtEnd {
      try parser.expect(word: "every", after: "the number of epochs")
      every = try parser.expectInteger("how often to print the loss", in: 1...Limits.epochs)
    }
    try parser.expectEnd(after: every == nil ? "the number of epochs" : "the print interval")
    return .train(Train(epochs: epochs, every: every))
  }

  /// Why a run of training ended.
  private enum Ending { case completed, diverged, interrupted }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var (network, data, loss, targets) = try session.requireTrainingSetup(at: context.range)
    let start = session.epochsTrained
    var kept = network  // the last weights whose loss is known to be finite
    var (lossBefore, lossKept, finished) = (Double.nan, Double.nan, 0)
    var ending = Ending.completed
    for epoch in 0...epochs {
      let pass = network.forward(data.inputs)
      let current = network.loss(of: pass, targets: targets, loss: loss)
      if epoch == 0 { lossBefore = current }
      guard current.isFinite else {
        ending = .diverged
        break
      }
      (kept, lossKept, finished) = (network, current, epoch)
      if let every, epoch % every == 0 { context.say(.epoch(number: start + epoch, loss: current)) }
      if epoch == epochs { break }
      if context.isCancelled() {
        ending = .interrupted
        break
      }
      network.descend(along: network.backward(pass, targets: targets, loss: loss), learningRate: session.learningRate)
    }
    session.network = kept
    session.epochsTrained = start + finished
    session.parametersChanged(by: "'train' updated them")
    report(ending, from: lossBefore, to: lossKept, epochs: finished, session: session, context)
  }

  private func report(
    _ ending: Ending, from before: Double, to after: Double, epochs finished: Int, session: Session,
    _ context: RunContext
  ) {
    let rate = session.learningRate
    switch ending {
    case .diverged:
      context.warn(
        .warning(
          "warning.diverged",
          "the loss became infinite or NaN at epoch \(session.epochsTrained + 1); training stopped",
          notes: [
            .init(
              "kept the weights of epoch \(session.epochsTrained), the last with a finite loss; try a smaller learning rate than \(NumberFormat.scalar(rate)), such as 'lr \(NumberFormat.scalar(rate / 10))'")
          ]))
    case .interrupted:
      context.say("interrupted: kept the weights after epoch \(session.epochsTrained)")
    case .completed:
      break
    }
    context.say(.value(name: "loss", value: after))
    context.say(
      "trained \(counted(finished, "epoch")): loss \(NumberFormat.scalar(before)) → \(NumberFormat.scalar(after))")
  }
}
