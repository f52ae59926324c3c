import NNRender
import Testing

@Suite("Rendering")
struct RenderTests {
  @Test("a matrix: name, shape, aligned columns, 4 decimals")
  func matrix() {
    let text = TerminalRenderer().render(
      .matrix(name: "W1", rows: [[0.42073549, -0.3784], [1, -0.0000001]]))
    #expect(
      text == """
        W1  2×2
          [  4.207e-01  -3.784e-01 ]
          [  1.000e+00  -1.000e-07 ]
        """)
    #expect(
      TerminalRenderer().render(.matrix(name: "b1", rows: [[0.5, -0.25, 0]])) == """
        b1  1×3
          [  0.5000  -0.2500   0.0000 ]
        """)
  }

  @Test("scalars to 6 significant digits; NaN and infinity spelled out; no negative zero")
  func numbers() {
    #expect(NumberFormat.scalar(1.0946327523248316) == "1.09463")
    #expect(NumberFormat.scalar(0.000012345678) == "1.23457e-05")
    #expect(NumberFormat.scalar(.nan) == "nan")
    #expect(NumberFormat.scalar(-.infinity) == "-inf")
    #expect(NumberFormat.entries(of: [-0.0, 1])(-0.0) == "0.0000")
    #expect(NumberFormat.grouped(1_234_567) == "1,234,567")
    #expect(NumberFormat.grouped(27) == "27")
  }

  @Test("a table: padded columns, right-aligned numbers, Keras-style rules, footer")
  func table() {
    let table = Table(
      header: ["Layer", "Params"], rows: [["input", "0"], ["1 dense", "12"]],
      footer: ["Total params: 12"],
      rightAligned: [1])
    #expect(
      table.rendered() == """
        Layer     Params
        ━━━━━━━━━━━━━━━━
        input          0
        1 dense       12
        ━━━━━━━━━━━━━━━━
        Total params: 12
        """)
  }

  @Test("wide characters take two cells")
  func widths() {
    #expect(TextWidth.of("abc") == 3)
    #expect(TextWidth.of("权重") == 4)
    #expect(TextWidth.pad("权", to: 4) == "权  ")
  }

  @Test("JSON: full-precision numbers, escaped strings, NaN as a string")
  func json() {
    let value = JSONValue.object([
      ("x", .number(0.1)), ("loss", .number(1.0946327523248316)), ("bad", .number(.nan)),
      ("text", .string("a \"q\"\n\u{1}权")), ("n", .integer(3)), ("ok", .bool(true)),
      ("none", .null),
    ])
    #expect(
      value.text
        == #"{"x":0.1,"loss":1.0946327523248316,"bad":"NaN","text":"a \"q\"\n\u0001权","n":3,"ok":true,"none":null}"#
    )
    #expect(
      Output.matrix(name: "b", rows: [[1e-300, -2.5]]).json.text
        == #"{"name":"b","shape":[1,2],"value":[[1e-300,-2.5]]}"#)
  }

  @Test("ANSI styling only in the ANSI style")
  func styles() {
    #expect(TextStyle.plain.bold("x") == "x")
    #expect(TextStyle.ansi.colored("x", .red, bold: true) == "\u{1B}[1;31mx\u{1B}[0m")
  }
}

@Suite("Wide characters")
struct WideCharacterTests {
  @Test("a table with Chinese cells lines up by display width, not by character count")
  func chineseTable() {
    let table = Table(
      header: ["层", "参数"], rows: [["隐藏层", "12"], ["output", "15"]], rightAligned: [1])
    let lines = table.rendered().split(separator: "\n").map(String.init)
    #expect(lines[0] == "层       参数")
    #expect(lines[2] == "隐藏层     12")
    #expect(lines[3] == "output     15")
    #expect(Set(lines.map(TextWidth.of)).count <= 2, "every row is as wide as the rule")
  }
}
