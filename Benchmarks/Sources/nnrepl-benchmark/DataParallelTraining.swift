#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Dispatch
import NNEngine
import NNLanguage

/// Issue 12 §6's experiment, kept out of the engine: data parallelism inside a training step.
///
/// On two threads OpenBLAS splits each of a step's products between the cores, which for the
/// products of a 784-128-10 MLP at batches of 16–512 gains less than it could. Here each core
/// instead runs the whole forward and backward pass of half the batch with a single-threaded
/// BLAS, and the two halves' gradients are combined before one update. Every loss is a mean
/// over its rows, so with halves of n₀ and n₁ samples (n = n₀ + n₁)
///
///     ∇J = (n₀·∇J₀ + n₁·∇J₁) / n
///
/// which is the whole batch's gradient up to the order of the sums: the same training as
/// `Trainer.runEpoch`, batch for batch (the final losses agree to rounding).
struct DataParallelTraining {
  /// One core's share of a step: its half of the batch, its pass and its gradients.
  struct Half {
    var pass = ForwardPass(input: Matrix(rows: 0, columns: 0))
    var targets = Matrix(rows: 0, columns: 0)
    var gradients = Gradients()
  }

  var halves = [Half(), Half()]
  var state: OptimizerState

  init(network: Network) {
    state = OptimizerState(for: network)
    DataParallelTraining.useOneBLASThread()
    for k in halves.indices { halves[k].pass.mode = .training }
  }

  /// OpenBLAS threads each product unless told not to; with two workers of our own that would
  /// put four threads on two cores. (Accelerate, on macOS, has no such switch to find.)
  static func useOneBLASThread() {
    typealias SetThreads = @convention(c) (Int32) -> Void
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads")
    else { return }
    unsafeBitCast(symbol, to: SetThreads.self)(1)
  }

  /// Trains `epochs` epochs of plain gradient descent, shuffled as `Trainer.runEpoch` shuffles.
  mutating func train(
    _ network: inout Network, inputs: Matrix, targets: Matrix, epochs: Int, rate: Double, batch: Int
  ) {
    var shuffler = Session().shuffler
    let n = inputs.rows
    for _ in 0..<epochs {
      let order = shuffler.permutation(of: n)
      for start in stride(from: 0, to: n, by: batch) {
        step(
          &network, inputs: inputs, targets: targets, samples: order[start..<min(start + batch, n)],
          rate: rate)
      }
    }
  }

  /// One update from the batch `samples`: each half's forward and backward pass on a core of
  /// its own, then the gradients combined into the first half's, then the step.
  mutating func step(
    _ network: inout Network, inputs: Matrix, targets: Matrix, samples: ArraySlice<Int>,
    rate: Double
  ) {
    let middle = samples.startIndex + (samples.count + 1) / 2
    let parts = [samples[..<middle], samples[middle...]]
    for k in halves.indices {
      halves[k].pass.input.copyRows(of: inputs, at: parts[k])
      halves[k].targets.copyRows(of: targets, at: parts[k])
    }
    let model = network
    let workers = parts[1].isEmpty ? 1 : 2
    halves.withUnsafeMutableBufferPointer { buffer in
      // Each worker reads the shared network and writes only its own half.
      nonisolated(unsafe) let halves = buffer
      DispatchQueue.concurrentPerform(iterations: workers) { k in
        model.forward(into: &halves[k].pass)
        model.backward(
          halves[k].pass, targets: halves[k].targets, loss: .crossentropy,
          into: &halves[k].gradients)
      }
    }
    if workers == 2 { combineGradients(weights: Double(parts[0].count), Double(parts[1].count)) }
    network.update(along: halves[0].gradients, optimizer: .sgd, learningRate: rate, state: &state)
  }

  /// ∇ := (n₀·∇₀ + n₁·∇₁)/n into the first half's gradients, parameter by parameter.
  mutating func combineGradients(weights n0: Double, _ n1: Double) {
    let (w0, w1) = (n0 / (n0 + n1), n1 / (n0 + n1))
    for l in halves[0].gradients.layers.indices {
      for p in halves[0].gradients.layers[l].parameters.indices {
        halves[0].gradients.layers[l].parameters[p].updateEach(
          with: halves[1].gradients.layers[l].parameters[p]
        ) { g0, g1 in
          g0 = w0 * g0 + w1 * g1
        }
      }
    }
  }
}
