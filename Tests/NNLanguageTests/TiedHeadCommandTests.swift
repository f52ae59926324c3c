import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// `layer dense V softmax tied` through the language: counts that agree with `params`, the
/// shared checks, the model file, `summary`, `explain` and the mistakes.
@Suite("The tied head in the language")
struct TiedHeadCommandTests {
  /// The GPT of issue 13: 2 blocks, 64 wide, 4 heads, 65 tokens, a context of 32.
  static func gpt(head: String) -> String {
    """
    input tokens 32 vocab 65
    layer embedding 64
    layer positions
    layer transformer heads 4 causal
    layer transformer heads 4 causal
    layer layernorm
    \(head)
    """
  }

  @Test(
    "the built model's parameters equal the calculator's, tied and untied",
    arguments: [
      ("layer dense 65 softmax tied", "tied", 106_304),
      ("layer dense 65 softmax", "untied", 106_304 + 64 * 65 + 65),
    ])
  func parametersAgreeWithParams(_ head: String, _ option: String, _ expected: Int) throws {
    let built = Transcript(Self.gpt(head: head))
    let network = try #require(built.interpreter.session.network)
    let calculated = Transcript(
      "params transformer layers 2 dim 64 heads 4 vocab 65 context 32 \(option)")
    #expect(network.parameterCount == expected)
    #expect(calculated.lastValue("model_params") == Double(expected))
  }

  @Test(
    "gradcheck passes on embedding → transformer → layernorm → dense tied, and on a stack after it")
  func gradients() {
    let layers = [
      "layer embedding 4", "layer transformer heads 2 causal", "layer layernorm",
      "layer dense 5 softmax tied",
    ]
    #expect(
      LayerKindChecks.gradients(
        input: "input tokens 3 vocab 5", layers: layers, value: SequenceLayerKindTests.tokenIDs)
        == [])
    #expect(
      LayerKindChecks.gradients(
        input: "input tokens 3 vocab 5", layers: ["layer embedding 5", "layer dense 5 tanh tied"],
        value: SequenceLayerKindTests.tokenIDs) == [])
  }

  @Test(
    "save and load keep the tie: the file names the embedding and holds no weights for the head")
  func modelFile() throws {
    let layers = [
      "layer embedding 4", "layer positions", "layer layernorm", "layer dense 5 softmax tied",
    ]
    #expect(
      LayerKindChecks.saveAndLoad(
        input: "input tokens 3 vocab 5", layers: layers, value: SequenceLayerKindTests.tokenIDs)
        == [])
    let files = MemoryFiles()
    let saved = Transcript(
      "input tokens 3 vocab 5\nlayer embedding 4\nlayer dense 5 softmax tied\nsave tied.json",
      files: files)
    #expect(saved.outcome == .success)
    let text = try #require(files["tied.json"])
    #expect(text.contains("\"tiedTo\":1") || text.contains("\"tiedTo\" : 1"), "\(text)")
    let loaded = Transcript("load tied.json", files: files)
    #expect(loaded.interpreter.session.network == saved.interpreter.session.network)
    #expect(loaded.interpreter.session.network?.layers[1] is TiedDenseLayer)
  }

  @Test(
    "a model file whose tie is broken is refused in words",
    arguments: [
      (
        "\"tiedTo\":1", "\"tiedTo\":2",
        "it is tied to layer 2, which should be an embedding before it"
      ),
      (
        "\"units\":5", "\"units\":4",
        "a head tied to E1 (5×4) has 5 units, reads 4 numbers a position and has no parameters of its own"
      ),
    ])
  func brokenTie(_ original: String, _ broken: String, _ reason: String) throws {
    let files = MemoryFiles()
    _ = Transcript(
      "input tokens 3 vocab 5\nlayer embedding 4\nlayer dense 5 softmax tied\nsave tied.json",
      files: files)
    let text = try #require(files["tied.json"]).replacingOccurrences(of: " ", with: "")
    #expect(text.contains(original), "\(text)")
    try files.write(text.replacingOccurrences(of: original, with: broken), to: "broken.json")
    let loaded = Transcript("load broken.json", files: files)
    #expect(loaded.error?.message.contains(reason) == true, "\(loaded.error?.message ?? "")")
  }

  @Test("summary shows the head with no parameters of its own, tied to E1")
  func summary() {
    let text = Transcript(Self.gpt(head: "layer dense 65 softmax tied") + "\nsummary").text
    #expect(text.contains("a6 = softmax(out5·E1ᵀ)"))
    #expect(text.contains("0 (tied to E1)"))
    #expect(text.contains("Total params: 106,304"))
    #expect(
      text.contains(
        "Note: layer 6 (dense): its weights are E1ᵀ, layer 1's table, counted there once"))
  }

  @Test("explain goes through the head with E1 lent to it: what it sends back is δ·E1")
  func explain() throws {
    let script = """
      seed 2
      input tokens 3 vocab 5
      layer embedding 4
      layer layernorm
      layer dense 5 softmax tied
      data X = [[0, 3, 1], [4, 2, 2]] y = [[3, 1, 4], [2, 2, 0]]
      loss crossentropy
      explain forward
      explain backward 0
      """
    let transcript = Transcript(script)
    #expect(transcript.outcome == .success, "\(transcript.diagnostics.map(\.message))")
    let text = transcript.text
    #expect(text.contains("  z3 = a2·E1ᵀ = "))
    #expect(
      text.contains(
        "  ∇E1 += δ3ᵀ·a2   (5×4, summed over the positions: the head's share; layer 1 adds its own")
    )
    #expect(text.contains("(sent back through E1ᵀ)"))
  }

  @Test(
    "the head's mistakes point at its line and say what would fit",
    arguments: [
      ("input 4\nlayer dense 3 softmax tied", "runtime.tiedWithoutEmbedding", "layer embedding 64"),
      (
        "input tokens 3 vocab 5\nlayer embedding 4\nlayer dense 6 tanh\nlayer dense 5 softmax tied",
        "runtime.tiedWidth", "width 4"
      ),
      (
        "input tokens 3 vocab 5\nlayer embedding 4\nlayer dense 7 softmax tied",
        "runtime.tiedUnits", "layer dense 5 softmax tied"
      ),
      (
        "input tokens 3 vocab 5\nlayer embedding 4\nlayer dense 5 softmax tied now",
        "parser.unexpectedToken", ""
      ),
    ])
  func mistakes(_ script: String, _ id: String, _ hint: String) {
    let transcript = Transcript(script)
    #expect(transcript.error?.id == id)
    #expect(transcript.error?.range?.line == script.split(separator: "\n").count)
    #expect(
      hint.isEmpty || transcript.error?.notes.contains { $0.message.contains(hint) } == true,
      "\(transcript.error?.notes.map(\.message) ?? [])")
  }
}
