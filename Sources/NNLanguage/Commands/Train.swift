import NNEngine
import NNRender

/// `train <epochs> [every <k>]`: many epochs of gradient descent.
public struct Train: CommandDefinition {
  public var epochs: Int
  /// Print the loss every this many epochs; `nil` prints only the start and the end.
  public var every: Int?
  /// The name to keep this run's losses under, for `plot loss NAME`.
  public var name: String?

  static let help = CommandHelp(
    "train", synopsis: "train <epochs> [every <k>] [as <name>]",
    summary: "run gradient descent for many epochs, printing the loss every k epochs",
    details: """
      An epoch visits every training sample once: one update on the whole data ('batch full', the
      default), or one update per shuffled mini-batch ('batch 32'), by the 'optimizer' rule with
      learning rate 'lr'. 'every 100' prints the loss at the start and every 100 epochs. The
      losses are recorded for 'plot loss' (with the test loss after 'split'): every epoch up to
      4,096 records, then evenly thinned to every 2nd, 4th, 8th … epoch, always with the latest
      exactly, so the history stays small however long training runs; 'as lr=0.5' keeps this
      run's losses under that name, and 'plot loss lr=0.1 lr=0.5' draws the runs named on one
      chart. Changing 'lr', 'optimizer', 'batch' or 'l2' between runs keeps the weights. Ctrl-C
      stops at once (between mini-batches) and keeps the weights of the last whole epoch. A loss
      that becomes NaN or infinite stops training and keeps the last finite weights: the learning
      rate is too large.
      """,
    examples: ["train 1000 every 100", "train 300 as lr=0.5"], seed: "§3.3, §4.1, §5.2")

  /// train <epochs:Int> [every <k:Int>] [as <name>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let epochs = try parser.expectInteger("the number of epochs", in: 1...Limits.epochs)
    var every: Int?
    if !parser.isAtEnd, parser.current?.isWord("as") != true {
      try parser.expect(word: "every", after: "the number of epochs")
      every = try parser.expectInteger("how often to print the loss", in: 1...Limits.epochs)
    }
    var name: String?
    if parser.eat(word: "as") { name = try parser.expectRunName("a name for this run, such as lr=0.5").name }
    try parser.expectEnd(after: name != nil ? "the run's name" : every == nil ? "the number of epochs" : "the print interval")
    return .train(Train(epochs: epochs, every: every, name: name))
  }

  /// Why a run of training ended.
  private enum Ending { case completed, diverged, interrupted }

  /// What training changes, kept together so that a diverging epoch can be undone as a whole.
  private struct TrainingState {
    var network: Network
    var trainer: Trainer
    var shuffler: SeededGenerator
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let (network, data, loss, targets) = try session.requireTrainingSetup(for: "'train'", at: context.range, work: session.trainingWork)
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    let test = try session.testSetup(at: context.range)
    let start = session.epochsTrained
    // The matrices training and measuring write into, reused from epoch to epoch.
    var workspace = TrainingWorkspace()
    var testPass = ForwardPass(input: test?.inputs ?? data.inputs)
    /// The losses after an epoch, and the forward pass of the training data that measured them
    /// (the next full-batch epoch starts from it rather than computing it again).
    func record(_ epoch: Int, _ network: Network, into pass: inout ForwardPass) -> TrainingRecord {
      network.forward(into: &pass)
      return TrainingRecord(
        epoch: epoch, trainLoss: network.loss(of: pass, targets: targets, loss: loss),
        testLoss: test.map {
          network.forward(into: &testPass)
          return network.loss(of: testPass, targets: $0.targets, loss: loss)
        })
    }
    var current = TrainingState(network: network, trainer: session.trainer, shuffler: session.shuffler)
    var kept = current
    var pass = ForwardPass(input: data.inputs)
    let first = record(start, network, into: &pass)
    var history = session.history
    if history.last?.epoch != start { history.append(first) }
    var (finished, lossKept, ending) = (0, first.trainLoss, first.trainLoss.isFinite ? Ending.completed : .diverged)
    var midEpoch = false
    if let every, ending == .completed, start % every == 0 { context.say(.epoch(number: start, loss: first.trainLoss)) }
    let progressInterval = max(1, epochs / 100)
    for epoch in stride(from: 1, through: ending == .completed ? epochs : 0, by: 1) {
      if context.isCancelled() {
        ending = .interrupted
        break
      }
      (current.trainer.scheduleStep, current.trainer.scheduleTotal) = (epoch, epochs)
      // Asked between mini-batches too: an epoch stopped halfway is undone (`kept` is the last whole one).
      var stopped = false
      current.trainer.runEpoch(
        &current.network, inputs: data.inputs, targets: targets, loss: loss, shuffler: &current.shuffler,
        startingFrom: pass, reusing: &workspace, shouldStop: { stopped = context.isCancelled(); return stopped })
      if stopped {
        (ending, midEpoch) = (.interrupted, true)
        break
      }
      let after = record(start + epoch, current.network, into: &pass)
      guard after.trainLoss.isFinite else {
        ending = .diverged
        break
      }
      (kept, lossKept, finished) = (current, after.trainLoss, epoch)
      history.append(after)
      if let every, (start + epoch) % every == 0 { context.say(.epoch(number: start + epoch, loss: after.trainLoss)) }
      if epoch % progressInterval == 0 { context.say(.progress(ProgressReport(step: epoch, of: epochs, unit: "epoch", loss: after.trainLoss))) }
    }
    session.network = kept.network
    session.trainer = kept.trainer
    session.shuffler = kept.shuffler
    session.history = history
    session.epochsTrained = start + finished
    session.parametersChanged(by: "'train' updated them")
    if let name { session.keepRun(named: name, since: start) }
    if ending != .diverged, !midEpoch, finished > 0 {
      let n = data.count
      let batches = (n + min(kept.trainer.batchSize ?? n, n) - 1) / min(kept.trainer.batchSize ?? n, n)
      session.gradients = .computed(workspace.gradients, source: .step(epoch: start + finished, batch: batches, batches: batches))
    }
    report(ending, from: first.trainLoss, to: lossKept, epochs: finished, session: session, context)
    if let name { context.say("kept this run as '\(name)' for 'plot loss \(name)'") }
  }

  private func report(
    _ ending: Ending, from before: Double, to after: Double, epochs finished: Int, session: Session,
    _ context: RunContext
  ) {
    let rate = session.trainer.learningRate
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
    context.say("trained \(counted(finished, "epoch")): loss \(NumberFormat.scalar(before)) → \(NumberFormat.scalar(after))")
  }
}
