import NNEngine
import NNLanguage
import NNRender
import NNTestSupport
import Testing

/// Issue 12 §6: a mini-batch epoch reports the mean of its batch losses, as Keras does, instead
/// of another pass over all the data; the full batch still reports the exact loss.
@Suite("train reports a mini-batch epoch's mean batch loss")
struct MeanBatchLossTests {
  @Test(
    "the epochs' losses are the engine's mean batch losses; the start is not measured unless 'every' prints it"
  )
  func miniBatchLosses() throws {
    let transcript = Transcript(SeedScripts.documentNetwork + "\nbatch 3\ntrain 3")
    let session = transcript.interpreter.session
    #expect(session.history.map(\.epoch) == [1, 2, 3])
    // The same epochs in the engine, from the same start.
    var start = Transcript(SeedScripts.documentNetwork).interpreter.session
    var (network, workspace, shuffler) = (start.network!, TrainingWorkspace(), start.shuffler)
    let targets = try start.data!.targets(outputWidth: 3)
    start.trainer.batchSize = 3
    var means: [Double] = []
    for epoch in 1...3 {
      (start.trainer.scheduleStep, start.trainer.scheduleTotal) = (epoch, 3)
      start.trainer.runEpoch(
        &network, inputs: start.data!.inputs, targets: targets, loss: .crossentropy,
        shuffler: &shuffler, reusing: &workspace)
      means.append(workspace.meanBatchLoss!)
    }
    #expect(session.history.map(\.trainLoss) == means)
    #expect(session.network == network)
    #expect(
      transcript.text.contains(
        "trained 3 epochs: loss \(NumberFormat.scalar(means[0])) in epoch 1 → \(NumberFormat.scalar(means[2])) in epoch 3, each the mean of the epoch's batch losses"
      ))
    let printed = Transcript(
      SeedScripts.documentNetwork
        + "\nexpect loss == 0.8396702131702991 within 1e-15\nbatch 3\ntrain 4 every 2")
    #expect(printed.error == nil)
    #expect(
      printed.epochs.map(\.epoch) == [0, 2, 4] && printed.epochs[0].loss == 0.8396702131702991,
      "the start, measured on all the data")
    #expect(printed.text.contains(", the mean of epoch 4's batch losses"))
  }

  @Test("the full batch still reports the loss on all the data after each epoch, exactly")
  func fullBatchLosses() throws {
    let transcript = Transcript(
      SeedScripts.documentNetwork + "\ntrain 3\nexpect loss == 0 within 10")
    let session = transcript.interpreter.session
    #expect(session.history.map(\.epoch) == [0, 1, 2, 3])
    let network = try #require(session.network)
    let targets = try session.data!.targets(outputWidth: 3)
    #expect(
      session.history.last?.trainLoss
        == network.loss(
          of: network.forward(session.data!.inputs), targets: targets, loss: .crossentropy))
  }

  @Test("a mini-batch run kept by name starts at its first epoch, or where the run before it ended")
  func namedRun() throws {
    let session = Transcript(
      SeedScripts.documentNetwork + "\nbatch 2\ntrain 3 as first\ntrain 2 as later"
    ).interpreter.session
    #expect(session.runs.map { $0.records.map(\.epoch) } == [[1, 2, 3], [0, 1, 2]])
  }
}
