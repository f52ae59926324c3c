import NNRender
import Testing

/// Tables as the terminal shows them (`summary`, `evaluate`, `gradcheck`): every layout rule on a
/// table small enough to write out whole. Its natural width is 7 + 6 + 6 columns and two gaps of
/// 3: 25.
@Suite("Tables")
struct TableTests {
  static let layers = Table(
    header: ["Layer", "Output", "Params"],
    rows: [["1 dense", "(n, 4)", "12"], ["2 dense", "(n, 1)", "5"]],
    footer: ["Total params: 17"], rightAligned: [2], separatesRows: true)

  @Test(
    "rows apart: a thin rule between body rows, thick ones around the body, numbers to the right")
  func separatedRows() {
    #expect(
      Self.layers.rendered() == """
        Layer     Output   Params
        ━━━━━━━━━━━━━━━━━━━━━━━━━
        1 dense   (n, 4)       12
        ─────────────────────────
        2 dense   (n, 1)        5
        ━━━━━━━━━━━━━━━━━━━━━━━━━
        Total params: 17
        """)
  }

  @Test("a width the table fits changes nothing")
  func wideEnough() {
    #expect(Self.layers.rendered(width: 25) == Self.layers.rendered())
    #expect(Self.layers.rendered(width: 200) == Self.layers.rendered())
  }

  @Test(
    "a column short of room wraps at a space, keeping 3-space gaps while the wrapped cells fit with them"
  )
  func wrapsWithWideGaps() {
    #expect(
      Self.layers.rendered(width: 24) == """
        Layer    Output   Params
        ━━━━━━━━━━━━━━━━━━━━━━━━
        1        (n, 4)       12
        dense
        ────────────────────────
        2        (n, 1)        5
        dense
        ━━━━━━━━━━━━━━━━━━━━━━━━
        Total params: 17
        """)
  }

  @Test("when even the wrapped cells do not fit with 3-space gaps, the gaps narrow to 2")
  func narrowerGaps() {
    let narrow = Self.layers.rendered(width: 21)
    #expect(
      narrow == """
        Layer  Output  Params
        ━━━━━━━━━━━━━━━━━━━━━
        1      (n, 4)      12
        dense
        ─────────────────────
        2      (n, 1)       5
        dense
        ━━━━━━━━━━━━━━━━━━━━━
        Total params: 17
        """)
    #expect(narrow.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 21 })
  }

  @Test("too narrow for the longest words side by side: each row becomes 'title   value' lines")
  func records() {
    #expect(
      Self.layers.rendered(width: 20) == """
        ━━━━━━━━━━━━━━━━━━━
        Layer    1 dense
        Output   (n, 4)
        Params   12
        ───────────────────
        Layer    2 dense
        Output   (n, 1)
        Params   5
        ━━━━━━━━━━━━━━━━━━━
        Total params: 17
        """)
  }

  @Test("a table without rows is its header between two rules")
  func empty() {
    #expect(
      Table(header: ["name", "value"], rows: []).rendered()
        == "name   value\n━━━━━━━━━━━━\n━━━━━━━━━━━━")
  }
}
