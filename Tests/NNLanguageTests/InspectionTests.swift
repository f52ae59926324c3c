import Foundation
import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// gradcheck, gradnorm and explain on the seed's network.
@Suite("Looking inside")
struct InspectionTests {
  static let ready = SeedScripts.documentNetwork

  @Test("gradcheck: a table with every parameter passing, and the threshold")
  func gradcheck() throws {
    let transcript = Transcript(Self.ready + "\ngradcheck\nexpect gradcheck < 1e-6")
    #expect(transcript.outcome == .success)
    guard
      case .table(let table) = transcript.outputs.first(where: {
        if case .table = $0 { true } else { false }
      })
    else {
      Issue.record("no table")
      return
    }
    #expect(table.rows.map { $0[0] } == ["W1", "b1", "W2", "b2"])
    #expect(table.rows.allSatisfy { $0.last == "pass" })
    #expect(
      table.footer.first
        == "threshold: relative error < 1e-06, or a largest difference under 1e-09 (rounding noise); central differences with h = 1e-05"
    )
    #expect(transcript.text.contains("backprop agrees with the numeric gradients"))
    let progress = transcript.outputs.compactMap { output -> ProgressReport? in
      guard case .progress(let progress) = output else { return nil }
      return progress
    }
    #expect(
      progress == [10, 20].map { ProgressReport(step: $0, of: 27, unit: "parameter") },
      "gradcheck reports the entries it has checked")
  }

  @Test("gradcheck W2 checks one parameter; a wrong name is an error")
  func gradcheckOne() throws {
    let one = Transcript(Self.ready + "\ngradcheck W2")
    guard
      case .table(let table)? = one.outputs.first(where: {
        if case .table = $0 { true } else { false }
      })
    else {
      Issue.record("no table")
      return
    }
    #expect(table.rows.map { $0[0] } == ["W2"])
    #expect(Transcript(Self.ready + "\ngradcheck W3").error?.id == "runtime.notAParameter")
  }

  @Test("gradnorm: one row per layer, the norms of the last backward")
  func gradnorm() throws {
    let transcript = Transcript(Self.ready + "\nbackward\ngradnorm")
    let gradients = try #require(transcript.interpreter.session.gradients.value)
    guard case .table(let table)? = transcript.outputs.last else {
      Issue.record("no table")
      return
    }
    #expect(table.rows.count == 2)
    #expect(table.rows[1][1] == String(format: "%.6g", gradients.weights(1).norm))
    #expect(Transcript(Self.ready + "\ngradnorm").error?.id == "runtime.noGradients")
  }

  @Test("explain forward: each layer's formula with the sample's numbers")
  func explainForward() throws {
    let text = Transcript(
      Self.ready + "\nlet W1 = [[1, 0, 0, 0], [0, 1, 0, 0]]\nexplain forward [2, 0]"
    ).text
    #expect(text.contains("forward pass of x = [2 0]"))
    #expect(text.contains("  z1 = x·W1 + b1 = [2 0]·W1 + [0 0 0 0]\n     = [2 0 0 0]"))
    #expect(text.contains("  a1 = sigmoid(z1) = 1 / (1 + e^(−z1))\n     = [0.8808 0.5 0.5 0.5]"))
    #expect(text.contains("layer 2: dense 3 softmax"))
    #expect(text.contains(": predicted class "), "a softmax output names its class")
  }

  @Test("an unknown name's note lists the first 16 names of a large model, and how many more")
  func unknownNameInALargeModel() throws {
    let error = try #require(
      Transcript(TiedHeadCommandTests.gpt(head: "layer dense 65 softmax") + "\nshow bogus").error)
    let note = try #require(error.notes.last?.message)
    #expect(note.hasPrefix("names with values now: E1 P2 gammaAttn3 betaAttn3 Wq3"))
    #expect(note.hasSuffix("… and 22 more ('summary' lists every layer's parameters)"), "\(note)")
    #expect(
      Transcript("input 2\nlayer dense 2 tanh\nshow bogus").error?.notes.last?.message
        == "names with values now: W1 b1")
  }

  @Test("explain forward names a class only for a classifier's output")
  func explainRegression() throws {
    let text = Transcript(
      "input 2\nlayer dense 3 tanh\nlayer dense 1 linear\nexplain forward [2, 0]"
    )
    .text
    #expect(text.contains("ŷ = a2 = ["), "\(text)")
    #expect(!text.contains("predicted class"), "a linear output is a number, not a class")
  }

  @Test("explain backward: δ2 = ŷ − y and the sigmoid's chain-rule factors, for one sample")
  func explainBackward() throws {
    let transcript = Transcript(Self.ready + "\nexplain backward 1")
    let network = try #require(transcript.interpreter.session.network)
    let x = Matrix(row: [0, 1])
    let pass = network.forward(x)
    let gradients = network.backward(pass, targets: Matrix(row: [0, 1, 0]), loss: .crossentropy)
    let text = transcript.text
    #expect(text.contains("backward pass of sample 1 on its own (n = 1): x = [0 1], y = [0 1 0]"))
    #expect(text.contains("  δ2 = ŷ − y   (the activation's slope cancels the loss's)"))
    #expect(text.contains("     = \(Explain.vector(gradients.delta(1)))"))
    #expect(
      text.contains(
        "  sigmoid′(z1) = a1 ⊙ (1 − a1) = \(Explain.vector(pass.a(0).map { $0 * (1 - $0) }))"))
    #expect(text.contains("     = \(Explain.vector(gradients.delta(0)))"))
    #expect(text.contains("  ∇W1 = xᵀ·δ1   (2×1 · 1×4 → 2×4)"))
    #expect(Transcript(Self.ready + "\nexplain backward 4").error?.id == "runtime.noSuchSample")
  }

  @Test("random lines never crash the interpreter, and a failed one changes nothing")
  func randomLines() {
    let vocabulary = [
      "input", "layer", "dense", "4", "3", "0", "-1", "1e9", "0.5", "sigmoid", "softmax", "relu",
      "data", "xor",
      "document", "X", "y", "Y", "=", "[", "]", "[[", "]]", ",", "loss", "mse", "crossentropy",
      "train", "every",
      "forward", "backward", "grad", "wrt", "W1", "b2", "z1", "a1", "delta2", "yhat", "let",
      "expect", "error",
      "==", "<", "within", "@", "*", "+", "-", "/", "**", ".T", "(", ")", "sum", "log", "gradcheck",
      "gradnorm",
      "explain", "step", "predict", "accuracy", "summary", "depth", "seed", "init", "he", "lr",
      "show", "help",
      "reset", "#", "中", "$", "quit",
    ]
    var generator = SeededGenerator(seed: 2024)
    var interpreter = Transcript(Self.ready).interpreter
    var (successes, failures) = (0, 0)
    for number in 1...3000 {
      let count = Int(generator.next() % 7) + 1
      let line = (0..<count).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
      }.joined(separator: " ")
      let before = interpreter.session
      switch interpreter.run(line: line, number: number, emit: { _ in }) {
      case .success, .quit: successes += 1
      case .failure:
        failures += 1
        #expect(interpreter.session == before, "'\(line)' failed but changed the session")
      }
    }
    #expect(
      successes > 100 && failures > 100,
      "the lines reach both outcomes: \(successes) ran, \(failures) failed")
  }
}

@Suite("Mutated lesson lines")
struct MutatedLineTests {
  /// Every line of every lesson, read from the repository.
  static let lessonLines: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("lessons")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".nn") }.sorted().flatMap { name in
      ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }
  }()

  @Test(
    "thousands of mutated lesson lines: each gives output or a diagnostic, and a failure changes nothing"
  )
  func mutations() throws {
    #expect(Self.lessonLines.count > 300)
    var generator = SeededGenerator(seed: 11)
    let noise = Array("[](),.=<>+-*/@?#\"$0123456789e中 ")
    var interpreter = Transcript(SeedScripts.documentNetwork + "\nbackward").interpreter
    var (successes, failures) = (0, 0)
    for number in 1...2500 {
      var line = Array(Self.lessonLines[Int(generator.next() % UInt64(Self.lessonLines.count))])
      for _ in 0..<(generator.next() % 3) where !line.isEmpty {  // 0, 1 or 2 mutations
        let at = Int(generator.next() % UInt64(line.count))
        switch generator.next() % 5 {
        case 0: line.remove(at: at)
        case 1: line.insert(noise[Int(generator.next() % UInt64(noise.count))], at: at)
        case 2: line[at] = noise[Int(generator.next() % UInt64(noise.count))]
        case 3: line.insert(contentsOf: line[at...].prefix(4), at: at)
        default:  // deep or long: a piece repeated hundreds to thousands of times
          let piece = Array(line[at...].prefix(1 + Int(generator.next() % 3)))
          line.insert(
            contentsOf: Array(repeating: piece, count: 100 + Int(generator.next() % 1_200))
              .joined(), at: at)
        }
      }
      let text = String(line)
      if text.contains("train") || text.contains(" n ") { continue }  // keep the run short
      let before = interpreter.session
      var events = 0
      let outcome = interpreter.run(line: text, number: number) { _ in events += 1 }
      switch outcome {
      case .success, .quit: successes += 1
      case .failure:
        failures += 1
        #expect(interpreter.session == before, "'\(text)' failed but changed the session")
        #expect(events >= 1, "'\(text)' failed without a diagnostic")
      }
    }
    #expect(successes > 200 && failures > 200, "\(successes) ran, \(failures) failed")
  }

  @Test("mutated CSV files: each loads or gives a diagnostic, and a failure changes nothing")
  func mutatedCSV() throws {
    let valid = Array(
      "width,height,\"kind, long\"\n1.0,2.0,cat\n1.5,1.8,\"d\"\"og\"\n\n3.0,0.5,dog\r\n")
    let noise = Array(",\"\n\r.-e0123456789x ")
    var generator = SeededGenerator(seed: 12)
    var interpreter = Transcript(SeedScripts.documentNetwork).interpreter
    var (successes, failures) = (0, 0)
    for number in 1...300 {
      var text = valid
      for _ in 0..<(1 + generator.next() % 4) where !text.isEmpty {
        let at = Int(generator.next() % UInt64(text.count))
        switch generator.next() % 4 {
        case 0: text.remove(at: at)
        case 1: text.insert(noise[Int(generator.next() % UInt64(noise.count))], at: at)
        case 2: text[at] = noise[Int(generator.next() % UInt64(noise.count))]
        default:
          text.insert(
            contentsOf: Array(
              repeating: Array(text[at...].prefix(6)), count: 1 + Int(generator.next() % 200)
            ).joined(), at: at)
        }
      }
      interpreter.files = MemoryFiles(["f.csv": String(text)])
      let before = interpreter.session
      var events = 0
      switch interpreter.run(line: "data load f.csv", number: number, emit: { _ in events += 1 }) {
      case .success, .quit: successes += 1
      case .failure:
        failures += 1
        #expect(interpreter.session == before, "'\(String(text))' failed but changed the session")
        #expect(events >= 1)
      }
    }
    #expect(successes > 50 && failures > 50, "\(successes) loaded, \(failures) failed")
  }
}
