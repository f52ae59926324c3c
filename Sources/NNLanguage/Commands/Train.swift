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
    summary: "run gradient descent for many epochs (on a text: steps), printing the loss every k",
    details: """
      An epoch visits every training sample once: one update on the whole data ('batch full', the
      default), or one update per shuffled mini-batch ('batch 32'), by the 'optimizer' rule with
      learning rate 'lr'. 'every 100' prints the loss at the start and every 100 epochs. With the
      full batch, an epoch's loss is measured after it on all the data, exactly. With mini-batches
      it is the mean of the epoch's batch losses, each taken on its batch just before that batch's
      update, as Keras reports it: no extra pass over the data, so a little above the loss at the
      epoch's end ('loss' measures that), and the start is measured only when 'every' prints it.
      The losses are recorded for 'plot loss' (with the test loss after 'split'): every epoch up to
      4,096 records, then evenly thinned to every 2nd, 4th, 8th … epoch, always with the latest
      exactly, so the history stays small however long training runs; 'as lr=0.5' keeps this
      run's losses under that name, and 'plot loss lr=0.1 lr=0.5' draws the runs named on one
      chart. Changing 'lr', 'optimizer', 'batch' or 'l2' between runs keeps the weights. Ctrl-C
      stops at once (between mini-batches) and keeps the weights of the last whole epoch. A loss
      that becomes NaN or infinite stops training and keeps the last finite weights: the learning
      rate is too large.
      On a text ('data text'), 'train 500' is 500 steps, each one update on 'batch' windows (32
      under 'batch full') drawn at random from the training part, with the 'schedule' and 'clip'.
      'every 50' prints the step, the training loss and the validation loss, each measured on the
      same 64 evenly spaced windows of its part, so that reports compare; without 'every' they are
      measured every N/20 steps (at most every 10th), for 'plot loss'. The first run prints the
      losses to beat: a uniform guess, ln V, and the bigram model's. 'val_loss' is the last
      validation loss ('evaluate' measures it on every validation window); the progress bar shows
      tokens per second and the time left. Ctrl-C keeps the weights after the last whole step; a
      NaN loss keeps those of the last step measured.
      """,
    examples: ["train 1000 every 100", "train 300 as lr=0.5", "train 500 every 50"],
    seed: "§3.3, §4.1, §5.2")

  /// train <epochs:Int> [every <k:Int>] [as <name>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let epochs = try parser.expectInteger("the number of epochs", in: 1...Limits.epochs)
    var every: Int?
    if !parser.isAtEnd, parser.current?.isWord("as") != true {
      try parser.expect(word: "every", after: "the number of epochs")
      every = try parser.expectInteger("how often to print the loss", in: 1...Limits.epochs)
    }
    var name: String?
    if parser.eat(word: "as") {
      name = try parser.expectRunName("a name for this run, such as lr=0.5").name
    }
    try parser.expectEnd(
      after: name != nil
        ? "the run's name" : every == nil ? "the number of epochs" : "the print interval")
    return Command(Train(epochs: epochs, every: every, name: name))
  }

  /// Why a run of training ended.
  private enum Ending { case completed, diverged, interrupted }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if let corpus = session.corpus { return try run(on: corpus, in: &session, context) }
    let (network, data, loss, targets) = try session.requireTrainingSetup(
      for: "'train'", at: context.range, work: session.trainingWork)
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    let test = try session.testSetup(at: context.range)
    let start = session.epochsTrained
    // The matrices training and measuring write into, reused from epoch to epoch.
    var workspace = TrainingWorkspace()
    var testPass = ForwardPass(input: test?.inputs ?? data.inputs)
    func testLoss(_ network: Network) -> Double? {
      test.map {
        network.forward(into: &testPass)
        return network.loss(of: testPass, targets: $0.targets, loss: loss)
      }
    }
    /// The losses after an epoch, and the forward pass of the training data that measured them
    /// (the next full-batch epoch starts from it rather than computing it again).
    func record(_ epoch: Int, _ network: Network, into pass: inout ForwardPass) -> TrainingRecord {
      network.forward(into: &pass)
      return TrainingRecord(
        epoch: epoch, trainLoss: network.loss(of: pass, targets: targets, loss: loss),
        testLoss: testLoss(network))
    }
    // Mini-batches report each epoch's mean batch loss, measured as they train, and so make no
    // pass of their own over the data; their start is measured only when 'every' prints it.
    let miniBatch = (session.trainer.batchSize ?? data.count) < data.count
    let measuresStart = !miniBatch || every.map { start % $0 == 0 } == true
    var current = TrainingState(network, of: session)
    var kept = current
    var pass = ForwardPass(input: data.inputs)
    let first = measuresStart ? record(start, network, into: &pass) : nil
    var history = session.history
    if let first, history.last?.epoch != start { history.append(first) }
    var (finished, lossKept, earliest) = (0, first?.trainLoss, first)
    var ending = first.map { $0.trainLoss.isFinite } == false ? Ending.diverged : .completed
    var midEpoch = false
    if let every, let first, ending == .completed, start % every == 0 {
      context.say(.epoch(number: start, loss: first.trainLoss))
    }
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
        &current.network, inputs: data.inputs, targets: targets, loss: loss,
        shuffler: &current.shuffler,
        startingFrom: pass, reusing: &workspace,
        shouldStop: {
          stopped = context.isCancelled(); return stopped
        })
      if stopped {
        (ending, midEpoch) = (.interrupted, true)
        break
      }
      let after =
        workspace.meanBatchLoss.map {
          TrainingRecord(epoch: start + epoch, trainLoss: $0, testLoss: testLoss(current.network))
        }
        ?? record(start + epoch, current.network, into: &pass)
      // A mini-batch epoch measured its batches before their updates: the last update's
      // parameters are checked as well, as the next epoch would find them.
      guard after.trainLoss.isFinite, !miniBatch || Train.isFinite(current.network) else {
        ending = .diverged
        break
      }
      (kept, lossKept, finished) = (current, after.trainLoss, epoch)
      if earliest == nil { earliest = after }
      history.append(after)
      if let every, (start + epoch) % every == 0 {
        context.say(.epoch(number: start + epoch, loss: after.trainLoss))
      }
      if epoch % progressInterval == 0 {
        context.say(
          .progress(ProgressReport(step: epoch, of: epochs, unit: "epoch", loss: after.trainLoss)))
      }
    }
    kept.keep(in: &session, history: history, trained: start + finished, since: start, as: name)
    if ending != .diverged, !midEpoch, finished > 0 {
      let n = data.count
      let batches =
        (n + min(kept.trainer.batchSize ?? n, n) - 1) / min(kept.trainer.batchSize ?? n, n)
      session.gradients = .computed(
        workspace.gradients,
        source: .step(epoch: start + finished, batch: batches, batches: batches))
    }
    report(
      ending, from: earliest, to: lossKept, epochs: finished, miniBatch: miniBatch,
      session: session, context)
    if let name { context.say("kept this run as '\(name)' for 'plot loss \(name)'") }
  }

  /// Whether every parameter of `network` is a number.
  private static func isFinite(_ network: Network) -> Bool {
    network.layers.allSatisfy {
      $0.parameters.allSatisfy { $0.value.elements.allSatisfy(\.isFinite) }
    }
  }

  /// What a run says at its end: how it ended, and the loss it started from (`earliest`: the
  /// start, or a mini-batch run's first epoch when the start was not measured) and ended with.
  private func report(
    _ ending: Ending, from earliest: TrainingRecord?, to after: Double?, epochs finished: Int,
    miniBatch: Bool, session: Session,
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
              "kept the weights of epoch \(session.epochsTrained), the last with a finite loss; try a smaller learning rate than \(NumberFormat.scalar(rate)), such as 'lr \(NumberFormat.scalar(rate / 10))'"
            )
          ]))
    case .interrupted:
      context.say("interrupted: kept the weights after epoch \(session.epochsTrained)")
    case .completed:
      break
    }
    guard let after, let earliest else {
      return context.say("trained \(counted(finished, "epoch"))")
    }
    context.say(.value(name: "loss", value: after))
    let (from, to) = (NumberFormat.scalar(earliest.trainLoss), NumberFormat.scalar(after))
    let last = session.epochsTrained
    if !miniBatch {
      context.say("trained \(counted(finished, "epoch")): loss \(from) → \(to)")
    } else if finished == 0 {
      context.say("trained 0 epochs: loss \(to)")
    } else if earliest.epoch == last - finished {
      context.say(
        "trained \(counted(finished, "epoch")): loss \(from) → \(to), the mean of epoch \(last)'s batch losses"
      )
    } else {
      context.say(
        "trained \(counted(finished, "epoch")): loss \(from) in epoch \(earliest.epoch) → \(to) in epoch \(last), each the mean of the epoch's batch losses"
      )
    }
  }
}
