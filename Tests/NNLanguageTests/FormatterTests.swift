@testable import NNLanguage
import Testing

@Suite("Diagnostic formatting")
struct FormatterTests {
  let error = Diagnostic(
    .error, .syntax, id: "parser.unknownKeyword", "unknown activation 'sigmod'",
    at: SourceRange(line: 2, column: 15, length: 6), notes: [.init("did you mean 'sigmoid'?")])

  @Test("a file: location, the line, a caret, the note")
  func fileForm() {
    let source = SourceFile(name: "lesson.nn", text: "input 2\nlayer dense 4 sigmod\n")
    #expect(
      DiagnosticFormatter().format(error, in: source) == """
        lesson.nn:2:15: error: unknown activation 'sigmod'
          2 | layer dense 4 sigmod
            |               ^~~~~~
        note: did you mean 'sigmoid'?
        """)
  }

  @Test("the prompt: a caret under the typed text, shifted by the prompt")
  func interactiveForm() {
    let caretColumn = String(repeating: " ", count: 4 + 14)
    #expect(
      DiagnosticFormatter().formatInteractive(error, line: "layer dense 4 sigmod", promptWidth: 4)
        == """
        \(caretColumn)^~~~~~ error: unknown activation 'sigmod'
        note: did you mean 'sigmoid'?
        """)
  }

  @Test("the caret lines up after Chinese text, which is two cells wide")
  func wideCharacters() {
    let diagnostic = Diagnostic(
      .error, .syntax, id: "x", "unexpected 'x'", at: SourceRange(line: 1, column: 8, length: 1))
    let text = DiagnosticFormatter().format(
      diagnostic, in: SourceFile(name: "f.nn", text: "let 权重 x"))
    // "let 权重 " is 7 characters but 9 cells wide.
    #expect(
      text.split(separator: "\n").last.map(String.init) == "    | "
        + String(repeating: " ", count: 9) + "^")
  }

  @Test("ANSI colour only when asked")
  func colour() {
    let source = SourceFile(name: "f.nn", text: "input 2\nlayer dense 4 sigmod")
    #expect(!DiagnosticFormatter(style: .plain).format(error, in: source).contains("\u{1B}["))
    #expect(
      DiagnosticFormatter(style: .ansi).format(error, in: source).contains("\u{1B}[1;31merror:"))
  }
}
