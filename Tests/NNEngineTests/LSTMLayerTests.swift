import NNEngine
import NNTestSupport
import Testing

@Suite("long short-term memory (lstm)")
struct LSTMLayerTests {
  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    RecurrentLayerCheck.expectGradients(
      LSTMCell.self, units: 2, sequences: sequences, scales: (0.8, 0.6, 0.3))
  }

  @Test("LSTM(64) on 32 features has 4·(32·64 + 64·64 + 64) = 24,832 parameters (PyTorch: 25,088)")
  func parameterCount() {
    let layer = RecurrentLayerCheck.layer64(LSTMCell.self)
    #expect(layer.parameterCount == 24_832)
    #expect(layer.parameterCount + 4 * layer.units == 25_088)
    let forgetBiases = Array(layer.bias.elements[64..<128])
    #expect(
      forgetBiases == Array(repeating: 1, count: 64) && layer.bias.sum == 64,
      "only the forget gate's biases start at 1")
  }
}
