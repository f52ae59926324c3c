import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// `show attention` and `plot attention`: a block's weights on what `generate` read last.
@Suite("Looking at attention")
struct AttentionViewTests {
  @Test("show attention: per head, the prompt's tokens, rows summing to 1, later positions hidden")
  func showAttention() throws {
    let transcript = GenerateTests.generated("generate 1 from \"the c\"\nshow attention 1 head 2")
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let session = transcript.interpreter.session
    let view = AttentionView(block: 1, blockRange: SourceRange(line: 1, column: 1), head: 2)
    let weights = try view.weights(in: session, at: SourceRange(line: 1, column: 1))
    #expect(weights.layer == 3 && weights.tokens == ["t", "h", "e", "␠", "c"])
    for head in weights.heads {
      #expect(head.rows == 5 && head.columns == 5)
      for i in 0..<5 {
        #expect(abs((0..<5).reduce(0) { $0 + head[i, $1] } - 1) < 1e-12)
        for j in (i + 1)..<5 where j < 5 { #expect(head[i, j] == 0) }
      }
    }
    guard case .table(let table)? = transcript.outputs.last else {
      Issue.record("no table"); return
    }
    #expect(table.header == ["", "t", "h", "e", "␠", "c"])
    #expect(table.rows[0] == ["t", "1.00", "·", "·", "·", "·"])
    #expect(table.rows[4][1] == AttentionView.weight(weights.heads[1][4, 0]))
  }

  @Test("Chinese tokens label the table as themselves, two cells wide")
  func chinese() {
    let (script, files) = GenerateTests.model(
      GenerateTests.poem, context: 6, extra: "generate 1 from \"举头望\"\nshow attention 1 head 1")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    #expect(transcript.text.contains("     举     头     望"), "\(transcript.text)")
  }

  @Test("plot attention: one head as a heat map, white 0 to red 1, also as SVG")
  func plotAttention() throws {
    let (script, files) = GenerateTests.model(
      extra: "generate 1 from \"the c\"\nplot attention 1 head 2 to att.svg")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let plot = try #require(transcript.plots.first)
    #expect(plot.title == "block 1 head 2 on 'the␠c'")
    #expect(plot.xLabel == "looked at: t h e ␠ c")
    #expect(plot.grid?.rows == 5 && plot.grid?.coloring == .diverging(low: 0, high: 1))
    #expect(files["att.svg"]?.contains("white = 0, red = 1") == true)
  }

  @Test("a whole window of 32: its SVG's labels lie apart and inside the image")
  func wholeWindow() throws {
    let (script, files) = GenerateTests.model(
      String(repeating: GenerateTests.text, count: 2), context: 32,
      extra: "generate 40\nplot attention 1 head 2")
    let transcript = Transcript(script, files: files)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let plot = try #require(transcript.plots.first)
    #expect(
      plot.grid?.rows == 32 && plot.xLabel == "looked at"
        && plot.title == "block 1 head 2 on 32 positions")
    let layout = SVGPlot.layout(of: plot)
    for (i, a) in layout.labels.enumerated() {
      for b in layout.labels[(i + 1)...] {
        #expect(!a.overlaps(b), "'\(a.text)' overlaps '\(b.text)'")
      }
      #expect(
        a.box.x0 >= 0 && a.box.x1 <= 640 && a.box.y0 >= 0 && a.box.y1 <= layout.height,
        "'\(a.text)' lies outside")
    }
  }

  @Test(
    "attention's mistakes",
    arguments: [
      ("show attention 1", "runtime.noForward"),
      ("generate 1\nshow attention 2", "runtime.noSuchBlock"),
      ("generate 1\nshow attention 1 head 3", "runtime.noSuchHead"),
      ("generate 1\nplot attention 1 head 3", "runtime.noSuchHead"),
    ])
  func attentionMistakes(_ lines: String, _ id: String) {
    let transcript = GenerateTests.generated(lines)
    #expect(transcript.error?.id == id)
    #expect(
      Transcript("input 3\nlayer dense 2 tanh\nforward [1, 2, 3]\nshow attention 1").error?.id
        == "runtime.noAttention")
  }
}
