import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// The line `layer` answers with, for every kind: its parameters, their shapes and their count,
/// written with thousands separators as every other count nnrepl prints.
@Suite("Layer echo")
struct LayerEchoTests {
  @Test(
    "every kind's echo groups its count's thousands",
    arguments: [
      (
        "input 32", "layer dense 64 relu",
        "layer 1: dense 64 relu — W1 32×64, b1 1×64, 2,112 parameters"
      ),
      (
        "input 28x28x3", "layer conv2d 32 3x3 relu",
        "layer 1: conv2d 32 3×3 relu — K1 27×32, b1 1×32, 896 parameters"
      ),
      (
        "input 16x32", "layer conv1d 64 kernel 3 relu",
        "layer 1: conv1d 64 kernel 3 relu — K1 96×64, b1 1×64, 6,208 parameters"
      ),
      (
        "input 10x32", "layer rnn 64",
        "layer 1: rnn 64 — Wx1 32×64, Wh1 64×64, b1 1×64, 6,208 parameters"
      ),
      (
        "input 10x32", "layer lstm 64",
        "layer 1: lstm 64 — Wx1 32×256, Wh1 64×256, b1 1×256, 24,832 parameters"
      ),
      (
        "input 10x32", "layer gru 64 sequences",
        "layer 1: gru 64 sequences — Wx1 32×192, Wh1 64×192, b1 2×192, 18,816 parameters"
      ),
      (
        "input tokens 8 vocab 300", "layer embedding 16",
        "layer 1: embedding 16 — E1 300×16, 4,800 parameters"
      ),
      ("input 100x16", "layer positions", "layer 1: positions — P1 100×16, 1,600 parameters"),
      (
        "input 8x768", "layer layernorm",
        "layer 1: layernorm — gamma1 1×768, beta1 1×768, 1,536 parameters"
      ),
      (
        "input 8x512", "layer batchnorm",
        "layer 1: batchnorm — gamma1 1×512, beta1 1×512, movingMean1 1×512, movingVar1 1×512, 2,048 parameters"
      ),
    ])
  func grouped(_ input: String, _ layer: String, _ echo: String) {
    let transcript = Transcript(input + "\n" + layer)
    #expect(transcript.error == nil)
    #expect(transcript.outputs.last == .message(echo))
  }

  @Test(
    "the kinds with long echoes, and those without parameters, end with the count",
    arguments: [
      ("input 8x64\nlayer attention heads 4", "16,640 parameters"),
      ("input 8x64\nlayer transformer heads 4", "49,984 parameters"),
      ("input 28x28x3\nlayer maxpool 2x2\nlayer flatten", "layer 2: flatten — 0 parameters"),
      ("input 6x4\nlayer avgpool 2\nlayer dropout 0.1", "layer 2: dropout 0.1 — 0 parameters"),
    ])
  func ends(_ script: String, _ end: String) {
    guard case .message(let echo) = Transcript(script).outputs.last else {
      Issue.record("no echo after '\(script)'")
      return
    }
    #expect(echo.hasSuffix(end))
  }
}
