import NNEngine
@testable import NNLanguage
import NNTestSupport
import Testing

@Suite("Interpreter")
struct InterpreterTests {
  static let documentNetwork = SeedScripts.documentNetwork

  @Test(
    "a failed line leaves the session exactly as it was",
    arguments: [
      "layer dense 4 sigmod", "data X = [[1, 2, 3]] y = [0]", "let W1 = [[1, 2]]", "grad W9",
      "forward [1, 2, 3]", "train 10 every 0", "let z1 = [[1]]", "expect loss < 0.0001",
    ])
  func failedLineChangesNothing(_ line: String) {
    var transcript = Transcript(Self.documentNetwork + "\nbackward")
    let before = transcript.interpreter.session
    let outcome = transcript.interpreter.run(line: line, number: 99) { _ in }
    guard case .failure = outcome else {
      Issue.record("'\(line)' should fail")
      return
    }
    #expect(transcript.interpreter.session == before, "every field, not only the network and data")
  }

  @Test(
    "runtime errors say what is missing and how to get it",
    arguments: [
      ("input 2\ngrad W1", "runtime.noLayers"),
      ("input 2\nlayer dense 3 softmax\ndata xor\nloss mse\ngrad W1", "runtime.noGradients"),
      ("layer dense 4 sigmoid", "runtime.unknownInputWidth"),
      ("input 2\nlayer dense 3 softmax\ntrain 10", "runtime.noData"),
      ("train 10", "runtime.noLayers"),
      ("data xor\nlayer dense 3 softmax\nforward [1, 2, 3]", "runtime.inputWidth"),
      (
        "data X = [[0], [1]] y = [0, 5]\nlayer dense 3 softmax\nloss mse\nbackward",
        "runtime.labelOutOfRange"
      ),
      (
        "data X = [[0], [1]] y = [0, 2]\nlayer dense 1 sigmoid\nloss mse\nstep",
        "runtime.labelOutOfRange"
      ),
      (
        "data X = [[0], [1]] y = [[0.5], [0.1]]\nlayer dense 2 linear\nloss mse\nstep",
        "runtime.targetWidth"
      ),
      ("data xor\nlayer dense 2 softmax\nshow z1", "runtime.notComputed"),
      ("data xor\nlayer dense 2 softmax\nshow W2", "runtime.noSuchLayer"),
      ("data xor\nlayer dense 2 softmax\nshow Wl", "runtime.unknownTensor"),
      (
        "data X = [[0], [1]] y = [[0.5], [0.1]]\nlayer dense 1 linear\naccuracy",
        "runtime.accuracyNeedsClasses"
      ),
      ("input 3\ndata xor", "runtime.inputWidth"),
      ("help trian", "runtime.unknownHelpTopic"),
      ("input 2\nlayer dense 100000 relu\nlayer dense 1000 relu", "runtime.tooManyParameters"),
    ])
  func runtimeErrors(_ script: String, _ id: String) throws {
    let transcript = Transcript(script)
    let error = try #require(transcript.error, "the last line should fail")
    #expect(error.id == id)
    #expect(error.category == .runtime)
    #expect(
      error.range?.line == script.split(separator: "\n").count,
      "the error points at the failing line")
    #expect(!error.notes.isEmpty, "a runtime error says what to do")
  }

  @Test(
    "grad after 'step' or 'train' shows the last update's gradients and says where they come from")
  func gradientsOfTheLastStep() throws {
    // Before layer kinds, both ended in "no gradient for 'W1': … run 'backward' first".
    let stepped = Transcript(Self.documentNetwork + "\nstep\ngrad b2")
    #expect(stepped.error == nil)
    #expect(
      stepped.text.contains(
        "the gradients of the last update (epoch 1), taken before it; 'backward' computes them afresh on the whole data"
      ))
    var direct = Transcript(Self.documentNetwork + "\nbackward").interpreter.session
    let expected = try #require(direct.gradients.value?.bias(1))
    direct = Transcript(Self.documentNetwork + "\nstep").interpreter.session
    // full batch: the step's gradients are backward's
    #expect(direct.gradients.value?.bias(1) == expected)
    let trained = Transcript(Self.documentNetwork + "\nbatch 1\ntrain 2\ngrad W1")
    #expect(trained.error == nil)
    #expect(trained.text.contains("the gradients of the last update (epoch 2, batch 4 of 4)"))
    let stale = Transcript(Self.documentNetwork + "\nstep\nlet b2 = b2\ngrad W1")
    #expect(
      stale.error?.message
        == "no gradient for 'W1': the parameters changed ('b2' was set) since the last 'backward'")
  }

  @Test(
    "doubtful choices warn and still run",
    arguments: [
      ("input 2\nlayer dense 3 softmax\nlayer dense 2 sigmoid", "warning.softmaxHidden"),
      ("input 2\nlayer dense 1 linear\nloss crossentropy", "warning.crossEntropyOutput"),
      ("data xor\nloss crossentropy\nlayer dense 1 relu\ntrain 1", "warning.crossEntropyOutput"),
    ])
  func warnings(_ script: String, _ id: String) {
    let transcript = Transcript(script)
    #expect(transcript.outcome == .success)
    #expect(transcript.diagnostics.first?.id == id)
    #expect(transcript.diagnostics.allSatisfy { $0.severity == .warning })
  }

  @Test("the seed's run: the loss falls, printed every 100 epochs, the same every time")
  func documentRun() throws {
    let script = Self.documentNetwork + "\nlr 0.1\ntrain 1000 every 100\naccuracy"
    let first = Transcript(script)
    #expect(first.outcome == .success)
    let epochs = first.epochs
    #expect(epochs.map(\.0) == Array(stride(from: 0, through: 1000, by: 100)))
    #expect(
      zip(epochs, epochs.dropFirst()).allSatisfy { $0.1 > $1.1 }, "the loss falls at every report")
    #expect(try #require(epochs.last?.1) < 0.1)
    #expect(first.lastValue("accuracy") == 1)
    #expect(Transcript(script).outputs == first.outputs, "same seed, same numbers")
  }

  @Test("'step' is θ := θ − α∇J with the gradients of 'backward'")
  func stepByHand() throws {
    let before = Transcript(Self.documentNetwork + "\nbackward")
    let session = before.interpreter.session
    let w1 = try #require(session.network?.dense(0).weights)
    let g1 = try #require(session.gradients.value?.weights(0))
    let after = Transcript("step", interpreter: before.interpreter)
    #expect(after.interpreter.session.network?.dense(0).weights == w1 - 0.1 * g1)
    #expect(after.interpreter.session.epochsTrained == 1)
  }

  @Test("let sets a parameter, shape-checked; the seed's data trains to accuracy 1 after")
  func letParameter() throws {
    let transcript = Transcript(
      Self.documentNetwork
        + "\nlet b1 = [0.1, 0.2, 0.3, 0.4]\nexpect b1[2] == 0.3\nlet W2 = [[1, 2, 3], [4, 5, 6]]")
    let error = try #require(transcript.error)
    #expect(error.message == "'W2' is 4×3 but the value is 2×3")
    #expect(error.notes.last?.message == "layer 2 was declared here")
    #expect(error.notes.last?.range?.line == 4, "the note points at the line that declared layer 2")
    #expect(
      transcript.interpreter.session.network?.dense(0).bias == Matrix(row: [0.1, 0.2, 0.3, 0.4]))
  }

  @Test("expect error passes when the line fails, and fails when it runs")
  func expectError() throws {
    let passing = Transcript("expect error layer dense 4 sigmod\nexpect error train 10")
    #expect(passing.outcome == .success)
    #expect(passing.text.contains("error as expected: unknown activation 'sigmod'"))
    let failing = Transcript("expect error input 2")
    #expect(failing.error?.id == "expect.noError")
    #expect(failing.error?.category == .expectation)
  }

  @Test("a failed expectation names the expected and the actual value")
  func failedExpectation() throws {
    let transcript = Transcript(
      Self.documentNetwork + "\nexpect depth == 2\nexpect params == 27\nexpect loss < 0.01")
    let error = try #require(transcript.error)
    #expect(error.category == .expectation)
    #expect(error.message.hasPrefix("expected loss < 0.01, but loss is 0.83967"))
  }

  @Test("training that diverges stops and keeps the last finite weights")
  func divergence() throws {
    let transcript = Transcript(
      "data X = [[1], [2]] y = [[1000], [-1000]]\nlayer dense 1 linear\nloss mse\nlr 1000\ntrain 100"
    )
    #expect(transcript.outcome == .success)
    #expect(transcript.diagnostics.map(\.id) == ["warning.diverged"])
    let network = try #require(transcript.interpreter.session.network)
    #expect(network.dense(0).weights.elements.allSatisfy { $0.isFinite })
    #expect(transcript.interpreter.session.epochsTrained < 100)
  }

  @Test("Ctrl-C during train stops after the current epoch and keeps its weights")
  func cancellation() throws {
    var interpreter = Transcript(Self.documentNetwork).interpreter
    var checks = 0
    let outcome = interpreter.run(
      line: "train 1000", number: 1,
      isCancelled: {
        checks += 1
        return checks > 3
      }
    ) { _ in }
    #expect(outcome == .success)
    #expect(interpreter.session.epochsTrained == 3)
  }

  @Test("'reset' starts again; 'quit' ends")
  func resetAndQuit() {
    var transcript = Transcript(Self.documentNetwork + "\nreset")
    #expect(transcript.interpreter.session.network == nil)
    #expect(transcript.interpreter.run(line: "quit", number: 1) { _ in } == .quit)
  }

  @Test("help lists every command, and explains one with an example")
  func help() {
    let overview = Transcript("help").text
    for name in CommandCatalog.names { #expect(overview.contains(name)) }
    let page = Transcript("help loss").text
    #expect(page.contains("USAGE: loss mse | crossentropy"))
    #expect(page.contains("J = (1/n) · Σ_samples ½ · Σ_outputs (ŷ − y)²"))
    #expect(page.contains("EXAMPLES:"))
  }
}
