import NNEngine
import NNTestSupport
import Testing

/// The checks every recurrent cell's tests make: its gradients against central differences, and
/// the layer the parameter counts are quoted for (Keras's and PyTorch's, 64 units on 32 features).
enum RecurrentLayerCheck {
  /// Checks every gradient of a layer of `Cell` on 4 steps of 3 features against central
  /// differences, its weights LayerCheck's numbers at the given scales.
  static func expectGradients<Cell: RecurrentCell>(
    _ cell: Cell.Type, units: Int, sequences: Bool, scales: (wx: Double, wh: Double, b: Double),
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (steps, features, width) = (4, 3, Cell.gates * units)
    let layer = RecurrentLayer<Cell>(
      inputWeights: LayerCheck.numbers(features, width, seed: 1, scale: scales.wx),
      recurrentWeights: LayerCheck.numbers(units, width, seed: 2, scale: scales.wh),
      bias: LayerCheck.numbers(Cell.biasRows, width, seed: 3, scale: scales.b), steps: steps,
      returnsSequences: sequences)
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, steps * features, seed: 4),
      weights: LayerCheck.numbers(2, sequences ? steps * units : units, seed: 5),
      sourceLocation: sourceLocation)
  }

  /// Layer 1 of `Cell`, 64 units over 10 steps of 32 features, after checking that it counts
  /// exactly its stored matrices and that its output on 3 samples is h_T, 3 × 64.
  static func layer64<Cell: RecurrentCell>(
    _ cell: Cell.Type, sourceLocation: SourceLocation = #_sourceLocation
  ) -> RecurrentLayer<Cell> {
    let layer = RecurrentLayer<Cell>(
      number: 1, units: 64, features: 32, steps: 10, returnsSequences: false,
      initialization: .xavier, seed: 1)
    let stored =
      layer.inputWeights.elements.count + layer.recurrentWeights.elements.count
      + layer.bias.elements.count
    #expect(layer.parameterCount == stored, sourceLocation: sourceLocation)
    #expect(layer.outputShape == .features(64), sourceLocation: sourceLocation)
    let output = LayerCheck.output(layer, Matrix(rows: 3, columns: 10 * 32), samples: 3)
    #expect(output.shape == Shape(rows: 3, columns: 64), sourceLocation: sourceLocation)
    return layer
  }
}
