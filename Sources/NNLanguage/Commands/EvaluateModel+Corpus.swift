import NNEngine
import NNRender

/// `evaluate` on a text: the full validation loss — every validation window, the ones that tile
/// the validation part end to end, so each of its ids is predicted once — and the training loss
/// on as many windows spread evenly over the training part, `batch` windows a pass. Ctrl-C
/// between passes stops it and changes nothing.
extension EvaluateModel {
  func run(on corpus: TokenCorpus, in session: inout Session, _ context: RunContext)
    throws(Diagnostic)
  {
    let setup = try session.requireCorpusSetup(corpus, for: "'evaluate'", at: context.range) {
      network, batch in
      Session.measuringWork(windows: batch, batch: batch, of: network)
    }
    if let note = session.chooseImpliedLoss() { context.say(note) }
    let validation = corpus.tilingStarts(in: .validation)
    let training = corpus.evenlySpacedStarts(validation.count, in: .training)
    let total = validation.count + training.count
    var workspace = WindowLossWorkspace()
    var measured = 0
    var losses: [Double] = []
    let interrupted = Diagnostic.runtime(
      "runtime.interrupted", "evaluate interrupted before it finished", at: context.range,
      notes: [.init("nothing was changed")])
    for starts in [training, validation] {
      if measured > 0, context.isCancelled() { throw interrupted }
      let loss = setup.network.loss(
        onWindows: starts, of: corpus, loss: setup.loss, batch: setup.batch, reusing: &workspace,
        shouldStop: context.isCancelled,
        progress: {
          context.say(.progress(ProgressReport(step: measured + $0, of: total, unit: "window")))
        })
      guard let loss else { throw interrupted }
      measured += starts.count
      losses.append(loss)
    }
    let t = corpus.context
    let rows = [
      [
        "train (evenly spaced)", NumberFormat.grouped(training.count),
        NumberFormat.grouped(training.count * t), NumberFormat.scalar(losses[0]),
      ],
      [
        "validation (all)", NumberFormat.grouped(validation.count),
        NumberFormat.grouped(validation.count * t), NumberFormat.scalar(losses[1]),
      ],
    ]
    context.say(
      .table(
        Table(
          header: ["data", "windows", "predictions", "loss"], rows: rows, rightAligned: [1, 2, 3])))
    context.say(Session.referenceLosses(of: corpus))
    context.say(.value(name: "val_loss", value: losses[1]))
    session.validationLoss = losses[1]
  }
}
