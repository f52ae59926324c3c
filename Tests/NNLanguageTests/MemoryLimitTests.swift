import NNEngine
@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17: everything a line allocates that grows with its input is counted against the memory
/// limit, and refused before it is allocated.
@Suite("Memory limit of a line's passes")
struct MemoryLimitTests {
  /// An interpreter whose memory limit is `numbers` numbers.
  static func interpreter(limit numbers: Int) -> Interpreter {
    var session = Session()
    session.maxNumbers = numbers
    return Interpreter(session: session)
  }

  @Test(
    "100,000 samples through a 100,000-unit layer are refused, not aborted (issue 17 item 5)",
    arguments: [
      "accuracy", "forward", "predict", "train 1", "step", "backward", "evaluate",
    ])
  func hugeActivations(_ command: String) throws {
    let transcript = Transcript(
      "data circle n 100000\nlayer dense 100000 tanh\nloss mse\n\(command)")
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.passTooLarge")
    #expect(error.range?.line == 4)
    #expect(error.notes.contains { $0.message.contains("--max-memory") })
  }

  @Test("10,000 samples × 10,000 units (1.6 GB of z and a) are refused under the default 400 MB")
  func defaultLimit() throws {
    let transcript = Transcript("data circle n 10000\nlayer dense 10000 tanh\naccuracy")
    let error = try #require(transcript.error)
    #expect(error.id == "runtime.passTooLarge")
    #expect(
      error.message
        == "'accuracy' would keep 300,000,000 numbers (2.4 GB) while it runs, over the memory limit"
    )
    #expect(
      error.notes.map(\.message).contains(
        "layer 1 (dense 10000 tanh) keeps the most: 200,000,000 numbers (1.6 GB), its z and a of 10,000 samples; use fewer samples or a smaller layer"
      ))
  }

  @Test(
    "every command that passes over the data counts its activations, and changes nothing when refused",
    arguments: [
      "forward", "forward [[1, 2]]", "predict", "accuracy", "evaluate", "backward", "step",
      "train 3", "gradcheck",
      "expect loss < 1", "plot boundary",
    ])
  func smallLimit(_ command: String) throws {
    // 200 samples × 4 units × (z, a) = 1,600 numbers; the parameters are only 22.
    let setup = "data circle n 200\nlayer dense 4 tanh\nlayer dense 2 softmax\nloss crossentropy"
    var transcript = Transcript(setup, interpreter: Self.interpreter(limit: 1_000))
    let before = transcript.interpreter.session
    let line =
      command == "forward [[1, 2]]"
      ? "forward [" + Array(repeating: "[1, 2]", count: 200).joined(separator: ", ") + "]" : command
    let outcome = transcript.interpreter.run(line: line, number: 5) { _ in }
    guard case .failure(let error) = outcome else {
      Issue.record("'\(command)' should be refused")
      return
    }
    #expect(error.id == "runtime.passTooLarge")
    #expect(transcript.interpreter.session == before)
  }

  @Test("explain counts the pass of its one sample")
  func explainOneSample() throws {
    // A 100-step sequence: one sample's dense pass keeps 100 positions × 8 units × (z, a).
    let transcript = Transcript(
      "input 100x1\nlayer dense 8 tanh\nexplain forward ["
        + Array(repeating: "0", count: 100).joined(separator: ", ") + "]",
      interpreter: Self.interpreter(limit: 1_000))
    #expect(transcript.error?.id == "runtime.passTooLarge")
  }

  @Test("the layers' count of a forward pass is what the pass holds")
  func countMatchesThePass() throws {
    let network = try #require(
      Transcript("input 4x3\nlayer dense 5 tanh\nlayer dense 2 sigmoid").interpreter.session.network
    )
    let pass = network.forward(Matrix(rows: 7, columns: 12))
    let held = pass.layers.reduce(0) { $0 + $1.matrices.reduce(0) { $0 + $1.elements.count } }
    #expect(network.forwardNumbers(samples: 7) == held)
    #expect(held == 7 * 4 * 5 * 2 + 7 * 4 * 2 * 2)
    let gradients = network.backward(pass, targets: Matrix(rows: 28, columns: 2), loss: .mse)
    let written = gradients.layers.reduce(0) {
      $0 + $1.delta.elements.count + $1.parameters.reduce(0) { $0 + $1.elements.count }
    }
    #expect(network.backwardNumbers(samples: 7) >= written)
  }

  @Test(
    "counts that overflow an Int saturate, so they are refused rather than wrapping to a small number"
  )
  func saturation() {
    #expect(NumberCount.product(1 << 40, 1 << 40) == .max)
    #expect(NumberCount.sum(.max, 1) == .max)
    #expect(NumberCount.product(3, 4, 5) == 60)
  }
}
