import NNEngine
@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17 item 18: a step that took the loss to NaN went unremarked, and accuracy then counted
/// NaN outputs as class 0 ("10 of 20 samples classified correctly").
@Suite("NaN and infinite losses and outputs")
struct DivergingStepTests {
  static let regression =
    "data X = [[1], [2]] y = [[1], [-1]]\nlayer dense 1 linear\nloss mse\nlr 1e300"

  @Test("a step that takes the loss to infinity warns and is undone, as train does")
  func stepUndone() throws {
    var transcript = Transcript(DivergingStepTests.regression)
    let before = transcript.interpreter.session
    var events: [Event] = []
    let outcome = transcript.interpreter.run(line: "step", number: 5) { events.append($0) }
    #expect(outcome == .success)
    let warnings = events.compactMap { event -> Diagnostic? in
      guard case .diagnostic(let diagnostic) = event else { return nil }
      return diagnostic
    }
    #expect(warnings.map(\.id) == ["warning.diverged"])
    #expect(warnings.first?.message.hasSuffix("to NaN or infinity; it was undone") == true)
    #expect(
      transcript.interpreter.session == before,
      "weights, optimizer memory, epochs and gradients are as they were")
  }

  @Test("a step from parameters that are already NaN is not taken")
  func stepFromNaN() throws {
    let transcript = Transcript(DivergingStepTests.regression + "\nlet W1 = W1 * (0/0)\nstep")
    #expect(transcript.outcome == .success)
    #expect(transcript.diagnostics.map(\.id) == ["warning.diverged"])
    #expect(transcript.interpreter.session.epochsTrained == 0)
  }

  @Test(
    "accuracy, predict and evaluate say that NaN outputs have no class",
    arguments: ["accuracy", "predict", "evaluate", "expect accuracy > 0.1"])
  func nanOutputs(_ command: String) throws {
    let transcript = Transcript(
      "data X = [[1, 1], [2, 1], [3, 1]] y = [0, 1, 1]\nlayer dense 1 sigmoid\nloss mse\nlet W1 = W1 * (0/0)\n\(command)"
    )
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.nonFiniteOutput")
    #expect(
      error.message
        == "the network's output ŷ is NaN or infinite for 3 of 3 rows (the first is row 0), so no class can be read from it"
    )
  }
}
