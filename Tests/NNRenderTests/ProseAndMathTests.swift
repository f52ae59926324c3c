import NNRender
@testable import NNRender
import Testing

/// Lesson prose at a terminal (wrapped, styled, math as Unicode), math as MathML, and large
/// matrices summarised.
@Suite("Prose, math and summaries")
struct ProseAndMathTests {
  @Test("LaTeX as Unicode: fractions, scripts, Greek, ∇, ⊙, ᵀ, sums, hats")
  func unicodeMath() {
    #expect(MathText.unicode(#"\delta_2 = (\hat{y} - Y)/n"#) == "δ₂ = (ŷ − Y)/n")
    #expect(MathText.unicode(#"\nabla_{W_1} J = X^\top \delta_1"#) == "∇_(W₁)J = Xᵀδ₁")
    #expect(MathText.unicode(#"\frac{1}{n}\sum_i y_i^2"#) == "1/nΣᵢyᵢ²")
    #expect(
      MathText.unicode(#"\sigma'(z) = \sigma(z) \odot (1 - \sigma(z))"#)
        == "σ′(z) = σ(z) ⊙ (1 − σ(z))")
    #expect(MathText.unicode(#"\theta := \theta - \alpha \nabla J"#) == "θ := θ − α∇J")
    #expect(MathText.unicode(#"W^{T}"#) == "Wᵀ")
    #expect(MathText.unicode(#"e^{-z}"#) == "e⁻ᶻ" || MathText.unicode(#"e^{-z}"#) == "e^(−z)")
    #expect(MathText.unicode(#"\frac{a + b}{2}"#) == "(a + b)/2")
    #expect(
      MathText.unicode(#"\unknown x"#) == #"\unknownx"#
        || MathText.unicode(#"\unknown x"#).contains("unknown"), "nothing disappears")
  }

  @Test("LaTeX as MathML, with the LaTeX kept as alttext")
  func mathML() {
    #expect(
      MathText.mathML(#"\frac{1}{n}"#)
        == #"<math alttext="\frac{1}{n}"><mfrac><mn>1</mn><mi>n</mi></mfrac></math>"#)
    #expect(
      MathText.mathML("x_i^2")
        == #"<math alttext="x_i^2"><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup></math>"#)
    #expect(
      MathText.mathML(#"\hat{y} < 1"#)
        == #"<math alttext="\hat{y} &lt; 1"><mrow><mover accent="true"><mi>y</mi><mo>ˆ</mo></mover><mo>&lt;</mo><mn>1</mn></mrow></math>"#
    )
  }

  @Test("prose wraps to the width, keeps `code` and formulas whole, and indents list items")
  func wrapping() {
    let text =
      "A dense layer computes `z = a·W + b` and then $a = \\sigma(z)$, one unit at a time.\n\n- a list item long enough to need a second line here"
    let shown = TerminalProse.render(text, style: .plain, width: 30)
    #expect(
      shown == """
        A dense layer computes
        `z = a·W + b` and then
        a = σ(z), one unit at a time.

        - a list item long enough to
          need a second line here
        """)
    for line in shown.split(separator: "\n") { #expect(TextWidth.of(String(line)) <= 30) }
  }

  @Test("Chinese prose wraps by display columns: each character takes two")
  func chineseWrapping() {
    let shown = TerminalProse.render("深度数的是有权重的层 输入层只存放数据 不做计算", style: .plain, width: 20)
    #expect(shown == "深度数的是有权重的层\n输入层只存放数据 不\n做计算")
    let long = TerminalProse.render("深度数的是有权重的层输入层只存放数据", style: .plain, width: 10)
    #expect(
      long.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 10 },
      "a word wider than the line breaks")
  }

  @Test("with colour: headings bold, `code` cyan, bullets as •, and no markup left")
  func styled() {
    let shown = TerminalProse.render("## Title\n\n- use `forward` **now**", style: .ansi, width: 80)
    #expect(
      shown == "\u{1B}[1mTitle\u{1B}[0m\n\n• use \u{1B}[36mforward\u{1B}[0m \u{1B}[1mnow\u{1B}[0m")
    let spans = TerminalProse.render("a *b c* and **d e** f", style: .ansi, width: 80)
    #expect(
      spans
        == "a \u{1B}[3mb\u{1B}[0m \u{1B}[3mc\u{1B}[0m and \u{1B}[1md\u{1B}[0m \u{1B}[1me\u{1B}[0m f",
      "words in a span keep their spaces")
  }

  @Test(
    "a matrix of more than 12 rows shows its corners and what is left out; 'all' shows it whole")
  func summary() {
    let rows = (0..<200).map { [Double($0), -Double($0)] }
    let shown = TerminalRenderer().render(.matrix(name: "yhat", rows: rows))
    let lines = shown.split(separator: "\n").map(String.init)
    #expect(lines.count == 1 + 8 + 1 + 1)
    #expect(lines[0] == "yhat  200×2")
    #expect(lines[5] == "  … 192 more rows")
    #expect(lines[9].contains("199") && lines[9].contains("-199"))
    #expect(lines[10] == "  (192 rows left out; 'show yhat all' shows every entry)")
    let whole = TerminalRenderer().render(.matrix(name: "yhat", rows: rows, whole: true))
    #expect(whole.split(separator: "\n").count == 201)
    let wide = TerminalRenderer().render(.matrix(name: "W", rows: [Array(0..<20).map(Double.init)]))
    #expect(
      wide.split(separator: "\n")[1]
        == "  [  0.0000   1.0000   2.0000   3.0000        …  16.0000  17.0000  18.0000  19.0000 ]")
    #expect(wide.contains("(12 columns left out; 'show W all' shows every entry)"))
    let small = TerminalRenderer().render(.matrix(name: "b", rows: [[1, 2]]))
    #expect(!small.contains("left out"))
  }

  @Test("HTML prose typesets $…$ as MathML, and keeps everything else escaped")
  func htmlMath() {
    #expect(
      MarkdownToHTML.convert("So $\\delta_2$ < 1.")
        == "<p>So <math alttext=\"\\delta_2\"><msub><mi>δ</mi><mn>2</mn></msub></math> &lt; 1.</p>")
    #expect(
      MarkdownToHTML.convert("It costs $5 and $6.") == "<p>It costs $5 and $6.</p>",
      "a dollar before a space is not math")
  }
}

extension ProseAndMathTests {
  @Test(
    "Chinese lines of one paragraph join without a space, and break between characters, never before '，'"
  )
  func chineseJoining() {
    let shown = TerminalProse.render("一个有 3 个单元的输出层。\n输入层只存放数据，不做计算。", style: .plain, width: 16)
    #expect(shown == "一个有 3 个单元\n的输出层。输入层\n只存放数据，不做\n计算。", "16 columns: 8 characters")
    #expect(shown.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 16 })
    let brackets = TerminalProse.render("推导了一个网络的梯度（第四节）。", style: .plain, width: 20)
    #expect(brackets == "推导了一个网络的梯度\n（第四节）。", "（ stays with what it opens")
    let comma = TerminalProse.render("一二三四五六七八九，十", style: .plain, width: 18)
    #expect(comma == "一二三四五六七八\n九，十", "，never starts a line: 九 goes with it")
  }
}
