import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// Every layer kind through the shared checks (`LayerKindChecks`), and the shapes of samples.
@Suite("Layer kinds and sample shapes")
struct LayerKindTests {
  @Test(
    "dense passes every layer-kind check, on features and on a sequence",
    arguments: [
      ("input 3", "layer dense 4 tanh"), ("input 3x2", "layer dense 4 tanh"),
      ("input 5", "layer dense 3 relu"),
    ])
  func dense(_ input: String, _ layer: String) {
    #expect(LayerKindChecks.all(input: input, layer: layer) == [])
  }

  @Test("the checks report what stopped them instead of passing")
  func checksCanFail() {
    #expect(
      LayerKindChecks.all(input: "input tokens 4 vocab 5", layer: "layer dense 4 tanh").first?
        .hasPrefix("'layer dense 4 tanh': a dense layer reads numbers") == true)
  }

  @Test("input shapes: features, a sequence, an image, tokens; shown as the layer sees them")
  func inputShapes() throws {
    #expect(try parse("input 16x3") == Command(Input(shape: .sequence(steps: 16, features: 3))))
    #expect(
      try parse("input 28x28x1")
        == Command(Input(shape: .image(height: 28, width: 28, channels: 1))))
    #expect(
      try parse("input tokens 32 vocab 65")
        == Command(Input(shape: .tokens(count: 32, vocabulary: 65))))
    #expect(
      Transcript("input 16x3").text.contains("input: 16×3 (a sequence: 48 numbers) per sample"))
    #expect(Transcript("input 16x0").error?.id == "parser.badShape")
    #expect(Transcript("input 1000x1000").error?.id == "parser.inputTooLarge")
    let network = try #require(
      Transcript("input 16x3\nlayer dense 4 tanh").interpreter.session.network)
    #expect(network.outputShape == .sequence(steps: 16, features: 4))
    #expect(network.parameterCount == 3 * 4 + 4)  // the same W at every position
  }

  @Test("impossible combinations point at the layer and say what to add")
  func impossibleShapes() {
    let tokens = Transcript("input tokens 8 vocab 20\nlayer dense 4 tanh")
    #expect(tokens.error?.id == "runtime.layerShape")
    #expect(
      tokens.error?.notes.first?.message
        == "turn each token into a vector first with 'layer embedding 16'")
    #expect(tokens.error?.range?.line == 2)
    #expect(
      Transcript("input 8x8x1\nlayer dense 4 tanh").error?.notes.first?.message.contains(
        "layer flatten") == true)
    let oneLabel = Transcript(
      "input 2x2\nlayer dense 1 sigmoid\ndata X = [[1, 2, 3, 4]] y = [1]\nloss mse\nbackward")
    #expect(oneLabel.error?.id == "runtime.positionLabels")
    // explain backward takes the sample's T rows of targets (it used to trap on a sequence).
    let explained = Transcript(
      "input 2x2\nlayer dense 2 softmax\ndata X = [[0.1, 0.2, 0.3, 0.4]] y = [[1, 0, 0, 1]]\nloss crossentropy\nexplain backward"
    )
    #expect(explained.error == nil)
    #expect(explained.text.contains("2 positions: each δ is also divided by T = 2"))
  }

  @Test("on a sequence, dense applies to every position and the loss averages over n·T rows")
  func densePerPosition() throws {
    let script =
      "seed 2\ninput 3x2\nlayer dense 1 linear\ndata X = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-0.1, 0.3, 0.2, -0.5, 0.9, 0.1]] y = [[0.1, 0.2, 0.3], [0.3, 0.1, 0.0]]\nloss mse\nforward"
    let session = Transcript(script).interpreter.session
    let network = try #require(session.network)
    let (w, b) = (network.dense(0).weights, network.dense(0).bias[0, 0])
    let x = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-0.1, 0.3, 0.2, -0.5, 0.9, 0.1]]
    let y = [[0.1, 0.2, 0.3], [0.3, 0.1, 0.0]]
    var total = 0.0
    for i in 0..<2 {
      for t in 0..<3 {
        let yhat = x[i][2 * t] * w[0, 0] + x[i][2 * t + 1] * w[1, 0] + b
        total += 0.5 * (yhat - y[i][t]) * (yhat - y[i][t])
      }
    }
    let shown = try session.tensor(named: "yhat", at: SourceRange(line: 1, column: 1))
    #expect(shown.shape == Shape(rows: 2, columns: 3))  // a row per sample, as X
    #expect(abs(try session.currentLoss(at: SourceRange(line: 1, column: 1)) - total / 6) < 1e-15)
  }

  func parse(_ line: String) throws -> Command? { try CommandCatalog.parse(line: line, number: 1) }
}
