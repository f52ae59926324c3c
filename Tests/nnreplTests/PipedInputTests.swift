import Foundation
import NNTestSupport
import Testing

/// Lines piped into `nnrepl`: results only, no prompts, no escape codes.
@Suite("nnrepl with piped input")
struct PipedInputTests {
  let binary = BuiltBinary()

  @Test("results without prompts or escape codes, even with NO_COLOR unset")
  func plainResults() throws {
    let run = try binary.run(input: "input 2\nsummary\n", environment: ["NO_COLOR": ""])
    #expect(run.status == 0)
    #expect(run.standardOutput.hasPrefix("input: 2 features per sample\nLayer "))
    #expect(!run.standardOutput.contains("nn>"))
    #expect(!run.standardOutput.contains("\u{1B}"))
  }

  @Test("an error does not end the session, but the exit status reports it")
  func errorsContinue() throws {
    let run = try binary.run(input: "input 2\nlayer dense 4 sigmod\nlayer dense 4 sigmoid\n")
    #expect(run.status == 65)
    #expect(run.standardOutput.contains("layer 1: dense 4 sigmoid"))
    #expect(run.standardError.hasPrefix("<stdin>:2:15: error: unknown activation 'sigmod'"))
  }

  @Test("'quit' stops reading")
  func quit() throws {
    let run = try binary.run(input: "quit\ninput 2\n")
    #expect(run.status == 0)
    #expect(run.standardOutput == "")
  }
}
