import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// A line is lexed once: parsing it gives its command and the range a runtime error of the line
/// points at, and a script, the interpreter and a notebook all run from that.
@Suite("Script lines: parsed once")
struct ScriptLineTests {
  @Test("a line's range runs from its first token to its last, without the comment")
  func range() throws {
    let line = try #require(try Script.Line(parsing: "  train 5 every 1  # go", number: 3))
    #expect(line.range == SourceRange(line: 3, column: 3, length: 15))
    #expect(line.command == Command(Train(epochs: 5, every: 1)))
    #expect(try Script.Line(parsing: "   # only a comment", number: 1) == nil)
    #expect(try Script.Line(parsing: "", number: 1) == nil)
  }

  @Test("a runtime error without a place of its own points at the line's command")
  func runtimeErrorRange() {
    var interpreter = Interpreter()
    let outcome = interpreter.run(line: " accuracy   # no network yet", number: 4) { _ in }
    guard case .failure(let error) = outcome else {
      Issue.record("accuracy without a network should fail")
      return
    }
    #expect(error.range == SourceRange(line: 4, column: 2, length: 8))
  }

  @Test("a notebook runs as its script does: it ends with the cell that failed, and stops at quit")
  func notebookRunsLikeAScript() {
    let failing = SourceFile(
      name: "l.nn", text: "# # Title\ninput 2\n\ngrad W1\ndepth\n\n# After.\n\ndepth")
    let (document, failure) = Notebook(failing).run(files: MemoryFiles())
    #expect(failure?.id == "runtime.noLayers")
    #expect(document.cells.count == 3, "the title, the first cell and the cell that failed")
    guard case .code(let text, let outputs)? = document.cells.last,
      case .text(let shown)? = outputs.first
    else {
      Issue.record("the failed cell is last, with its diagnostic")
      return
    }
    #expect(text == "grad W1\ndepth")
    #expect(shown.hasPrefix("l.nn:4:6: error: the network has no layers yet"))

    let quitting = SourceFile(name: "l.nn", text: "input 2\n\nquit\n\ndepth")
    let (stopped, none) = Notebook(quitting).run(files: MemoryFiles())
    #expect(none == nil)
    #expect(
      stopped.cells == [
        .code("input 2", outputs: [.text("input: 2 features per sample")]),
        .code("quit", outputs: []),
        .code("depth", outputs: []),
      ])
  }
}
