@testable import NNLanguage
import NNTestSupport
import Testing

/// Each bad line gives an error with a stable id, pointing (1️⃣) at the offending token.
@Suite("Parser: diagnostics")
struct DiagnosticTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var marked: String
    var id: String
    var message: String
    var note: String? = nil
    var testDescription: String { marked }
  }

  static let cases: [Case] = [
    Case(
      marked: "1️⃣layr dense 4 sigmoid", id: "parser.unknownCommand",
      message: "unknown command 'layr'", note: "did you mean 'layer'?"),
    Case(
      marked: "layer dense 4 1️⃣sigmod", id: "parser.unknownKeyword",
      message: "unknown activation 'sigmod'", note: "did you mean 'sigmoid'?"),
    Case(
      marked: "layer 1️⃣dens 4 relu", id: "parser.unknownKeyword",
      message: "unknown layer kind 'dens'", note: "did you mean 'dense'?"),
    Case(
      marked: "layer dense 1️⃣four relu", id: "parser.expectedInteger",
      message: "expected the number of units after 'dense', found 'four'"),
    Case(
      marked: "layer dense 1️⃣4.5 relu", id: "parser.expectedWholeNumber",
      message: "expected the number of units after 'dense' as a whole number, found '4.5'"),
    Case(
      marked: "layer dense 4 1️⃣", id: "parser.expectedKeyword",
      message:
        "expected activation ('sigmoid', 'relu', 'tanh', 'softmax', 'linear', 'gelu'), found the end of the line"
    ),
    Case(
      marked: "layer dense 1️⃣0 relu", id: "parser.integerOutOfRange",
      message: "the number of units after 'dense' must be between 1 and 100000, found 0"),
    Case(
      marked: "train 1️⃣99999999999", id: "parser.integerOutOfRange",
      message: "the number of epochs must be between 1 and 10000000, found 99999999999"),
    Case(
      marked: "loss 1️⃣crossentropi", id: "parser.unknownKeyword",
      message: "unknown loss 'crossentropi'", note: "did you mean 'crossentropy'?"),
    Case(
      marked: "data 1️⃣xro", id: "parser.unknownKeyword", message: "unknown data set 'xro'",
      note: "did you mean 'xor'?"),
    Case(
      marked: "summary 1️⃣now", id: "parser.unexpectedToken",
      message: "unexpected 'now' after 'summary'"),
    Case(
      marked: "lr 1️⃣fast", id: "parser.expectedNumber",
      message: "expected a learning rate, found 'fast'"),
    Case(
      marked: "lr 1️⃣-0.1", id: "parser.learningRate",
      message: "the learning rate must be a positive number",
      note: "typical values are between 0.001 and 1"),
    Case(marked: "lr 1️⃣$", id: "parser.invalidCharacter", message: "unexpected character '$'"),
    Case(
      marked: "data X = [[0, 0], 1️⃣[1]] y = [0, 1]", id: "parser.raggedMatrix",
      message: "row 2 has 1 entry but row 1 has 2",
      note: "every row of a matrix needs the same number of entries"),
    Case(
      marked: "data X = [[0], [1]] y = 1️⃣[0, 1, 1]", id: "parser.labelCount",
      message: "X has 2 samples but y has 3 labels",
      note: "give one label (or one target row) per row of X"),
    Case(
      marked: "forward [1, 1️⃣x]", id: "parser.expectedEntry",
      message: "expected a number or ']' in the list, found 'x'"),
    Case(
      marked: "train 10 1️⃣evry 2", id: "parser.expectedWord",
      message: "expected 'every' after the number of epochs, found 'evry'",
      note: "did you mean 'every'?"),
    Case(
      marked: "expect loss 1️⃣= 0.5", id: "parser.expectedComparison",
      message: "expected a comparison (< <= > >= == !=), found '='"),
    Case(
      marked: "1️⃣)", id: "parser.expectedExpression", message: "expected an expression, found ')'"),
    Case(
      marked: "X @ 1️⃣", id: "parser.expectedExpression",
      message: "expected an expression, found the end of the line"),
    Case(
      marked: "W1 ** 1️⃣x", id: "parser.powerNotNumber",
      message: "expected a number after '**', found 'x'",
      note: "'**' raises every entry to a fixed power, such as 'x ** 2'"),
    Case(
      marked: "sigmoid(X 1️⃣", id: "parser.expectedSymbol",
      message: "expected ')' after the argument of 'sigmoid', found the end of the line"),
    Case(
      marked: "W1.1️⃣t", id: "parser.expectedTranspose", message: "expected 'T' after '.', found 't'",
      note: "'.T' transposes a matrix, as in 'W1.T'"),
    Case(
      marked: "grad J 1️⃣with x", id: "parser.expectedWord",
      message: "expected 'wrt' after the expression, found 'with'"),
  ]

  @Test("bad lines", arguments: cases)
  func diagnostic(_ testCase: Case) throws {
    let source = MarkedSource(testCase.marked)
    let error = try #require(throws: Diagnostic.self) {
      try CommandCatalog.parse(line: source.text, number: 1)
    }
    #expect(error.id == testCase.id)
    #expect(error.message == testCase.message)
    #expect(error.category == .syntax)
    #expect(error.range?.column == source.columns["1️⃣"])
    #expect(
      error.notes.first?.message == testCase.note, "a case without a note checks that there is none"
    )
  }
}

/// The syntax errors of the training, plotting and fine-tuning commands: each points (1️⃣) at the
/// offending token with its own id.
@Suite("Parser: diagnostics of the later commands")
struct LaterCommandDiagnosticTests {
  @Test(
    "bad arguments",
    arguments: [
      ("optimizer momentum 1️⃣1.5", "parser.momentum"),
      ("optimizer 1️⃣rmsprop", "parser.unknownKeyword"),
      ("l2 1️⃣-1", "parser.l2"),
      ("split 1️⃣1.5", "parser.splitFraction"),
      ("batch 1️⃣half", "parser.expectedInteger"),
      ("data spiral noise 1️⃣20", "parser.noise"),
      ("data document n 1️⃣5", "parser.fixedData"),
      ("adapt 1 lora 2 alpha 1️⃣0", "parser.loraAlpha"),
      ("adapt 1 1️⃣lorra 2", "parser.expectedWord"),
      ("plot sigmoid from 3 to 1️⃣1", "parser.plotRange"),
      ("freeze all 1️⃣2", "parser.expectedWord"),
      ("params transformer layers 2 1️⃣dimm 3", "parser.unknownOption"),
      ("params llama-7b lora 8 on 1️⃣qq", "parser.unknownKeyword"),
      ("compare 1️⃣2-x-3", "parser.architecture"),
      ("explain 1️⃣sideways", "parser.expectedWord"),
    ])
  func diagnostic(_ marked: String, _ id: String) throws {
    let source = MarkedSource(marked)
    let error = try #require(throws: Diagnostic.self) {
      try CommandCatalog.parse(line: source.text, number: 1)
    }
    #expect(error.id == id)
    #expect(error.range?.column == source.columns["1️⃣"])
  }

  @Test("unfreeze undoes freeze")
  func unfreeze() {
    let transcript = Transcript(
      "input 2\nlayer dense 2 relu\nlayer dense 1 sigmoid\nfreeze all but 2\nunfreeze all")
    #expect(transcript.outcome == .success)
    #expect(transcript.interpreter.session.network?.layers.allSatisfy { !$0.isFrozen } == true)
    #expect(transcript.text.hasSuffix("frozen: none; trainable parameters: 9 of 9"))
  }
}
