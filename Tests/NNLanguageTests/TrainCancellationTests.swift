@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17, "Ctrl-C interrupts any line within one second": an epoch of many mini-batches on a
/// large data set takes longer than that, so train asks between mini-batches too.
@Suite("train and Ctrl-C between mini-batches")
struct TrainCancellationTests {
  @Test("Ctrl-C in the middle of an epoch stops at the next mini-batch and undoes that epoch")
  func interruptedMidEpoch() throws {
    var interpreter = Transcript(SeedScripts.documentNetwork + "\nbatch 1\ntrain 2").interpreter
    let before = interpreter.session
    var checks = 0
    let outcome = interpreter.run(
      line: "train 100", number: 1,
      isCancelled: {
        checks += 1
        return checks == 3  // before the epoch, its 2nd mini-batch of 4, its 3rd
      }
    ) { _ in }
    #expect(outcome == .success)
    #expect(checks == 3)
    let session = interpreter.session
    #expect(session.epochsTrained == 2, "the unfinished epoch is undone")
    #expect(session.network == before.network)
    #expect(session.trainer == before.trainer)
    #expect(session.shuffler == before.shuffler)
    #expect(session.history.last?.epoch == 2)
  }
}
