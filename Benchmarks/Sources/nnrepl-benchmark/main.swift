import Foundation
import NNEngine

// The workloads of issue 7, trained by the engine exactly as Benchmarks/numpy_reference.py trains
// them (same closed-formula weights and data, batches in order), timed with a warm-up and the
// median of several runs. Prints a table, then one JSON object per workload.

/// Weights from a closed formula (the one shared/reference uses), so NumPy starts identically.
func network(_ sizes: [Int], _ activations: [Activation]) -> Network {
  var network = Network(inputWidth: sizes[0])
  for l in 1..<sizes.count {
    let (fanIn, fanOut) = (sizes[l - 1], sizes[l])
    let scale = (2 / Double(fanIn)).squareRoot()
    var w = Matrix(rows: fanIn, columns: fanOut)
    for i in 0..<fanIn { for j in 0..<fanOut { w[i, j] = scale * sin(Double(1 + 7 * i + 3 * j + 11 * (l - 1))) } }
    network.layers.append(DenseLayer(weights: w, bias: Matrix(rows: 1, columns: fanOut), activation: activations[l - 1]))
  }
  return network
}

/// Trains `epochs` epochs in batches of `batch`, in order; returns the final full-data loss.
func train(_ network: inout Network, _ x: Matrix, _ y: Matrix, epochs: Int, batch: Int, rate: Double) -> Double {
  for _ in 0..<epochs {
    for start in stride(from: 0, to: x.rows, by: batch) {
      let rows = start..<min(start + batch, x.rows)
      let (bx, by) = batch >= x.rows ? (x, y) : (x.rows(at: rows), y.rows(at: rows))
      network.descend(along: network.backward(network.forward(bx), targets: by, loss: .crossentropy), learningRate: rate)
    }
  }
  return network.loss(of: network.forward(x), targets: y, loss: .crossentropy)
}

/// Median and spread (min–max) of `runs` timings after one warm-up, in seconds.
func measure(runs: Int, _ body: () -> Double) -> (median: Double, low: Double, high: Double, loss: Double) {
  var loss = body()
  var times: [Double] = []
  for _ in 0..<runs {
    let start = ContinuousClock.now
    loss = body()
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
  times.sort()
  return (times[times.count / 2], times[0], times[times.count - 1], loss)
}

struct Result {
  var name: String
  var figure: String
  var value: Double
  var loss: Double
  var spread: String
}

var results: [Result] = []

// 1. The seed's §5.2 run: 2-4-3, 4 samples, 1000 full-batch epochs.
do {
  let x = Matrix([[1, 0], [0, 1], [1, 1], [0, 0]])
  let y = Matrix([[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]])
  let timing = measure(runs: 9) {
    var net = network([2, 4, 3], [.sigmoid, .softmax])
    return train(&net, x, y, epochs: 1000, batch: 4, rate: 0.1)
  }
  results.append(Result(name: "seed §5.2: 2-4-3, 1000 epochs", figure: "µs per epoch", value: timing.median * 1e6 / 1000,
                        loss: timing.loss, spread: String(format: "%.2f–%.2f", timing.low * 1e3, timing.high * 1e3) + " ms"))
}

// 2. MLP 784-128-10, relu + softmax/cross-entropy, 8192 synthetic samples, batch 128, 5 epochs.
do {
  let n = 8192
  var x = Matrix(rows: n, columns: 784)
  var y = Matrix(rows: n, columns: 10)
  for i in 0..<n {
    for k in 0..<784 { x[i, k] = cos(0.5 + 1.3 * Double(i) + 0.7 * Double(k)) }
    y[i, i % 10] = 1
  }
  let timing = measure(runs: 3) {
    var net = network([784, 128, 10], [.relu, .softmax])
    return train(&net, x, y, epochs: 5, batch: 128, rate: 0.05)
  }
  results.append(Result(name: "MLP 784-128-10, batch 128, 5 epochs", figure: "samples/s", value: Double(5 * n) / timing.median,
                        loss: timing.loss, spread: String(format: "%.2f–%.2f", timing.low, timing.high) + " s"))
}

print("workload                               figure              value        final loss            runs")
for r in results {
  print(r.name.padding(toLength: 38, withPad: " ", startingAt: 0), r.figure.padding(toLength: 14, withPad: " ", startingAt: 0),
        String(format: "%12.1f", r.value), String(format: "  %.17g", r.loss), "  ", r.spread)
}
for r in results {
  print("{\"workload\":\"\(r.name)\",\"figure\":\"\(r.figure)\",\"value\":\(r.value),\"loss\":\(r.loss)}")
}
