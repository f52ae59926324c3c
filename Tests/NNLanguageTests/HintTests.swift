import NNEngine
import NNLanguage
import NNRender
import NNTestSupport
import Testing

/// Mistakes a student makes in the first ten minutes get the hint they need, and a missing
/// choice with a usual answer is made for them, saying so.
@Suite("Hints")
struct HintTests {
  @Test(
    "'plot bondary' suggests 'boundary', 'plot lss' suggests 'loss'",
    arguments: [("bondary", "boundary"), ("lss", "loss"), ("sigmod", "sigmoid")])
  func plotKind(_ typed: String, _ meant: String) throws {
    let error = try #require(Transcript("data xor\nlayer dense 2 softmax\nplot \(typed)").error)
    #expect(error.id == "runtime.unknownPlot")
    #expect(error.message == "nothing to plot is called '\(typed)'")
    #expect(error.notes.first?.message == "did you mean '\(meant)'?")
    #expect(error.range == SourceRange(line: 3, column: 6, length: typed.count))
  }

  @Test("a name far from every kind of plot is still an unknown matrix")
  func unknownMatrix() throws {
    #expect(
      Transcript("data xor\nlayer dense 2 softmax\nplot Wq").error?.id == "runtime.unknownTensor")
  }

  @Test(
    "'lr 0,1' says to use a decimal point, pointing at all of '0,1'",
    arguments: [("lr 0,1", "0.1", 3), ("lr 0,25", "0.25", 4)])
  func decimalComma(_ line: String, _ meant: String, _ length: Int) throws {
    let error = try #require(Transcript(line).error)
    #expect(error.id == "parser.decimalComma")
    #expect(
      error.message == "use a decimal point: '\(meant)', not '\(meant.replacing(".", with: ","))'")
    #expect(error.range == SourceRange(line: 1, column: 4, length: length))
    #expect(
      Transcript("lr 1, 2").error?.id != "parser.decimalComma",
      "a comma and a space is not a decimal comma")
  }

  @Test(
    "with no loss chosen, training uses cross-entropy after softmax or sigmoid and MSE after linear, saying so once",
    arguments: [("softmax", Loss.crossentropy), ("sigmoid", .crossentropy), ("linear", .mse)])
  func impliedLoss(_ output: String, _ expected: Loss) throws {
    let data = output == "linear" ? "data X = [[0], [1]] y = [[0.5], [0.1]]" : "data xor"
    let units = output == "softmax" ? 2 : 1
    let transcript = Transcript(
      "\(data)\nlayer dense 3 tanh\nlayer dense \(units) \(output)\ntrain 5\ntrain 5\nstep")
    #expect(transcript.error == nil)
    #expect(transcript.interpreter.session.loss == expected)
    let notes = transcript.outputs.filter {
      if case .message(let text) = $0 { text.hasPrefix("note: no loss was chosen") } else { false }
    }
    #expect(
      notes == [
        .message(
          "note: no loss was chosen, so this uses '\(expected.rawValue)', the usual loss after a \(output) output; 'loss \(expected == .mse ? "crossentropy" : "mse")' chooses the other"
        )
      ])
    let chosen = Transcript(
      "\(data)\nlayer dense 3 tanh\nlayer dense \(units) \(output)\nloss mse\ntrain 5")
    #expect(!chosen.text.contains("note: no loss"), "a chosen loss is kept, without a note")
    #expect(chosen.interpreter.session.loss == .mse)
  }
}
