import NNEngine
import NNTestSupport
import Testing

@Suite("Pooling and flatten layers")
struct PoolingLayerTests {
  @Test("the gradient agrees with central differences", arguments: PoolingLayer.Operation.allCases)
  func gradientCheck(_ operation: PoolingLayer.Operation) {
    let layer = PoolingLayer(operation, height: 4, width: 5, channels: 3, windowHeight: 2, windowWidth: 2)
    let x = LayerCheck.numbers(2, 60, seed: 1)
    let r = LayerCheck.numbers(2, layer.outputSize, seed: 2)
    let dx = layer.backward(r, input: x)
    LayerCheck.expectGradient(dx, at: x, "dx") { input in LayerCheck.weightedLoss(layer.forward(input), r) }
  }

  @Test("a max routes each gradient to its window's winner; an average shares it out by quarters")
  func routing() {
    let x = Matrix(row: [1, 5, 2, 3])  // one 2×2 image, one channel
    let r = Matrix(row: [8])
    let max = PoolingLayer(.max, height: 2, width: 2, channels: 1, windowHeight: 2, windowWidth: 2)
    let average = PoolingLayer(.average, height: 2, width: 2, channels: 1, windowHeight: 2, windowWidth: 2)
    #expect(max.forward(x) == Matrix(row: [5]))
    #expect(max.backward(r, input: x) == Matrix(row: [0, 8, 0, 0]))
    #expect(average.forward(x) == Matrix(row: [2.75]))
    #expect(average.backward(r, input: x) == Matrix(row: [2, 2, 2, 2]))
  }

  @Test("shapes: 26×26×8 pooled 2×2 is 13×13×8; 7 steps pooled by 2 are 3")
  func shapes() {
    let image = PoolingLayer(.max, height: 26, width: 26, channels: 8, windowHeight: 2, windowWidth: 2)
    #expect((image.geometry.outputHeight, image.geometry.outputWidth, image.outputSize) == (13, 13, 13 * 13 * 8))
    let sequence = PoolingLayer(.average, height: 1, width: 7, channels: 3, windowHeight: 1, windowWidth: 2)
    #expect(sequence.outputSize == 3 * 3)
  }

  @Test("flatten keeps the numbers where they are: Keras's (row, column, channel) order is the row's")
  func flatten() {
    let layer = FlattenLayer(inputShape: [13, 13, 8])
    let x = LayerCheck.numbers(2, 13 * 13 * 8, seed: 3)
    #expect(layer.outputSize == 1_352)
    #expect(layer.forward(x) == x)
    #expect(layer.backward(x) == x)
  }
}
