import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// The sequence layer kinds (embedding, positions, layernorm, attention, transformer, batchnorm,
/// dropout) through the shared checks, their errors, and a small language model end to end.
@Suite("Sequence layer kinds")
struct SequenceLayerKindTests {
  /// Token ids 0..<5, for data on `input tokens … vocab 5`.
  static func tokenIDs(_ k: Int) -> Double { Double((3 * k + 1) % 5) }

  @Test("each kind passes every layer-kind check: gradcheck alone and under dense layers, save/load, freeze", arguments: [
    ("input tokens 3 vocab 5", "layer embedding 4"),
    ("input 3x4", "layer positions"),
    ("input 3x4", "layer layernorm"),
    ("input 5", "layer layernorm"),
    ("input 3x4", "layer attention heads 2 causal"),
    ("input 3x4", "layer attention heads 3 size 2"),
    ("input 3x4", "layer transformer heads 2 causal"),
    ("input 5", "layer batchnorm"),
    ("input 3x4", "layer batchnorm"),
    ("input 5", "layer dropout 0.3"),
  ])
  func kindChecks(_ input: String, _ layer: String) {
    let tokens = input.contains("tokens")
    let value: (Int) -> Double = { k in tokens ? Self.tokenIDs(k) : LayerKindChecks.defaultValue(k) }
    let problems = LayerKindChecks.all(input: input, layer: layer, value: value)
    #expect(problems == [])
  }

  @Test("stacked: embedding → positions → transformer → layernorm → dense, gradients against central differences")
  func stacked() {
    let layers = ["layer embedding 4", "layer positions", "layer transformer heads 2 causal", "layer layernorm", "layer dense 3 tanh"]
    let problems = LayerKindChecks.gradients(input: "input tokens 3 vocab 5", layers: layers, value: Self.tokenIDs)
    #expect(problems == [])
  }
}
