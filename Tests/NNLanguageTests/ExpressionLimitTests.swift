import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// Deep and long expressions are refused with a located message instead of overflowing the
/// stack, and what `let` keeps stays linear however it is repeated.
@Suite("Expressions: depth, length and cost")
struct ExpressionLimitTests {
  func error(_ line: String) -> Diagnostic? {
    Transcript(line).error
  }

  @Test(
    "brackets, calls and minus signs nest at most 100 deep, and the refusal points at the 101st")
  func nesting() throws {
    let deep = 5_000
    for (open, close, column) in [("(", ")", 109), ("sigmoid(", ")", 816), ("-", "", 109)] {
      let line =
        "let x = " + String(repeating: open, count: deep) + "1"
        + String(repeating: close, count: deep)
      let error = try #require(self.error(line))
      #expect(error.id == "parser.nestingTooDeep")
      #expect(error.range?.column == column)
    }
    let fits =
      "let x = " + String(repeating: "(", count: 100) + "2" + String(repeating: ")", count: 100)
    #expect(Transcript(fits).lastValue("x") == 2)
  }

  @Test(
    "a sum of 50,000 terms is refused at the 1,000th operator, with a syntax error elsewhere too")
  func longChain() throws {
    let line = "let x = " + Array(repeating: "1", count: 50_000).joined(separator: "+")
    let error = try #require(self.error(line))
    #expect(error.id == "parser.expressionTooDeep")
    #expect(error.message == "this expression nests more than 1,000 operations deep")
    #expect(error.range?.column == 8 + 2 * 1_000)
    let fits = "let x = " + Array(repeating: "1", count: 1_000).joined(separator: "+")
    #expect(Transcript(fits).lastValue("x") == 1_000)
    let script = Script(SourceFile(name: "long.nn", text: line + "\nlayer dense 4 sigmod"))
    #expect(script.errors.map(\.id) == ["parser.expressionTooDeep", "parser.unknownKeyword"])
  }

  @Test("'let a = a + a' repeated keeps the value and drops the formula once it would be too long")
  func doubling() throws {
    let script =
      "let x = 2\nlet a = x\n"
      + Array(repeating: "let a = a + a", count: 40).joined(separator: "\n")
    let transcript = Transcript(script)
    #expect(transcript.outcome == .success)
    #expect(transcript.lastValue("a") == Double(1 << 41))
    #expect(transcript.diagnostics.map(\.id) == ["warning.formulaTooLong"])
    #expect(transcript.interpreter.session.definitions["a"] == nil)
    let kept = Transcript("let x = 2\nlet a = x\nlet a = a + a\nlet a = a + a\ngrad a wrt x")
    #expect(kept.interpreter.session.definitions["a"] != nil)
    #expect(kept.text.contains("∂a/∂x = 4"))
  }

  @Test("a chain of definitions is followed by 'grad' once per name, not once per path")
  func sharedDefinitions() throws {
    var lines = ["let x = 3", "let q0 = x"]
    for i in 1...60 { lines.append("let q\(i) = q\(i - 1) + q\(i - 1)") }
    lines.append("grad q60 wrt x")
    let transcript = Transcript(lines.joined(separator: "\n"))
    #expect(transcript.outcome == .success)
    #expect(transcript.text.contains("∂q60/∂x = 1.15292e+18"))
  }

  @Test("10,000 lines of 'let a = a + 1' count to 10,001")
  func longHistory() {
    let script =
      "let a = 1\n" + Array(repeating: "let a = a + 1", count: 10_000).joined(separator: "\n")
    #expect(Transcript(script).lastValue("a") == 10_001)
  }

  @Test(
    "Ctrl-C stops a printed expression, an 'expect' and a 'grad' between their steps too",
    arguments: [
      "1+1+1+1+1+1+1+1+1+1+1+1+1+1", "expect 1+1+1+1+1+1+1+1+1+1+1+1+1+1 > 0",
      "grad x+x+x+x+x+x+x+x+x+x+x+x+x wrt x",
    ])
  func cancellationElsewhere(_ line: String) {
    var interpreter = Transcript("let x = 5").interpreter
    var checks = 0
    let outcome = interpreter.run(
      line: line, number: 2,
      isCancelled: {
        checks += 1
        return checks > 5
      }
    ) { _ in }
    guard case .failure(let error) = outcome else {
      Issue.record("'\(line)' should have been interrupted")
      return
    }
    #expect(error.id == "runtime.interrupted")
  }

  @Test("Ctrl-C stops an expression between its steps and leaves the name as it was")
  func cancellation() {
    var interpreter = Transcript("let a = 5").interpreter
    var checks = 0
    let line = "let a = " + Array(repeating: "1", count: 900).joined(separator: "+")
    let outcome = interpreter.run(
      line: line, number: 2,
      isCancelled: {
        checks += 1
        return checks > 10
      }
    ) { _ in }
    guard case .failure(let error) = outcome else {
      Issue.record("the line should have been interrupted")
      return
    }
    #expect(error.id == "runtime.interrupted")
    #expect(checks == 11)
    #expect(interpreter.session.variables["a"] == Matrix(row: [5]))
  }

  @Test("the tape's steps together keep to the memory limit")
  func tapeMemory() throws {
    var session = Session()
    session.maxNumbers = 1_000
    session.variables["m"] = Matrix(rows: 10, columns: 30)
    let error = try #require(throws: Diagnostic.self) {
      var parser = Parser(text: "m + m + m + m", line: 1)
      _ = try session.evaluate(try parser.parseExpression())
    }
    #expect(error.id == "runtime.tapeTooLarge")
    #expect(
      error.message == "the steps of this expression would hold 1,200 numbers (9.6 kB) in all")
  }
}
