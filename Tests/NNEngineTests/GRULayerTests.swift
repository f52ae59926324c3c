import NNEngine
import NNTestSupport
import Testing

@Suite("gated recurrent unit (gru)")
struct GRULayerTests {
  @Test("every gradient agrees with central differences", arguments: [false, true])
  func gradientCheck(sequences: Bool) {
    RecurrentLayerCheck.expectGradients(
      GRUCell.self, units: 2, sequences: sequences, scales: (0.8, 0.6, 0.3))
  }

  @Test(
    "GRU(64) on 32 features has 3·(32·64 + 64·64 + 2·64) = 18,816 parameters (PyTorch the same)")
  func parameterCount() {
    let layer = RecurrentLayerCheck.layer64(GRUCell.self)
    #expect(layer.parameterCount == 18_816)
    // PyTorch's nn.GRU(32, 64): weight_ih 192×32, weight_hh 192×64, bias_ih and bias_hh of 192.
    let (gates, features, units): (Int, Int, Int) = (3, 32, 64)
    let pytorch = gates * units * features + gates * units * units + 2 * gates * units
    #expect(layer.parameterCount == pytorch)
  }
}
