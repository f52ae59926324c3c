import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// The convolution, pooling, flatten and recurrent kinds from the language: the shared checks
/// (gradcheck alone and stacked, save and load, freezing), summary rows, and the errors.
@Suite("Convolution, pooling and recurrent kinds")
struct NewLayerKindTests {
  /// Layers that end in something dense can read, each with the input it needs.
  static let stacks: [(input: String, layers: [String])] = [
    ("input 5x4x2", ["layer conv2d 3 3x3 tanh", "layer flatten"]),
    (
      "input 5x4x2",
      ["layer conv2d 2 3x3 stride 2 padding same tanh", "layer maxpool 2x2", "layer flatten"]
    ),
    ("input 4x4x1", ["layer avgpool 2x2", "layer flatten"]),
    ("input 6x2", ["layer conv1d 3 kernel 3 tanh"]),
    ("input 6x2", ["layer maxpool 2"]),
    ("input 4x3", ["layer rnn 3"]),
    ("input 4x3", ["layer rnn 3 sequences"]),
    ("input 4x3", ["layer lstm 3"]),
    ("input 4x3", ["layer gru 3 sequences"]),
  ]

  @Test("gradcheck alone and under dense layers, save and load, freeze", arguments: 0..<9)
  func checks(_ index: Int) {
    let (input, layers) = Self.stacks[index]
    let dense = ["layer dense 3 tanh", "layer dense 2 sigmoid"]
    #expect(LayerKindChecks.gradients(input: input, layers: layers + dense.suffix(1)) == [])
    #expect(LayerKindChecks.gradients(input: input, layers: layers + dense) == [])
    #expect(LayerKindChecks.saveAndLoad(input: input, layers: layers) == [])
    if layers[0].contains("pool") { return }  // nothing to freeze
    #expect(LayerKindChecks.freezing(input: input, layers: layers) == [])
  }

  @Test("conv → pool → flatten → dense, and lstm → dense, train from the REPL and load back equal")
  func stackedFromTheLanguage() {
    #expect(
      LayerKindChecks.gradients(
        input: "input 6x6x1",
        layers: [
          "layer conv2d 2 3x3 relu", "layer maxpool 2x2", "layer flatten", "layer dense 2 sigmoid",
        ]) == [])
    #expect(
      LayerKindChecks.gradients(
        input: "input 5x2", layers: ["layer lstm 3", "layer dense 2 sigmoid"]) == [])
  }

  /// The summary table of a script's last `summary`.
  static func summary(_ script: String) throws -> Table {
    try #require(
      Transcript(script + "\nsummary").events.compactMap { event -> Table? in
        if case .output(.table(let table)) = event { return table }
        return nil
      }.last)
  }

  @Test("summary: Keras's counts as arithmetic, PyTorch's in a note, multiply-adds")
  func summaryRows() throws {
    let conv = try Self.summary("input 28x28x3\nlayer conv2d 32 3x3 relu")
    #expect(conv.rows[1][4] == "3·3·3·32 + 32 = 896")
    #expect(conv.rows[1][2] == "(n, 26×26×32)")
    #expect(conv.rows[1][7] == NumberFormat.grouped(26 * 26 * 27 * 32))
    let lstm = try Self.summary("input 10x32\nlayer lstm 64")
    #expect(lstm.rows[1][4] == "4·(32·64 + 64·64 + 64) = 24,832")
    #expect(
      lstm.footer.contains(
        "Note: layer 1 (lstm): PyTorch's nn.LSTM counts 25,088: two bias vectors (b_ih, b_hh) where Keras has one"
      ))
    let gru = try Self.summary("input 10x32\nlayer gru 64")
    #expect(gru.rows[1][4] == "3·(32·64 + 64·64 + 2·64) = 18,816")
    #expect(gru.footer.contains { $0.contains("nn.GRU counts the same 18,816") })
    let rnn = try Self.summary("input 10x32\nlayer rnn 64")
    #expect(rnn.rows[1][4] == "32·64 + 64·64 + 64 = 6,208")
    #expect(rnn.footer.contains { $0.contains("nn.RNN counts 6,272") })
    #expect(rnn.rows[1][7] == NumberFormat.grouped(10 * 64 * (32 + 64)))
    let conv1d = try Self.summary("input 6x2\nlayer conv1d 3 kernel 3 linear")
    #expect(conv1d.rows[1][4] == "3·2·3 + 3 = 21")
  }

  @Test(
    "impossible shapes point at the layer, with a hint",
    arguments: [
      (
        "input 3x3x1\nlayer conv2d 2 5x5 relu", "a 5×5 window does not fit in the 3×3×1 input",
        "padding same"
      ),
      ("input 8\nlayer lstm 4", "lstm reads a sequence, not 8 plain features", "input 16x3"),
      (
        "input 8x8x1\nlayer conv1d 4 kernel 3 relu",
        "conv1d reads a sequence (input 16x3), not a 8×8×1 image", "steps x features"
      ),
      (
        "input 16x3\nlayer conv2d 4 3x3 relu",
        "conv2d reads an image (input 28x28x1), not a 16×3 sequence", "height x width x channels"
      ),
      ("input 8x8x1\nlayer maxpool 2", "an image is pooled in square windows", "maxpool 2x2"),
      (
        "input 3x3x1\nlayer maxpool 4x4", "a 4×4 window does not fit in the 3×3×1 input",
        "smaller window"
      ),
      (
        "input tokens 4 vocab 5\nlayer flatten",
        "flatten reads numbers, not token ids (4 tokens of 5)", "embedding"
      ),
    ])
  func impossibleShapes(_ script: String, _ message: String, _ hint: String) {
    let transcript = Transcript(script)
    #expect(transcript.error?.id == "runtime.layerShape")
    #expect(transcript.error?.message == message)
    #expect(transcript.error?.range?.line == 2)
    if message.contains("5×5") {
      #expect(transcript.error?.range?.column == 16, "at the window '5x5'")
    }
    #expect(transcript.error?.notes.first?.message.contains(hint) == true)
    #expect(
      transcript.interpreter.session.network?.layers.isEmpty ?? true, "a failed line adds no layer")
  }

  @Test("the grammar: windows, strides, padding and 'sequences'")
  func grammar() throws {
    #expect(Transcript("input 8x8x1\nlayer conv2d 4 3 relu").error?.id == "parser.badWindow")
    #expect(
      Transcript("input 8x8x1\nlayer conv2d 4 3x3 padding full relu").error?.id
        == "parser.unknownKeyword")
    #expect(Transcript("input 8x8x1\nlayer maxpool 2x3").error?.id == "parser.badWindow")
    let network = try #require(
      Transcript("input 9x9x2\nlayer conv2d 4 3x3 stride 2 padding same relu\nlayer maxpool 2x2")
        .interpreter.session.network)
    #expect(
      network.layers.map(\.description) == ["conv2d 4 3×3 stride 2 same relu", "maxpool 2×2"])
    #expect(network.outputShape == .image(height: 2, width: 2, channels: 4))
    let recurrent = try #require(
      Transcript("input 7x2\nlayer gru 5 sequences\nlayer lstm 3").interpreter.session.network)
    #expect(recurrent.layers.map(\.description) == ["gru 5 sequences", "lstm 3"])
    #expect(recurrent.outputShape == .features(3))
  }

  @Test("show and grad reach the new parameters and passes by name")
  func names() {
    let transcript = Transcript(
      "seed 1\ninput 4x4x1\nlayer conv2d 2 3x3 relu\nlayer flatten\nlayer dense 1 sigmoid\ndata X = [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]] y = [1]\nloss crossentropy\nbackward\nshow K1\nshow patches1\ngrad K1\nshow a2"
    )
    #expect(transcript.error == nil)
  }

  @Test("explain forward and backward with one sample's numbers through every new kind")
  func explain() {
    let transcript = Transcript(
      "seed 1\ninput 4x4x1\nlayer conv2d 2 3x3 relu\nlayer maxpool 2x2\nlayer flatten\nlayer dense 1 sigmoid\ndata X = [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]] y = [1]\nloss crossentropy\nexplain forward\nexplain backward"
    )
    #expect(transcript.error == nil)
    #expect(transcript.text.contains("layer 1: conv2d 2 3×3 relu   (4×4×1 → 2×2×2)"))
    #expect(transcript.text.contains("∂J/∂a1 = "))
    let recurrent = Transcript(
      "seed 1\ninput 3x2\nlayer lstm 2\nlayer dense 1 sigmoid\ndata X = [[1,2,3,4,5,6]] y = [1]\nloss crossentropy\nexplain backward"
    )
    #expect(recurrent.error == nil)
    #expect(recurrent.text.contains("∇Wx1 = "))
    let steps = Transcript(
      "seed 1\ninput 3x2\nlayer rnn 2\nlayer dense 1 sigmoid\nexplain forward [[1, 2, 3, 4, 5, 6]]")
    #expect(
      ["h_1 = ", "h_2 = ", "h_3 = "].allSatisfy { steps.text.contains($0) },
      "the state, step by step")
  }
}

/// `compare` across layer kinds.
@Suite("Comparing architectures of any kind")
struct CompareKindsTests {
  static func table(_ line: String) throws -> Table {
    try #require(
      Transcript(line).events.compactMap { event -> Table? in
        if case .output(.table(let table)) = event { return table }
        return nil
      }.first)
  }

  @Test(
    "a dense network against a convolutional one on 8×8 images, and rnn, lstm and gru of one width")
  func compareKinds() throws {
    let images = try Self.table(
      "compare \"64 | dense 64 relu | dense 64 relu | dense 10 softmax\" \"8x8x1 | conv2d 8 3x3 relu | maxpool 2x2 | flatten | dense 10 softmax\""
    )
    #expect(images.rows.map { $0[3] } == ["8,970", "810"])
    #expect(images.rows.map { $0[2] } == ["4,160 + 4,160 + 650", "80 + 0 + 0 + 730"])
    #expect(images.rows.map { $0[1] } == ["3", "2"], "depth counts the layers with parameters")
    // 6·6 positions · 9 · 8 = 2,592 for the convolution, 72·10 for the dense layer.
    #expect(images.rows.map { $0[4] } == ["8,832", "3,312"])
    let recurrent = try Self.table("compare \"20x8 | rnn 32\" \"20x8 | lstm 32\" \"20x8 | gru 32\"")
    #expect(
      recurrent.rows.map { $0[3] } == ["1,312", "5,248", "4,032"],
      "an LSTM has four times a simple RNN's, a GRU three (and a second bias)")
    #expect(Transcript("compare \"8x8x1 | lstm 3\"").error?.id == "runtime.architecture")
  }
}
