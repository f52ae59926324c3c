@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17 item 12: the per-epoch history was not counted, and two `train 10000000` on six
/// parameters took 1.4 GB. It is now bounded: evenly thinned past `LossHistory.capacity`.
@Suite("Loss history")
struct LossHistoryTests {
  @Test("a million epochs keep at most capacity + 1 records, evenly spaced, with the latest exact")
  func bounded() {
    var history: LossHistory = []
    for epoch in 0...1_000_000 {
      history.append(TrainingRecord(epoch: epoch, trainLoss: 1 / Double(epoch + 1)))
    }
    #expect(history.count <= LossHistory.capacity + 1)
    #expect(history.count > LossHistory.capacity / 2)
    #expect(history.first?.epoch == 0)
    #expect(
      history.last == TrainingRecord(epoch: 1_000_000, trainLoss: 1 / 1_000_001.0),
      "the latest epoch is kept as measured")
    let spacing = history.spacing
    #expect(spacing == 256)
    #expect(
      history.dropLast().map(\.epoch) == Array(stride(from: 0, through: 1_000_000, by: spacing)))
  }

  @Test("up to the capacity every epoch is kept")
  func everyEpochWhileSmall() {
    var history: LossHistory = []
    for epoch in 0..<LossHistory.capacity {
      history.append(TrainingRecord(epoch: epoch, trainLoss: 0))
    }
    #expect(history.map(\.epoch) == Array(0..<LossHistory.capacity))
  }

  @Test("train beyond the capacity keeps the history bounded and plot loss still spans the run")
  func trainingThins() throws {
    let transcript = Transcript(
      "data xor\nlayer dense 1 sigmoid\nloss mse\ntrain 5000\ntrain 5000\nplot loss")
    #expect(transcript.outcome == .success)
    let history = transcript.interpreter.session.history
    #expect(history.count <= LossHistory.capacity + 1, "before, 10,001 records")
    #expect(history.first?.epoch == 0)
    #expect(history.last?.epoch == 10_000)
    #expect(history.last?.trainLoss == transcript.lastValue("loss"))
  }
}
