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

  @Test(
    "each kind passes every layer-kind check: gradcheck alone and under dense layers, save/load, freeze",
    arguments: [
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
    let value: (Int) -> Double = { k in tokens ? Self.tokenIDs(k) : LayerKindChecks.defaultValue(k)
    }
    let problems = LayerKindChecks.all(input: input, layer: layer, value: value)
    #expect(problems == [])
  }

  @Test(
    "stacked: embedding → positions → transformer → layernorm → dense, gradients against central differences"
  )
  func stacked() {
    let layers = [
      "layer embedding 4", "layer positions", "layer transformer heads 2 causal", "layer layernorm",
      "layer dense 3 tanh",
    ]
    let problems = LayerKindChecks.gradients(
      input: "input tokens 3 vocab 5", layers: layers, value: Self.tokenIDs)
    #expect(problems == [])
  }

  @Test(
    "impossible shapes point at the layer line and say what to add",
    arguments: [
      ("input 8\nlayer embedding 4", "runtime.layerShape", "input tokens"),
      ("input tokens 8 vocab 5\nlayer attention heads 2", "runtime.layerShape", "layer embedding"),
      ("input 6\nlayer transformer heads 2", "runtime.layerShape", "input 16x8"),
      ("input 8\nlayer positions", "runtime.layerShape", "input 16x3"),
      ("input 3x4\nlayer attention heads 3", "runtime.layerShape", "size 1"),
      ("input 3x6\nlayer transformer heads 4", "runtime.layerShape", "such as 3"),
      ("input tokens 8 vocab 5\nlayer layernorm", "runtime.layerShape", "layer embedding"),
    ])
  func impossibleShapes(_ script: String, _ id: String, _ hint: String) {
    let transcript = Transcript(script)
    #expect(transcript.error?.id == id)
    #expect(transcript.error?.range?.line == 2)
    #expect(
      transcript.error?.notes.contains { $0.message.contains(hint) } == true,
      "\(transcript.error?.notes.map(\.message) ?? [])")
  }

  @Test("a dropout rate must be a probability below 1, pointed at")
  func dropoutRate() {
    let transcript = Transcript("input 4\nlayer dropout 1.5")
    #expect(transcript.error?.id == "parser.dropoutRate")
    #expect(transcript.error?.range?.column == 15)
  }

  static let languageModel = """
    seed 3
    input tokens 4 vocab 5
    layer embedding 8
    layer positions
    layer transformer heads 2 causal
    layer layernorm
    layer dense 5 softmax
    data X = [[0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 0], [3, 4, 0, 1]] y = [[1, 2, 3, 4], [2, 3, 4, 0], [3, 4, 0, 1], [4, 0, 1, 2]]
    loss crossentropy
    """

  @Test("a token id outside the vocabulary is an error that says where it is, and changes nothing")
  func badTokenID() throws {
    let transcript = Transcript(
      Self.languageModel
        + "\ndata X = [[0, 1, 2, 3], [1, 2, 9, 4]] y = [[1, 2, 3, 4], [2, 3, 4, 0]]\nforward")
    #expect(transcript.error?.id == "runtime.tokenId")
    #expect(
      transcript.error?.message
        == "this data has 9 at sample 2, position 3, which is not a token id")
    #expect(
      transcript.error?.notes.first?.message
        == "token ids are whole numbers from 0 to 4 (the input is 4 tokens of 5)")
  }

  @Test(
    "a small language model: one label per position, gradcheck passes, training lowers the loss, save/load keeps it"
  )
  func languageModel() throws {
    let trained = Transcript(
      Self.languageModel + "\nexpect gradcheck < 1e-6\nlr 0.1\ntrain 30", files: MemoryFiles())
    #expect(trained.outcome == .success, "\(trained.diagnostics.map(\.message))")
    let history = trained.interpreter.session.history
    let (first, last) = (
      try #require(history.first?.trainLoss), try #require(history.last?.trainLoss)
    )
    #expect(first > 1.4 && last < first / 2, "loss \(first) → \(last)")
    let batches = Transcript("batch 2\ntrain 2", interpreter: trained.interpreter)
    #expect(batches.outcome == .success, "mini-batches take each sample's T target rows together")
    let transcript = Transcript(
      "save lm.json\ninit xavier\nload lm.json\nsummary", interpreter: trained.interpreter)
    #expect(transcript.interpreter.session.network == trained.interpreter.session.network)
    let summary = transcript.text
    #expect(summary.contains("(4×8×8 + 4×8) + 2×2×8 + (2×8×32 + 32 + 8) = 872"), "\(summary)")
    #expect(
      summary.contains("5×8 = 40") && summary.contains("4×8 = 32") && summary.contains("2×8 = 16"))
  }

  @Test("explain shows a layer norm's pass with one sample's numbers, and sends back its own ∂J/∂x")
  func explain() throws {
    let script =
      "seed 1\ninput 3\nlayer dense 4 tanh\nlayer layernorm\nlayer dense 2 sigmoid\ndata X = [[0.1, 0.5, -0.3], [0.9, -0.2, 0.4]] y = [[0, 1], [1, 0]]\nloss mse\nexplain forward\nexplain backward 0"
    let text = Transcript(script).text
    #expect(text.contains("layer 2: layernorm\n  out2 = gamma2 ⊙ (a1 − mean) · rstd + beta2"))
    #expect(text.contains("  mean2 (1×1) = [-0.1952]\n  rstd2 (1×1) = [4.84]"))
    // ∂J/∂a1 is what layer 1's tanh then turns into δ1: the same numbers as layer norm's backward.
    #expect(
      text.contains(
        "  ∂J/∂a1 = [0.353 -0.2963 -0.3838 0.3271]   (the error sent back through layer 2 (layernorm))"
      ))
  }
}
