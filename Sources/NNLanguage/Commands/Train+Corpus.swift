import NNEngine
import NNRender

/// `train N [every k]` on a text (`data text`): N steps, each one update on a batch of windows
/// drawn at random from the training part (`Trainer.runStep`), by the session's optimizer,
/// schedule, clipping and L2. The losses are measured on two fixed samples of evenly spaced
/// windows, one of the training part and one of the validation part, at step 0, every k steps
/// (without 'every', every N/20, at most every 10th) and at the end, so that reports compare.
extension Train {
  /// Why a run on a text ended.
  private enum CorpusEnding { case completed, diverged(step: Int), interrupted }

  func run(on corpus: TokenCorpus, in session: inout Session, _ context: RunContext)
    throws(Diagnostic)
  {
    let setup = try session.requireCorpusSetup(corpus, for: "'train'", at: context.range) {
      network, batch in
      var work = Session.measuringWork(windows: Session.sampleWindows, batch: batch, of: network)
      (work.backward, work.optimizer) = (batch, true)
      work.forward.append(batch)
      work.other.append(("the batch's targets", Session.targetNumbers(samples: batch, of: network)))
      return work
    }
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    if session.history.isEmpty { context.say(Session.referenceLosses(of: corpus)) }
    let start = session.epochsTrained
    let interval = every ?? max(Train.fewestStepsBetweenMeasures, epochs / 20)
    var measuring = WindowLossWorkspace()
    func measure(_ step: Int, _ network: Network) -> TrainingRecord {
      TrainingRecord(
        epoch: step,
        trainLoss: Session.sampleLoss(of: network, setup, .training, reusing: &measuring),
        testLoss: Session.sampleLoss(of: network, setup, .validation, reusing: &measuring))
    }
    var current = TrainingState(setup.network, of: session)
    var kept = current
    var history = session.history
    let first = measure(start, current.network)
    var (last, finished, step) = (first, 0, 0)
    var ending = first.isFinite ? CorpusEnding.completed : .diverged(step: start)
    if first.isFinite, history.last?.epoch != start { history.append(first) }
    if every != nil, first.isFinite, start % interval == 0 { context.say(Train.report(first)) }
    var workspace = TrainingWorkspace()
    let progressInterval = max(1, epochs / 100)
    while case .completed = ending, step < epochs {
      if context.isCancelled() {
        ending = .interrupted
        break
      }
      step += 1
      (current.trainer.scheduleStep, current.trainer.scheduleTotal) = (step, epochs)
      let batchLoss = current.trainer.runStep(
        &current.network, on: corpus, windows: setup.batch, loss: setup.loss,
        shuffler: &current.shuffler, reusing: &workspace)
      guard batchLoss.isFinite else {
        ending = .diverged(step: start + step)
        break
      }
      if (start + step) % interval == 0 || step == epochs {
        let record = measure(start + step, current.network)
        guard record.isFinite else {
          ending = .diverged(step: start + step)
          break
        }
        (kept, last, finished) = (current, record, step)
        history.append(record)
        if every != nil, (start + step) % interval == 0 { context.say(Train.report(record)) }
      }
      if step % progressInterval == 0 {
        context.say(
          .progress(
            ProgressReport(
              step: step, of: epochs, unit: "step", loss: batchLoss,
              tokensPerStep: setup.batch * corpus.context)))
      }
    }
    if case .interrupted = ending, step > finished {
      // The steps since the last measurement are whole ones: measured, they are kept.
      let record = measure(start + step, current.network)
      if record.isFinite {
        (kept, last, finished) = (current, record, step)
        history.append(record)
      }
    }
    kept.keep(in: &session, history: history, trained: start + finished, since: start, as: name)
    if first.isFinite { session.validationLoss = last.testLoss }
    report(
      ending, from: first, to: last, steps: finished, batch: setup.batch, context: corpus.context,
      session: session, context)
    if let name { context.say("kept this run as '\(name)' for 'plot loss \(name)'") }
  }

  /// Without 'every', how often a run on a text measures at most: each measure costs about 1⅓
  /// steps (the forward passes of 128 windows), so a short run measured 20 times would mostly
  /// measure.
  static let fewestStepsBetweenMeasures = 10

  /// A report line of `every k`: `step    50   train loss 2.501   validation loss 2.523`.
  static func report(_ record: TrainingRecord) -> String {
    let validation = record.testLoss.map { NumberFormat.scalar($0, digits: 4) } ?? "?"
    return
      "step \(TextWidth.pad(String(record.epoch), to: 5, right: true))   train loss \(NumberFormat.scalar(record.trainLoss, digits: 4))   validation loss \(validation)"
  }

  private func report(
    _ ending: CorpusEnding, from first: TrainingRecord, to last: TrainingRecord,
    steps finished: Int, batch: Int,
    context length: Int, session: Session, _ context: RunContext
  ) {
    let rate = session.trainer.learningRate
    switch ending {
    case .diverged(let step):
      context.warn(
        .warning(
          "warning.diverged", "the loss became infinite or NaN at step \(step); training stopped",
          notes: [
            .init(
              first.isFinite
                ? "kept the weights of step \(session.epochsTrained), the last measured with a finite loss; try a smaller learning rate than \(NumberFormat.scalar(rate)), such as 'lr \(NumberFormat.scalar(rate / 10))'"
                : "the parameters are not finite: 'init' draws new ones")
          ]))
    case .interrupted:
      context.say("interrupted: kept the weights after step \(session.epochsTrained)")
    case .completed:
      break
    }
    guard first.isFinite else { return }
    context.say(.value(name: "loss", value: last.trainLoss))
    if let validation = last.testLoss { context.say(.value(name: "val_loss", value: validation)) }
    let tokens = finished * batch * length
    context.say(
      """
      trained \(counted(finished, "step")) of \(counted(batch, "window")) (\(NumberFormat.grouped(tokens)) tokens): \
      train loss \(NumberFormat.scalar(first.trainLoss, digits: 4)) → \(NumberFormat.scalar(last.trainLoss, digits: 4)), \
      validation loss \(NumberFormat.scalar(first.testLoss ?? .nan, digits: 4)) → \(NumberFormat.scalar(last.testLoss ?? .nan, digits: 4))
      """)
  }
}

extension TrainingRecord {
  /// Whether both losses are numbers: a step that made either NaN or infinite diverged.
  var isFinite: Bool { trainLoss.isFinite && testLoss?.isFinite != false }
}
