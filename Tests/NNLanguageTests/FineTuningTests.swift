import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

@Suite("Depth, parameters and fine-tuning")
struct FineTuningTests {
  func tables(_ transcript: Transcript) -> [Table] {
    transcript.outputs.compactMap { output -> Table? in
      guard case .table(let table) = output else { return nil }
      return table
    }
  }

  @Test("summary: the arithmetic, the shares, the totals and the memory")
  func summary() throws {
    let table = try #require(
      tables(Transcript("input 2\nlayer dense 4 sigmoid\nlayer dense 3 softmax\nfreeze 1\nsummary"))
        .last)
    #expect(table.rows[1][1] == "a1 = sigmoid(X·W1 + b1)")
    #expect(table.rows[1][4] == "2×4 + 4 = 12")
    #expect(table.rows[2][4] == "4×3 + 3 = 15")
    #expect(table.rows[1][5] == "44.4%")
    #expect(table.rows[1][6] == "no (frozen)")
    #expect(
      table.footer == [
        "Total params: 27", "Trainable params: 15 (55.6%)", "Non-trainable params: 12",
        "Memory: 216 B as float64, 108 B as float32",
        "Mult-adds: 20 per sample", "Activations: 14 numbers per sample",
      ])
    #expect(table.rows[1][7] == "8" && table.rows[2][7] == "12", "2·4 and 4·3 multiply-adds")
  }

  @Test("compare: depth, widths and parameters of each architecture")
  func compare() throws {
    let table = try #require(tables(Transcript("compare 2-4-3 2-8-8-3 2-64-3")).first)
    #expect(table.rows.map { $0[0] } == ["2-4-3", "2-8-8-3", "2-64-3"])
    #expect(table.rows.map { $0[1] } == ["2", "3", "2"])
    #expect(table.rows.map { $0[3] } == ["12 + 15", "24 + 72 + 27", "192 + 195"])
    #expect(table.rows.map { $0[4] } == ["27", "123", "387"])
    #expect(Transcript("compare 2-x-3").error?.id == "parser.architecture")
  }

  @Test("graph: a Mermaid chart from the input to the output layer")
  func graph() {
    let text = Transcript("input 2\nlayer dense 4 sigmoid\nlayer dense 3 softmax\ngraph").text
    #expect(
      text.contains(
        """
        graph TB
          X["input: 2 features"]
          X --> L1["hidden layer 1: dense 4 sigmoid, 12 params"]
          L1 --> L2["output layer: dense 3 softmax, 15 params"]
        """))
  }

  static let trained =
    SeedScripts.documentNetwork
    + "\noptimizer momentum 0.8\nbatch 2\nl2 0.001\ntrain 20\nadapt 1 lora 1 alpha 3\nfreeze 2"

  @Test("save and load give back every weight bit for bit, and the settings")
  func roundTrip() throws {
    let files = MemoryFiles()
    var transcript = Transcript(Self.trained + "\nsave model.json", files: files)
    #expect(transcript.outcome == .success)
    let before = transcript.interpreter.session
    transcript = Transcript("reset\nload model.json", interpreter: transcript.interpreter)
    let after = transcript.interpreter.session
    #expect(transcript.outcome == .success)
    #expect(after.network == before.network)
    #expect(after.network?.dense(0).adapter != nil && after.network?.layers[1].isFrozen == true)
    #expect(after.trainer.optimizer == .momentum(beta: 0.8))
    #expect(
      after.trainer.batchSize == 2 && after.trainer.l2 == 0.001 && after.loss == .crossentropy)
    #expect(after.epochsTrained == 20)
    #expect(try #require(files["model.json"]).contains("\"format\" : \"nnrepl-model\""))
  }

  @Test(
    "a bad model file is refused and the session stays as it was",
    arguments: [
      ("missing.json", nil, "cannot load 'missing.json': no such file: 'missing.json'"),
      (
        "bad.json", "this is not json",
        "'bad.json' is not a usable model file: it is not complete, valid JSON (cut short?)"
      ),
      (
        "cut.json", "CUT",
        "'cut.json' is not a usable model file: it is not complete, valid JSON (cut short?)"
      ),
      (
        "new.json", "VERSION",
        "'new.json' is a version 3 model file; this nnrepl reads versions 1 and 2"
      ),
      (
        "other.json", "FORMAT",
        "'other.json' is not a usable model file: its format is 'keras', not 'nnrepl-model'"
      ),
      (
        "shape.json", "SHAPE",
        "'shape.json' is not a usable model file: layer 2 (dense): its W should be 4×5 and b 1×5"
      ),
      (
        "act.json", "ACTIVATION",
        "'act.json' is not a usable model file: layer 1 (dense): it has an unknown activation 'swish'"
      ),
      (
        "empty.json", "{}", "'empty.json' is not a usable model file: the field 'format' is missing"
      ),
    ])
  func badFiles(_ name: String, _ kind: String?, _ message: String) throws {
    let saved = MemoryFiles()
    _ = Transcript(SeedScripts.documentNetwork + "\nsave good.json", files: saved)
    let good = try #require(saved["good.json"])
    let text: String? =
      switch kind {
      case "CUT": String(good.prefix(good.count / 2))
      case "VERSION": good.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 3")
      case "FORMAT": good.replacingOccurrences(of: "\"nnrepl-model\"", with: "\"keras\"")
      case "SHAPE": good.replacingOccurrences(of: "\"units\" : 3", with: "\"units\" : 5")
      case "ACTIVATION": good.replacingOccurrences(of: "\"sigmoid\"", with: "\"swish\"")
      default: kind
      }
    let files = MemoryFiles(text.map { [name: $0] } ?? [:])
    var interpreter = Transcript(Self.trained, files: files).interpreter
    let before = interpreter.session
    var events: [Event] = []
    let outcome = interpreter.run(line: "load \(name)", number: 1) { events.append($0) }
    guard case .failure(let error) = outcome else {
      Issue.record("'\(name)' should be refused")
      return
    }
    #expect(error.message == message)
    #expect(interpreter.session == before)
  }

  @Test("frozen layers are bit-identical after training; the others change")
  func freezing() throws {
    var interpreter = Transcript(SeedScripts.documentNetwork + "\nfreeze all but 2").interpreter
    let before = try #require(interpreter.session.network)
    _ = interpreter.run(line: "train 50", number: 1) { _ in }
    let after = try #require(interpreter.session.network)
    #expect(after.layers[0].isEqual(to: before.layers[0]))
    #expect(after.dense(1).weights != before.dense(1).weights)
    #expect(Transcript("input 2\nlayer dense 2 relu\nfreeze 3").error?.id == "runtime.noSuchLayer")
  }

  @Test("pop removes the head; a new head trains on the old body")
  func newHead() throws {
    let transcript = Transcript(
      SeedScripts.documentNetwork
        + "\ntrain 10\npop\nlayer dense 2 softmax\nfreeze 1\ndata xor\ntrain 10")
    #expect(transcript.outcome == .success)
    #expect(
      transcript.interpreter.session.network?.layers.map { ($0 as! DenseLayer).units } == [4, 2])
    #expect(Transcript("input 2\npop").error?.id == "runtime.noLayers")
  }

  @Test(
    "adapt: the trainable count falls to r·(in + out); A and B pass gradcheck; merge keeps outputs")
  func lora() throws {
    var transcript = Transcript(
      "seed 1\ndata spiral n 20\nlayer dense 16 tanh\nlayer dense 2 softmax\nloss crossentropy\nadapt 1 lora 1\ntrain 5\ngradcheck\nexpect gradcheck < 1e-6"
    )
    #expect(transcript.outcome == .success)
    let network = try #require(transcript.interpreter.session.network)
    #expect(network.layers[0].trainableParameterCount == 1 * (2 + 16))
    let outputs = network.forward(transcript.interpreter.session.data!.inputs).output
    transcript = Transcript("merge 1", interpreter: transcript.interpreter)
    let merged = try #require(transcript.interpreter.session.network)
    #expect(merged.dense(0).adapter == nil)
    expectApproximatelyEqual(
      merged.forward(transcript.interpreter.session.data!.inputs).output, outputs, tolerance: 1e-13)
    #expect(
      Transcript("input 4\nlayer dense 4 relu\nadapt 1 lora 4").error?.id == "runtime.loraRank")
  }

  @Test("params: presets, options, and LoRA counts through the language")
  func params() {
    #expect(Transcript("params gpt2-small").lastValue("model_params") == 124_439_808)
    #expect(Transcript("params gpt2-small\nexpect model_params == 124439808").outcome == .success)
    #expect(Transcript("params llama-7b lora 8 on q v").lastValue("lora_params") == 4_194_304)
    let custom = Transcript(
      "params transformer layers 2 dim 64 heads 4 vocab 1000 context 128 untied")
    #expect(
      custom.lastValue("model_params")
        == Double(
          64_000 + 8_192 + 2 * 4 * (64 * 64 + 64) + 4 * 128 + 2 * (2 * 64 * 256 + 256 + 64) + 128
            + 64_000 + 1_000))
    #expect(
      Transcript("params gpt-2").error?.notes.first?.message == "did you mean 'gpt2-xl'?"
        || Transcript("params gpt-2").error?.id == "parser.unknownPreset")
    #expect(Transcript("params transformer layers 2 dim 64").error?.id == "parser.missingOption")
  }
}

@Suite("Numbers that are not numbers")
struct NonFiniteTests {
  @Test("a model with infinite weights is not saved, and no file is written")
  func noInfiniteModels() {
    let files = MemoryFiles()
    let transcript = Transcript(
      "input 2\nlayer dense 1 linear\nlet W1 = [[1], [1e308]]\nlet W1 = W1 * 10\nsave bad.json",
      files: files)
    #expect(transcript.error?.id == "runtime.nonFiniteModel")
    #expect(files["bad.json"] == nil)
  }

  @Test("an expect on NaN says NaN")
  func nanExpectation() {
    let transcript = Transcript("let x = log(-1)\nexpect x < 1")
    #expect(transcript.error?.message == "expected x < 1, but x is NaN (not a number)")
    #expect(transcript.error?.category == .expectation)
  }

  @Test(
    "extreme weights give finite probabilities and losses, never a trap", arguments: [1e3, 1e300])
  func extremeWeights(_ size: Double) {
    let transcript = Transcript(
      """
      data xor
      layer dense 2 sigmoid
      layer dense 2 softmax
      loss crossentropy
      let W1 = [[\(size), -\(size)], [-\(size), \(size)]]
      let W2 = [[\(size), -\(size)], [-\(size), \(size)]]
      forward
      expect sum(yhat) == 4 within 1e-9
      """)
    #expect(transcript.outcome == .success, "\(transcript.error?.message ?? "")")
    #expect(transcript.lastValue("loss")?.isNaN == false)
  }
}
