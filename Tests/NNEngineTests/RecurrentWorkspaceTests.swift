import NNEngine
import NNTestSupport
import Testing

/// The recurrent layers write into their pass and into `LayerGradients.workspace`, reused from
/// batch to batch: nothing of one batch may leak into the next (the carried ∂J/∂c of an lstm, the
/// state gradient, a batch of another size).
@Suite("Recurrent layers' reused buffers")
struct RecurrentWorkspaceTests {
  static let layers: [any NNEngine.Layer] = [
    layer(SimpleRecurrentCell.self, sequences: true), layer(LSTMCell.self, sequences: false),
    layer(GRUCell.self, sequences: true),
  ]

  static func layer<Cell: RecurrentCell>(_ cell: Cell.Type, sequences: Bool) -> RecurrentLayer<Cell>
  {
    let width = Cell.gates * 3
    return RecurrentLayer<Cell>(
      inputWeights: LayerCheck.numbers(2, width, seed: 1, scale: 0.7),
      recurrentWeights: LayerCheck.numbers(3, width, seed: 2, scale: 0.5),
      bias: LayerCheck.numbers(Cell.biasRows, width, seed: 3, scale: 0.2), steps: 4,
      returnsSequences: sequences)
  }

  @Test(
    "a pass and gradients reused after batches of another size and of the same give the numbers of fresh ones",
    arguments: 0..<3)
  func reuse(_ index: Int) {
    let layer = Self.layers[index]
    let (first, second) = (LayerCheck.numbers(2, 8, seed: 4), LayerCheck.numbers(3, 8, seed: 6))
    func delta(_ x: Matrix) -> Matrix {
      LayerCheck.numbers(x.rows, layer.outputShape.count, seed: Double(x.rows))
    }
    var (pass, gradients) = (LayerPass(names: layer.passNames), LayerGradients())
    var dx: Matrix? = Matrix(rows: 0, columns: 0)
    for x in [second, first, first] {
      layer.forward(x, into: &pass)
      gradients.delta = delta(x)
      layer.backward(
        input: x, pass: pass, gradients: &gradients, deltaIsPreActivation: false, inputGradient: &dx
      )
    }
    let fresh = LayerCheck.forward(layer, first)
    let (freshDx, freshGradients) = LayerCheck.backward(layer, first, fresh, delta(first))
    #expect(pass.matrices == fresh.matrices)
    #expect(dx == freshDx)
    #expect(
      Dictionary(uniqueKeysWithValues: zip(layer.parameters.map(\.name), gradients.parameters))
        == freshGradients)
  }
}
