import NNEngine
import NNTestSupport
import Testing

@Suite("Pooling and flatten layers")
struct PoolingLayerTests {
  @Test("the gradient agrees with central differences", arguments: PoolingLayer.Operation.allCases)
  func gradientCheck(_ operation: PoolingLayer.Operation) {
    let layer = PoolingLayer(operation, height: 4, width: 5, channels: 3, window: 2)
    LayerCheck.expectGradients(
      of: [layer], input: LayerCheck.numbers(2, 60, seed: 1),
      weights: LayerCheck.numbers(2, 2 * 2 * 3, seed: 2))
  }

  @Test("a max routes each gradient to its window's winner; an average shares it out by quarters")
  func routing() {
    let x = Matrix(row: [1, 5, 2, 3])  // one 2×2 image, one channel
    let r = Matrix(row: [8])
    let max = PoolingLayer(.max, height: 2, width: 2, channels: 1, window: 2)
    let average = PoolingLayer(.average, height: 2, width: 2, channels: 1, window: 2)
    #expect(LayerCheck.output(max, x, samples: 1) == Matrix(row: [5]))
    #expect(
      LayerCheck.backward(max, x, LayerCheck.forward(max, x), r).input == Matrix(row: [0, 8, 0, 0]))
    #expect(LayerCheck.output(average, x, samples: 1) == Matrix(row: [2.75]))
    #expect(
      LayerCheck.backward(average, x, LayerCheck.forward(average, x), r).input
        == Matrix(row: [2, 2, 2, 2]))
  }

  @Test("shapes: 26×26×8 pooled 2×2 is 13×13×8; 7 steps pooled by 2 are 3")
  func shapes() {
    let image = PoolingLayer(.max, height: 26, width: 26, channels: 8, window: 2)
    #expect(image.outputShape == .image(height: 13, width: 13, channels: 8))
    #expect(image.description == "maxpool 2×2" && image.parameterCount == 0)
    let sequence = PoolingLayer(
      .average, height: 1, width: 7, channels: 3, window: 2, readsSequence: true)
    #expect(sequence.outputShape == .sequence(steps: 3, features: 3))
    #expect(sequence.kind == "avgpool" && sequence.description == "avgpool 2")
  }

  @Test(
    "flatten keeps the numbers where they are: Keras's (row, column, channel) order is the row's")
  func flatten() {
    let layer = FlattenLayer(inputShape: .image(height: 13, width: 13, channels: 8))
    let x = LayerCheck.numbers(2, 13 * 13 * 8, seed: 3)
    #expect(layer.outputShape == .features(1_352))
    #expect(LayerCheck.output(layer, x, samples: 2) == x)
    #expect(LayerCheck.backward(layer, x, LayerCheck.forward(layer, x), x).input == x)
  }
}
