import Foundation
import NNEngine

/// A small convolutional network on the 8×8 handwritten digits the lessons ship:
/// conv2d 8 3×3 relu → maxpool 2×2 → flatten → dense 10 softmax, trained with mini-batch
/// gradient descent, every pixel divided by 16 (the digits' pixels are 0…16).
struct ConvolutionBenchmark: Benchmark {
  static let workload = Workload(
    name: "conv-digits", model: "conv", data: "digits", samples: 1797, batch: 32, epochs: 5,
    rate: 0.05, runs: 5,
    layers: ["input 8x8x1", "conv2d 8 3x3 relu", "maxpool 2x2", "flatten", "dense 10 softmax"],
    dataFile: Workload.lessonData + "/digits.csv")

  let workload: Workload
  let inputs: Matrix
  let targets: Matrix

  /// Reads the digits: a header row, then 64 pixels and the digit per line.
  init(_ workload: Workload) throws {
    self.workload = workload
    let lines = try String(contentsOfFile: workload.dataFile!, encoding: .utf8).split(
      separator: "\n"
    ).dropFirst()
    var (x, y) = (Matrix(rows: lines.count, columns: 64), Matrix(rows: lines.count, columns: 10))
    for (i, line) in lines.enumerated() {
      let numbers = line.split(separator: ",").map { Double($0)! }
      for k in 0..<64 { x[i, k] = numbers[k] / 16 }
      y[i, Int(numbers[64])] = 1
    }
    (inputs, targets) = (x, y)
  }

  /// Layer l's weights drawn as a session would draw them (Xavier, stream l of seed 42).
  var initialNetwork: Network {
    let geometry = ConvolutionGeometry(
      height: 8, width: 8, channels: 1, windowHeight: 3, windowWidth: 3)
    let convolution = ConvolutionLayer(
      number: 1, filters: 8, geometry: geometry, activation: .relu, initialization: .xavier,
      seed: 42)
    let pooling = PoolingLayer(.max, height: 6, width: 6, channels: 8, window: 2)
    let flatten = FlattenLayer(inputShape: pooling.outputShape)
    let dense = DenseLayer(
      number: 4, inputShape: flatten.outputShape, units: 10, activation: .softmax,
      initialization: .xavier, seed: 42)
    return Network(
      inputShape: .image(height: 8, width: 8, channels: 1),
      layers: [convolution, pooling, flatten, dense])
  }

  func train() -> Double {
    var network = initialNetwork
    Self.trainEpochs(
      &network, inputs: inputs, targets: targets, batch: workload.batch, epochs: workload.epochs,
      rate: workload.rate)
    return Self.loss(of: network, inputs: inputs, targets: targets)
  }
}
