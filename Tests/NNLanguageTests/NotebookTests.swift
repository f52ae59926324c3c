@testable import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

@Suite("Notebook cells")
struct NotebookTests {
  @Test("comment runs are prose, command runs are code; blank lines and #%% split cells")
  func cells() {
    let source = SourceFile(
      name: "l.nn",
      text: """
        # # Title
        #
        # Some *prose*.
        input 2
        layer dense 2 relu  # a trailing comment stays with its command

        summary
        #%%
        depth
        # More prose.
        """)
    #expect(
      Notebook(source).cells == [
        .prose("# Title\n\nSome *prose*.", language: "en"), .code([4, 5]), .code([7]), .code([9]),
        .prose("More prose.", language: "en"),
      ])
  }

  @Test("a [zh] tag makes a prose cell Chinese; each language sees its own prose and all the code")
  func languages() {
    let source = SourceFile(name: "l.nn", text: "# Depth counts layers.\n\n# [zh]\n# 深度是层数。\ndepth")
    let notebook = Notebook(source)
    #expect(
      notebook.cells(in: "en") == [.prose("Depth counts layers.", language: "en"), .code([5])])
    #expect(notebook.cells(in: "zh") == [.prose("深度是层数。", language: "zh"), .code([5])])
  }

  @Test("running a notebook keeps each cell's outputs, plots as SVG, and stops at an error")
  func run() {
    let source = SourceFile(
      name: "l.nn", text: "# # A plot\nplot relu\n\ninput 2\nlayer dense 9 sigmod\n\nsummary")
    let (document, failure) = Notebook(source).run(files: MemoryFiles())
    #expect(document.title == "A plot")
    #expect(failure?.id == "parser.unknownKeyword")
    #expect(document.cells.isEmpty, "a syntax error anywhere stops the export before running")
    let good = SourceFile(name: "l.nn", text: "# # A plot\nplot relu\n\ninput 2\ndepth")
    let (ran, none) = Notebook(good).run(files: MemoryFiles())
    #expect(none == nil)
    guard case .code(let text, let outputs) = ran.cells[1],
      case .svg(let svg, "relu and its derivative") = outputs.first
    else {
      Issue.record("the plot cell should hold an SVG")
      return
    }
    #expect(text == "plot relu")
    #expect(svg.contains("<svg"))
    guard case .code(_, let textOutputs) = ran.cells[2], case .text(let merged) = textOutputs.first
    else {
      Issue.record("the last cell should hold text")
      return
    }
    #expect(textOutputs.count == 1, "consecutive text outputs merge into one block")
    #expect(merged.hasPrefix("input: 2 features per sample\ndepth = 0"))
  }

  @Test("Markdown to HTML: headings, lists, code, emphasis, escaping")
  func markdown() {
    #expect(
      MarkdownToHTML.convert("# Title\n\nA *b* **c** `d<e`\n\n- one\n- two\n\n1. first")
        == "<h1>Title</h1>\n<p>A <em>b</em> <strong>c</strong> <code>d&lt;e</code></p>\n<ul><li>one</li><li>two</li></ul>\n<ol><li>first</li></ol>"
    )
  }
}
