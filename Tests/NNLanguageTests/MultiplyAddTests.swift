import NNRender
import NNTestSupport
import Testing

/// `summary`'s Mult-adds column for the sequence layers, checked against the products written out.
@Suite("Multiply-adds of sequence layers")
struct MultiplyAddTests {
  @Test(
    "attention counts its four projections and its two T×T products; a block adds its MLP; tables count none"
  )
  func sequenceLayers() {
    let (t, d) = (8, 16)
    let text = Transcript(
      """
      input tokens \(t) vocab 10
      layer embedding \(d)
      layer positions
      layer attention heads 4 causal
      layer transformer heads 2 causal
      layer layernorm
      layer dense 10 softmax
      summary
      """
    ).text
    // Q, K, V, O; then Q·Kᵀ and att·V, per head T·T·K
    let attention = t * 4 * d * d + 2 * t * t * d
    let block = attention + 8 * t * d * d  // and the MLP: T·D·4D up, T·4D·D down
    let head = t * d * 10
    // The table's last column, in the rows of layers 1 to 6.
    let column = text.split(separator: "\n").filter { $0.first?.isNumber == true }.compactMap {
      $0.split(separator: " ").last
    }
    #expect(
      column == [
        "0", "0", "\(NumberFormat.grouped(attention))", "\(NumberFormat.grouped(block))", "0",
        "\(NumberFormat.grouped(head))",
      ])
    #expect(
      text.contains("Mult-adds: \(NumberFormat.grouped(attention + block + head)) per sample"))
  }
}
