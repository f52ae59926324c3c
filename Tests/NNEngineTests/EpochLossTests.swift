import NNEngine
import Testing

/// Issue 12 §6: a mini-batch epoch measures its loss as it trains, as Keras does.
@Suite("an epoch's mean batch loss")
struct EpochLossTests {
  @Test(
    "a mini-batch epoch's loss is the mean of its batch losses, weighted by their samples; a full batch has none"
  )
  func meanBatchLoss() throws {
    let network = GradientCheckTests.network([2, 3, 2], [.tanh, .softmax])
    let (x, y) = (TrainingTests.x, TrainingTests.y)
    var (trainer, workspace, shuffler) = (Trainer(), TrainingWorkspace(), SeededGenerator(seed: 9))
    trainer.batchSize = 2
    var trained = network
    trainer.runEpoch(
      &trained, inputs: x, targets: y, loss: .crossentropy, shuffler: &shuffler, reusing: &workspace
    )
    // The same epoch by hand: batches of 2, 2 and 1 in the shuffler's order, each loss before its update.
    var (replay, byHand, orderer) = (network, Trainer(), SeededGenerator(seed: 9))
    let order = orderer.permutation(of: 5)
    var total = 0.0
    for batch in [order[0..<2], order[2..<4], order[4..<5]] {
      let (bx, by) = (x.rows(at: batch), y.rows(at: batch))
      total +=
        replay.loss(of: replay.forward(bx), targets: by, loss: .crossentropy) * Double(batch.count)
      var unused = SeededGenerator(seed: 0)
      byHand.runEpoch(&replay, inputs: bx, targets: by, loss: .crossentropy, shuffler: &unused)
    }
    #expect(replay == trained, "the replay made the same updates")
    let mean = try #require(workspace.meanBatchLoss)
    #expect(abs(mean - total / 5) < 1e-15)
    trainer.batchSize = nil
    trainer.runEpoch(
      &trained, inputs: x, targets: y, loss: .crossentropy, shuffler: &shuffler, reusing: &workspace
    )
    #expect(workspace.meanBatchLoss == nil)
  }
}
