import Foundation
import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// Issue 13 §3: `train`, `evaluate`, `loss` and `val_loss` on a text (`data text`).
@Suite("training a language model on a text")
struct LanguageModelTrainingTests {
  /// 384 characters, 11 distinct: 346 to train on, 38 held out.
  static let files = MemoryFiles([
    "lm.txt": String(repeating: "the cat sat on the mat. ", count: 16)
  ])
  static let model = """
    seed 3
    data text lm.txt context 8
    input tokens 8 vocab 11
    layer embedding 8
    layer positions
    layer transformer heads 2 causal
    layer layernorm
    layer dense 11 softmax
    optimizer adamw
    lr 0.01
    batch 8
    """

  static func run(_ lines: String, interpreter: Interpreter = Interpreter()) -> Transcript {
    Transcript(lines, interpreter: interpreter, files: files)
  }

  @Test(
    "a small GPT trains on a seeded text: its validation loss falls below ln V, reported every k steps and kept for 'plot loss'"
  )
  func trains() throws {
    let transcript = Self.run(Self.model + "\ntrain 40 every 10\nexpect val_loss < 1.5")
    #expect(transcript.error == nil, "\(transcript.error?.message ?? "")")
    let session = transcript.interpreter.session
    #expect(session.history.map(\.epoch) == [0, 10, 20, 30, 40] && session.epochsTrained == 40)
    #expect(
      session.history.allSatisfy { $0.testLoss != nil },
      "both losses at every record, so 'plot loss' draws both")
    let (validation, start) = (
      try #require(session.validationLoss), try #require(session.history.first?.testLoss)
    )
    #expect(validation < log(11) && validation < start)
    #expect(
      transcript.lastValue("val_loss") == validation && session.history.last?.testLoss == validation
    )
    let reports = transcript.text.split(separator: "\n").filter { $0.hasPrefix("step ") }
    #expect(reports.count == 5 && reports[1].hasPrefix("step    10   train loss "))
    #expect(transcript.text.contains("trained 40 steps of 8 windows (2,560 tokens)"))
    let progress = transcript.outputs.compactMap { output -> ProgressReport? in
      guard case .progress(let report) = output else { return nil }
      return report
    }
    #expect(
      progress.count == 40
        && progress.allSatisfy { $0.tokensPerStep == 64 && $0.unit == "step" && $0.total == 40 })
    let plot = try #require(
      Self.run("plot loss", interpreter: transcript.interpreter).plots.last,
      "'plot loss' draws the run")
    #expect(
      plot.lines.map(\.ys) == [
        session.history.map(\.trainLoss), session.history.compactMap(\.testLoss),
      ])
    #expect(
      plot.title == "loss by step" && plot.xLabel == "step"
        && plot.lines.map(\.name) == ["train loss", "validation loss"],
      "a language model trains in steps and measures a validation part")
  }

  @Test(
    "the losses to beat are printed at the first run and by 'evaluate': ln V, and the bigram's validation loss"
  )
  func references() throws {
    let transcript = Self.run(Self.model + "\ntrain 2\ntrain 2\nevaluate\nexpect bigram_loss > 0")
    let mentions =
      transcript.text.components(
        separatedBy: "to compare with: a uniform guess over the 11 tokens has loss ln 11 = 2.398"
      ).count - 1
    #expect(mentions == 2, "once before the first run, once in evaluate")
    let corpus = try #require(transcript.interpreter.session.corpus)
    let bigram = BigramModel(counting: corpus).loss(on: corpus, part: .validation)
    #expect(
      transcript.text.contains(
        "has validation loss \(NumberFormat.scalar(bigram, digits: 4)) ('bigram_loss')"))
  }

  @Test("the same seed trains the same way: every loss and weight repeats")
  func reproducible() {
    let (first, second) = (
      Self.run(Self.model + "\ntrain 12 every 4"), Self.run(Self.model + "\ntrain 12 every 4")
    )
    #expect(first.interpreter.session.history == second.interpreter.session.history)
    #expect(first.interpreter.session.network == second.interpreter.session.network)
    #expect(first.text == second.text)
    let other = Self.run(
      Self.model.replacingOccurrences(of: "seed 3", with: "seed 4") + "\ntrain 12 every 4")
    #expect(other.interpreter.session.history != first.interpreter.session.history)
  }

  /// The tiny model of `evaluate`'s hand computation: each position predicts from its own token,
  /// softmax(E1[x]·W2 + b2).
  static let tiny =
    "seed 1\ndata text lm.txt context 8\ninput tokens 8 vocab 11\nlayer embedding 3\nlayer dense 11 softmax\nbatch 3"

  /// The mean of −log softmax(E[x]·W + b)[y] over the windows at `starts`, in plain arithmetic.
  static func handLoss(_ session: Session, starts: [Int]) throws -> Double {
    let corpus = try #require(session.corpus)
    let network = try #require(session.network)
    let (table, weights, bias) = (
      network.layers[0].parameters[0].value, network.layers[1].parameters[0].value,
      network.layers[1].parameters[1].value
    )
    var (total, count) = (0.0, 0)
    for start in starts {
      for i in start..<start + corpus.context {
        let (x, y) = (Int(corpus.ids[i]), Int(corpus.ids[i + 1]))
        let z = (0..<11).map { j in
          (0..<3).reduce(bias[0, j]) { $0 + table[x, $1] * weights[$1, j] }
        }
        total += log(z.map(exp).reduce(0, +)) - z[y]
        count += 1
      }
    }
    return total / Double(count)
  }

  @Test(
    "'evaluate' gives the loss of every validation window, laid end to end, and of as many training windows: a hand computation's"
  )
  func evaluateByHand() throws {
    let transcript = Self.run(Self.tiny + "\nevaluate")
    #expect(transcript.error == nil)
    let session = transcript.interpreter.session
    // 38 validation ids: windows at 346, 354, 362, 370 predict ids 347…378, each once.
    let validation = try Self.handLoss(session, starts: [346, 354, 362, 370])
    let training = try Self.handLoss(
      session, starts: session.corpus!.evenlySpacedStarts(4, in: .training))
    #expect(session.corpus!.evenlySpacedStarts(4, in: .training) == [0, 84, 169, 253])
    #expect(abs(try #require(session.validationLoss) - validation) < 1e-12)
    guard
      case .table(let table)? = transcript.outputs.first(where: {
        if case .table = $0 { true } else { false }
      })
    else {
      Issue.record("evaluate shows a table")
      return
    }
    #expect(
      table.rows == [
        ["train (evenly spaced)", "4", "32", NumberFormat.scalar(training)],
        ["validation (all)", "4", "32", NumberFormat.scalar(validation)],
      ])
    // 'loss' is the training loss on the fixed sample: 64 evenly spaced windows, or all 338 of them here… up to 64.
    let sample = try Self.handLoss(
      session, starts: session.corpus!.evenlySpacedStarts(64, in: .training))
    let loss = Self.run(
      "expect loss == \(sample) within 1e-12", interpreter: transcript.interpreter)
    #expect(loss.error == nil, "\(loss.error?.message ?? "")")
  }

  @Test(
    "'val_loss' names the last validation loss, and has none before it is measured or after the weights change"
  )
  func validationLossName() throws {
    #expect(Self.run(Self.model + "\nexpect val_loss < 5").error?.id == "runtime.noValidationLoss")
    #expect(Self.run("expect val_loss < 5").error?.message.contains("there is no text") == true)
    let trained = Self.run(Self.model + "\ntrain 4\nexpect val_loss < 5")
    #expect(trained.error == nil)
    let stale = Self.run("let E1 = E1 * 2\nexpect val_loss < 5", interpreter: trained.interpreter)
    #expect(stale.error?.id == "runtime.noValidationLoss")
    let failed = try #require(
      Self.run("expect val_loss < 0.01", interpreter: trained.interpreter).error)
    #expect(failed.category == .expectation)
  }

  @Test(
    "a network that does not fit the text is refused at 'train' and 'evaluate', with the fix, and nothing changes"
  )
  func refusals() throws {
    let cases = [
      (
        "input tokens 4 vocab 11\nlayer embedding 4\nlayer dense 11 softmax", "runtime.textInput",
        "takes 4 tokens of 11 per sample, but the text gives 8 tokens of 11"
      ),
      (
        "input tokens 8 vocab 11\nlayer embedding 4\nlayer dense 5 softmax", "runtime.textOutput",
        "predicts one of 11 tokens at each of its 8 positions"
      ),
      ("input tokens 8 vocab 11", "runtime.noLayers", "no layers"),
    ]
    for (network, id, message) in cases {
      for command in ["train 5", "evaluate"] {
        let setup = Self.run("data text lm.txt context 8\n" + network)
        let transcript = Self.run(command, interpreter: setup.interpreter)
        let error = try #require(transcript.error, "\(network) / \(command)")
        #expect(error.id == id && error.message.contains(message), "\(error.message)")
        #expect(error.range?.line == 1 && !error.notes.isEmpty)
        #expect(transcript.interpreter.session == setup.interpreter.session)
      }
    }
  }

  @Test(
    "a learning rate far too large stops at the first NaN and keeps the last weights measured finite"
  )
  func divergence() throws {
    let transcript = Self.run(Self.tiny + "\noptimizer sgd\nlr 1e300\ntrain 20 every 5")
    #expect(transcript.diagnostics.map(\.id) == ["warning.diverged"])
    let session = transcript.interpreter.session
    #expect(session.epochsTrained == 0 && session.history.map(\.epoch) == [0])
    #expect(
      session.network == Self.run(Self.tiny).interpreter.session.network,
      "the weights before the first step")
  }

  @Test("Ctrl-C stops between steps and keeps the weights of the last whole step, measured")
  func interrupted() throws {
    var interpreter = Self.run(Self.model).interpreter
    var checks = 0
    let outcome = interpreter.run(
      line: "train 100 every 50", number: 1,
      isCancelled: {
        checks += 1
        return checks == 4  // before steps 1, 2, 3 and then 4
      }
    ) { _ in }
    #expect(outcome == .success)
    let session = interpreter.session
    #expect(session.epochsTrained == 3 && session.history.map(\.epoch) == [0, 3])
    #expect(session.validationLoss == session.history.last?.testLoss)
  }

  @Test("Ctrl-C during 'evaluate' stops it between passes and changes nothing")
  func interruptedEvaluation() throws {
    var interpreter = Self.run(Self.tiny + "\ntrain 2").interpreter
    let before = interpreter.session
    var events: [Event] = []
    let outcome = interpreter.run(line: "evaluate", number: 1, isCancelled: { true }) {
      events.append($0)
    }
    guard case .failure(let error) = outcome else {
      Issue.record("evaluate should stop")
      return
    }
    #expect(error.id == "runtime.interrupted")
    #expect(interpreter.session == before)
  }

  @Test("'batch full' on a text means 32 windows a step, and 'help train' and 'help batch' say so")
  func fullBatch() {
    let transcript = Self.run(Self.tiny + "\nbatch full\ntrain 1")
    #expect(
      transcript.text.contains(
        "batch: 32 windows of the text per update, drawn at random (a text's 'full' batch)"))
    #expect(transcript.text.contains("trained 1 step of 32 windows (256 tokens)"))
    #expect(Transcript("help batch").text.contains("'full' there means 32 windows"))
    let train = Transcript("help train").text
    #expect(
      train.contains("windows (32 under 'batch full')")
        && train.contains("it is the mean of the epoch's batch losses"))
  }

  @Test("a layer added after 'data text' but before 'input' is told the input a text needs")
  func layerBeforeInput() throws {
    let error = try #require(Self.run("data text lm.txt context 8\nlayer embedding 8").error)
    #expect(error.id == "runtime.unknownInputWidth")
    #expect(
      error.notes.map(\.message) == ["a text is loaded: start with 'input tokens 8 vocab 11'"])
  }
}
