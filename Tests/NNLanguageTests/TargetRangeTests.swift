@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17 item 22: sigmoid with cross-entropy on targets outside [0, 1] trained to a negative
/// loss with no word; now such targets are refused before anything runs.
@Suite("Cross-entropy targets are probabilities")
struct TargetRangeTests {
  @Test(
    "sigmoid + cross-entropy refuses targets outside [0, 1] before training",
    arguments: ["train 100", "step", "backward", "forward", "gradcheck", "evaluate"])
  func sigmoidTargets(_ command: String) throws {
    let transcript = Transcript(
      "data X = [[1], [2], [3]] y = [0.5, 1, 2]\nlayer dense 1 sigmoid\nloss crossentropy\n\(command)"
    )
    let error = try #require(
      transcript.error, "before the fix, 'train 100' reached a loss of -7.47")
    #expect(error.id == "runtime.targetsNotProbabilities")
    #expect(
      error.message
        == "cross-entropy with a sigmoid output needs targets between 0 and 1, but one is not (the first is 2, in row 2)"
    )
    #expect(transcript.interpreter.session.epochsTrained == 0)
  }

  @Test("softmax + cross-entropy refuses target rows that are not probabilities")
  func softmaxRows() throws {
    let sums = Transcript(
      "data X = [[1], [2]] y = [[0.5, 1], [0, 1]]\nlayer dense 2 softmax\nloss crossentropy\ntrain 10"
    )
    #expect(
      sums.error?.message
        == "cross-entropy with a softmax output needs each row of targets to sum to 1, but row 0 sums to 1.5"
    )
    let negative = Transcript(
      "data X = [[1], [2]] y = [[-1, 2], [0, 1]]\nlayer dense 2 softmax\nloss crossentropy\ntrain 10"
    )
    #expect(negative.error?.id == "runtime.targetsNotProbabilities")
  }

  @Test("soft labels in [0, 1], one-hot rows and mse on any targets still train")
  func validTargets() {
    #expect(
      Transcript(
        "data X = [[1], [2]] y = [[0.2], [0.9]]\nlayer dense 1 sigmoid\nloss crossentropy\ntrain 5"
      ).outcome == .success)
    #expect(
      Transcript(
        "data X = [[1], [2]] y = [[0.25, 0.75], [0, 1]]\nlayer dense 2 softmax\nloss crossentropy\ntrain 5"
      ).outcome == .success)
    #expect(
      Transcript("data X = [[1], [2]] y = [[5], [-3]]\nlayer dense 1 sigmoid\nloss mse\ntrain 5")
        .outcome == .success)
  }

  @Test("softmax on fractional labels says that class labels are whole numbers")
  func fractionalLabels() throws {
    let transcript = Transcript(
      "data X = [[1], [2], [3]] y = [0.5, 1, 2]\nlayer dense 3 softmax\nloss crossentropy\ntrain 1")
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.targetWidth")
    #expect(
      error.notes.map(\.message).contains(
        "class labels are whole numbers from 0, so y = [0.5, …] was read as one target column"))
  }
}
