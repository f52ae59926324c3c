import NNRender
import Testing

/// Text laid out for a width: wrapped at spaces, tables narrowed, help's two layouts, progress
/// bars that fit one line.
@Suite("Fitting a width")
struct FittingTests {
  /// The widest line of `text`.
  func widest(_ text: String) -> Int {
    text.split(separator: "\n").map { TextWidth.of(String($0)) }.max() ?? 0
  }

  @Test(
    "reflow joins hand-broken prose into paragraphs; entries, laid-out lines and what follows a ':' keep their lines"
  )
  func reflow() {
    let text = """
      The layer computes with W + A·B, where A is in×r
      and B is r×out.
      cosine   over 'train N', uses
               t ≤ w:  α·t/w       (warm-up)
               as nanoGPT trains.
      xor      true XOR on the
               unit square
      rnn: reads a sequence a step at a time,
        carrying a state.

      walks back:
        ∇W = aᵀ·δ
      """
    #expect(
      TextWrap.reflow(text) == """
        The layer computes with W + A·B, where A is in×r and B is r×out.
        cosine   over 'train N', uses
                 t ≤ w:  α·t/w       (warm-up)
                 as nanoGPT trains.
        xor      true XOR on the unit square
        rnn: reads a sequence a step at a time, carrying a state.

        walks back:
          ∇W = aᵀ·δ
        """)
  }

  @Test("wrapping breaks at spaces, lines a 'term   description' line up under its description")
  func wrapping() {
    #expect(TextWrap.lines("one two three four", width: 9) == ["one two", "three", "four"])
    #expect(
      TextWrap.wrap(line: "  loss   the training loss of every epoch", width: 24) == """
          loss   the training
                 loss of every
                 epoch
        """)
    #expect(TextWrap.wrap(line: "short", width: 80) == "short")
    #expect(
      TextWrap.wrap(line: "USAGE: train <epochs> [every <k>] [as <name>]", width: 30) == """
        USAGE: train <epochs> [every
               <k>] [as <name>]
        """)
    #expect(
      TextWrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"],
      "only a word wider than a line is cut")
    #expect(TextWidth.of("\u{1B}[1mbold\u{1B}[0m") == 4, "colour codes take no room")
  }

  @Test(
    "help's list: short terms beside their description, long ones on a line of their own, nothing padded"
  )
  func definitions() {
    let list = DefinitionList(
      title: "COMMANDS:",
      entries: [
        .init("seed <n>", "set the seed of every random choice (default 42)"),
        .init(
          "data <set> [n <count>] [noise <amount>] | data load <file.csv>", "load training data"),
      ])
    #expect(
      list.rendered(width: 60) == """
        COMMANDS:
          seed <n>   set the seed of every random choice (default
                     42)
          data <set> [n <count>] [noise <amount>] | data load
            <file.csv>
                     load training data
        """)
    for width in [40, 60, 80, 200] {
      let text = list.rendered(width: width)
      #expect(widest(text) <= width)
      #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }
  }

  @Test("prose wraps to fit where α ∇ ∂ take two columns; a table measures its real width")
  func ambiguousWidth() {
    #expect(TextWidth.of("∇W") == 2)
    #expect(TextWidth.room("∇W") == 3, "∇ is East Asian Ambiguous")
    #expect(TextWidth.room("δ₂ = ŷ − y") == TextWidth.of("δ₂ = ŷ − y") + 2, "δ and ₂ of these")
    #expect(TextWidth.room("━━") == 4 && TextWidth.room("中") == 2 && TextWidth.room("W") == 1)
    let line = "  backward   ∂J/∂W and ∂J/∂b of every layer, by the chain rule"
    let wrapped = TextWrap.wrap(line: line, width: 40)
    #expect(wrapped.split(separator: "\n").allSatisfy { TextWidth.room(String($0)) <= 40 })
    #expect(TextWrap.wrap(line: "α α α α", width: 7) == "α α\nα α", "measured as 2 each")
    #expect(TextWrap.wrap(line: "α α α α", width: 7, measure: TextWidth.of) == "α α α α")
  }

  @Test(
    "a table too wide narrows its gaps and wraps cells at spaces; too narrow even then, it lists each row"
  )
  func narrowTable() {
    let table = Table(
      header: ["Layer", "Equation", "Parameters"],
      rows: [["1 dense", "a1 = sigmoid(X·W1 + b1)", "2×4 + 4 = 12"]], footer: ["Total params: 12"],
      rightAligned: [2])
    #expect(widest(table.rendered()) == 48)
    #expect(
      table.rendered(width: 40) == """
        Layer     Equation            Parameters
        ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
        1 dense   a1 =              2×4 + 4 = 12
                  sigmoid(X·W1 +
                  b1)
        ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
        Total params: 12
        """)
    #expect(
      table.rendered(width: 30) == """
        ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
        Layer        1 dense
        Equation     a1 = sigmoid(X·W1
                     + b1)
        Parameters   2×4 + 4 = 12
        ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
        Total params: 12
        """)
    #expect(table.rendered(width: 200) == table.rendered(), "a table that fits is as it was")
  }

  @Test(
    "the progress bar fits one line whatever the width, shrinking the bar before cutting the text")
  func progressBar() {
    let progress = ProgressReport(step: 300, of: 1000, unit: "epoch", loss: 0.0123)
    #expect(
      TerminalRenderer.progressBar(progress, rate: 2450, width: 80)
        == "[██████░░░░░░░░░░░░░░] epoch 300/1000  loss 0.0123  2,450 epochs/s")
    #expect(
      TerminalRenderer.progressBar(progress, rate: 2450, width: 60)
        == "[███░░░░░░░░░░] epoch 300/1000  loss 0.0123  2,450 epochs/s")
    #expect(
      TerminalRenderer.progressBar(progress, rate: 2450, width: 30)
        == "[█░░░░] epoch 300/1000  loss")
    for width in 20...200 {
      #expect(TerminalRenderer.progressBar(progress, rate: 2450, width: width).count < width)
    }
  }

  @Test("a matrix wider than the terminal prints in blocks of columns")
  func wideMatrix() {
    let row = (0..<12).map { Double($0) / 10 }
    let text = TerminalRenderer(width: 40).render(.matrix(name: "W", rows: [row]))
    #expect(widest(text) <= 40)
    #expect(text.contains("columns 1–4 of 12") && text.contains("columns 9–12 of 12"))
    #expect(
      !TerminalRenderer().render(.matrix(name: "W", rows: [row])).contains("columns"),
      "no width, no blocks")
  }

  @Test("a large matrix's summary keeps fewer columns at each end in a narrow terminal")
  func narrowSummary() {
    let rows = (0..<2).map { r in (0..<16).map { Double(r * 16 + $0) / 100 - 0.2 } }
    for width in [40, 60, 80, 200] {
      let text = TerminalRenderer(width: width).render(.matrix(name: "W1", rows: rows))
      #expect(widest(text) <= width, "at \(width):\n\(text)")
      #expect(text.contains("…") && text.contains("columns left out"))
    }
  }

  @Test("a plot takes the width it is given", arguments: [40, 60, 80, 100, 200])
  func plotWidth(columns: Int) {
    var plot = Plot(
      title: "loss by epoch", xLabel: "epoch", yLabel: "loss", xRange: 0...1000, yRange: 0.01...1.5)
    plot.lines = [
      Plot.Series(name: "train loss", xs: [0, 500, 1000], ys: [1.5, 0.2, 0.01], color: 0),
      Plot.Series(name: "test loss", xs: [0, 500, 1000], ys: [1.5, 0.3, 0.1], color: 1),
    ]
    let text = TerminalPlot(style: .plain, columns: columns).render(plot)
    #expect(widest(text) <= columns)
    #expect(widest(text) >= min(columns, 122) - 2, "and uses it (up to 120 columns of drawing)")
  }
}
