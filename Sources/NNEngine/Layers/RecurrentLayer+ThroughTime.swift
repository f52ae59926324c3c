/// The loop over the time steps, forwards and backwards, that every recurrent cell shares.
///
/// The pass keeps each matrix with a row per sample, every step's numbers side by side (n × T·w),
/// as `show` prints it; a step is a block of it with a row per sample (columns t·w ..< (t+1)·w),
/// which the cell reads and writes in place. The backward pass gathers each step's gradients in
/// time-major order instead ((T·n) × w, block t is rows t·n ..< (t+1)·n, see Matrix+Steps.swift),
/// so that each weight's gradient over all the steps is one product after the loop. Its buffers
/// live in `LayerGradients.workspace`, so after the first batch it allocates nothing; the forward
/// pass allocates v_t's matrix and h_0 once for all its steps.
extension RecurrentLayer {
  /// The forward pass on an n × (T·F) batch: every step's u_t = x_t·Wx in one product, then the
  /// steps one after the other, each computing v_t = h_{t−1}·Wh for its cell.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let (n, width, last) = (
      x.elements.count / (steps * features), Cell.gates * units, pass.matrices.count - 1
    )
    var kept = (0..<last).map { pass.matrices.take($0) }
    for k in kept.indices {
      kept[k].ensureShape(rows: n, columns: steps * (k == 0 ? width : units))
    }
    var recurrent = Matrix(rows: n, columns: width)
    let initialState = Matrix(rows: n, columns: units)  // h_0 = 0
    kept.withMutableBlocks { matrices in
      // The batch read as a row per sample and step (n·T × F) gives u in the same order.
      x.withBlock(width: features) { x in
        inputWeights.withBlock { wx in
          MatrixBlock.multiply(
            x, wx,
            into: MatrixBlock(
              start: matrices[0].start, rows: n * steps, columns: width, stride: width))
        }
      }
      initialState.withBlock { initialState in
        recurrent.withMutableBlock { v in
          recurrentWeights.withBlock { wh in
            for t in 0..<steps {
              let step = RecurrentStep(
                time: t, samples: n, units: units, steps: steps, matrices: matrices)
              MatrixBlock.multiply(step.previous(last - 1) ?? initialState, wh, into: v)
              Cell.forward(step, recurrent: v, bias: bias)
            }
          }
        }
      }
    }
    for (k, matrix) in kept.enumerated() { pass.matrices[k] = matrix }
    writeOutput(states: kept[last - 1], into: &pass.matrices[last])
  }

  /// a = every h_t (n × T·H) when the layer returns sequences, else h_T (n × H).
  private func writeOutput(states: Matrix, into output: inout Matrix) {
    let n = states.rows
    output.ensureShape(rows: n, columns: returnsSequences ? steps * units : units)
    for s in 0..<n {
      for j in 0..<output.columns {
        output.elements[s * output.columns + j] =
          states.elements[(s + 1) * states.columns - output.columns + j]
      }
    }
  }

  /// Backpropagation through time: the forward loop run backwards, from the last step to the
  /// first. At step t the state's gradient has two sources, the output (if h_t was part of it)
  /// and step t + 1, which read h_t through Wh (and, in a gru, directly):
  ///
  ///     dh_t = ∂J/∂h_t (from the output) + dv_{t+1}·Whᵀ (+ the part past Wh)
  ///
  /// and the cell turns dh_t into du_t and dv_t. Every step used the same weights, so their
  /// gradients add up over the steps, which after the loop is one product each, over all the
  /// steps' blocks at once: dWx = Σ x_tᵀ·du_t, dWh = Σ h_{t−1}ᵀ·dv_t, db = Σ du_t (gru: and
  /// Σ dv_t, its second row), and dx_t = du_t·Wxᵀ.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    let n = x.elements.count / (steps * features)
    var w = RecurrentWorkspace(taking: &g.workspace)
    w.prepare(
      samples: n, steps: steps, features: features, units: units, gates: Cell.gates,
      separate: Cell.biasRows == 2)
    throughTime(pass, dOutput: g.delta, &w)
    let dV = Cell.biasRows == 2 ? w.recurrentGradients : w.inputGradients
    g.prepare(parameterCount: 3)
    x.rowsOf(width: steps * features).timeMajor(steps: steps, into: &w.inputs)
    g.parameters[0].ensureShape(rows: features, columns: Cell.gates * units)
    Matrix.multiply(w.inputs, w.inputGradients, transposing: .left, into: &g.parameters[0])
    w.previousStates(of: pass.matrices[pass.matrices.count - 2], steps: steps)
    g.parameters[1].ensureShape(rows: units, columns: Cell.gates * units)
    Matrix.multiply(w.previousStates, dV, transposing: .left, into: &g.parameters[1])
    g.parameters[2].ensureShape(rows: Cell.biasRows, columns: Cell.gates * units)
    w.inputGradients.columnSums(into: &g.parameters[2], row: 0)
    if Cell.biasRows == 2 { w.recurrentGradients.columnSums(into: &g.parameters[2], row: 1) }
    if inputGradient != nil {
      Matrix.multiply(w.inputGradients, inputWeights, transposing: .right, into: &w.inputs)
      inputGradient.write { w.inputs.batchMajor(steps: steps, into: &$0) }
    }
    w.giveBack(to: &g.workspace)
  }

  /// The reverse-time loop of `backward`: every step's du_t and dv_t into the workspace, and what
  /// is left after the first step, ∂J/∂h_0, in its `state`.
  private func throughTime(_ pass: LayerPass, dOutput: Matrix, _ w: inout RecurrentWorkspace) {
    let (n, separate) = (w.state.rows, Cell.biasRows == 2)
    Array(pass.matrices.dropLast()).withBlocks { matrices in
      for t in (0..<steps).reversed() {
        // dh_t: what came from the output at step t, plus what step t + 1 left in `state`.
        for s in 0..<n {
          for j in 0..<units {
            let fromOutput =
              returnsSequences
              ? dOutput.elements[(s * steps + t) * units + j]
              : t == steps - 1 ? dOutput.elements[s * units + j] : 0
            w.state.elements[s * units + j] = fromOutput + w.state.elements[s * units + j]
          }
        }
        w.withStepGradients(separate: separate) { gradients in
          Cell.backward(
            RecurrentStep(time: t, samples: n, units: units, steps: steps, matrices: matrices),
            gradients)
        }
        w.inputGradients.setRowBlock(t, to: w.stepInput)
        if separate { w.recurrentGradients.setRowBlock(t, to: w.stepRecurrent) }
        // dh_{t−1} = (the part past Wh) + dv_t·Whᵀ.
        Matrix.multiply(
          separate ? w.stepRecurrent : w.stepInput, recurrentWeights, transposing: .right,
          into: &w.state)
        if Cell.readsPreviousState {
          w.state.updateEach(with: w.skip) { product, skip in product = skip + product }
        }
      }
    }
  }

  /// ∂J/∂h_0, what backpropagation through time leaves after the first step, from ∂J/∂(output) =
  /// `dOutput`. nnrepl always starts from h_0 = 0 and has no use for it; a stateful RNN would
  /// pass it on to the batch before, and the reference checks it.
  public func initialStateGradient(input x: Matrix, pass: LayerPass, dOutput: Matrix) -> Matrix {
    var gradients = LayerGradients()
    gradients.delta = dOutput
    var inputGradient: Matrix? = nil
    backward(
      input: x, pass: pass, gradients: &gradients, deltaIsPreActivation: false,
      inputGradient: &inputGradient)
    return RecurrentWorkspace(taking: &gradients.workspace).state
  }
}

/// One time step as a cell sees it: blocks of the pass's matrices with a row per sample, read and
/// written where they lie, so a step copies nothing.
public struct RecurrentStep {
  /// t, counted from 0.
  public let time: Int
  /// n, the samples in the batch.
  public let samples: Int
  /// H, the width of the state.
  public let units: Int
  /// T.
  let steps: Int
  /// The pass's matrices but the output, whole: n × T·(numbers a step).
  let matrices: [MatrixBlock]

  /// Matrix k of the cell's `passNames` at this step: n × (its numbers a step).
  public func current(_ k: Int) -> MatrixBlock { block(k, at: time) }

  /// Matrix k at the step before; nil at the first step, where h_0 = c_0 = 0.
  public func previous(_ k: Int) -> MatrixBlock? { time == 0 ? nil : block(k, at: time - 1) }

  private func block(_ k: Int, at t: Int) -> MatrixBlock {
    let width = matrices[k].columns / steps
    return matrices[k].block(row: 0, column: t * width, rows: samples, columns: width)
  }
}

/// One step's gradients, a row per sample, which the cell writes from ∂J/∂h_t.
public struct RecurrentStepGradients {
  /// ∂J/∂h_t, n × H: from the output (if h_t was part of it) and from step t + 1.
  public let state: MatrixBlock
  /// ∂J/∂u_t, n × G·H, to write.
  public let input: MatrixBlock
  /// ∂J/∂v_t, n × G·H, to write when the cell has two bias rows; otherwise the same block as
  /// `input`, since u_t and v_t then enter the same sums.
  public let recurrent: MatrixBlock
  /// The part of ∂J/∂h_{t−1} that does not go back through Wh, n × H, to write when the cell
  /// `readsPreviousState`.
  public let skip: MatrixBlock
  /// The cell's own gradient carried from step to step (lstm's ∂J/∂c), n × H: 0 at the last
  /// step; the cell reads step t + 1's and leaves step t's.
  public let carried: MatrixBlock
}

/// The backward pass's matrices, lent out of `LayerGradients.workspace` and reused from batch to
/// batch.
struct RecurrentWorkspace {
  /// Every step's ∂J/∂u_t and ∂J/∂v_t, (T·n) × G·H in time-major order; the second only for a
  /// cell with two bias rows.
  var inputGradients: Matrix
  var recurrentGradients: Matrix
  /// One step's ∂J/∂u_t and ∂J/∂v_t as the cell writes them, n × G·H.
  var stepInput: Matrix
  var stepRecurrent: Matrix
  /// dh_t, n × H; after the loop, ∂J/∂h_0.
  var state: Matrix
  /// The cell's `skip` and `carried`, n × H.
  var skip: Matrix
  var carried: Matrix
  /// The input x, then ∂J/∂x, (T·n) × F, and every step's h_{t−1}, (T·n) × H, in time-major order.
  var inputs: Matrix
  var previousStates: Matrix

  /// The matrices lent out of `workspace`, which are empty the first time.
  init(taking workspace: inout [Matrix]) {
    if workspace.count != 9 { workspace.prepare(count: 9) }
    (inputGradients, recurrentGradients, stepInput) = (
      workspace.take(0), workspace.take(1), workspace.take(2)
    )
    (stepRecurrent, state, skip) = (workspace.take(3), workspace.take(4), workspace.take(5))
    (carried, inputs, previousStates) = (workspace.take(6), workspace.take(7), workspace.take(8))
  }

  /// Puts the matrices back where `init(taking:)` found them.
  func giveBack(to workspace: inout [Matrix]) {
    (workspace[0], workspace[1], workspace[2]) = (inputGradients, recurrentGradients, stepInput)
    (workspace[3], workspace[4], workspace[5]) = (stepRecurrent, state, skip)
    (workspace[6], workspace[7], workspace[8]) = (carried, inputs, previousStates)
  }

  /// Gives every matrix its shape for n samples of T steps, and starts dh and the carried gradient
  /// at 0.
  mutating func prepare(
    samples n: Int, steps: Int, features: Int, units: Int, gates: Int, separate: Bool
  ) {
    inputGradients.ensureShape(rows: steps * n, columns: gates * units)
    recurrentGradients.ensureShape(rows: separate ? steps * n : 0, columns: gates * units)
    stepInput.ensureShape(rows: n, columns: gates * units)
    stepRecurrent.ensureShape(rows: separate ? n : 0, columns: gates * units)
    state.zero(rows: n, columns: units)
    carried.zero(rows: n, columns: units)
    skip.ensureShape(rows: n, columns: units)
    inputs.ensureShape(rows: steps * n, columns: features)
    previousStates.ensureShape(rows: steps * n, columns: units)
  }

  /// Every step's h_{t−1} in time-major order from the pass's states (n × T·H): block 0 is h_0 = 0
  /// and block t is h_{t−1}, so that dWh = Σ_t h_{t−1}ᵀ·dv_t is one product.
  mutating func previousStates(of states: Matrix, steps: Int) {
    let (n, units) = (states.rows, states.columns / steps)
    for k in 0..<(n * units) { previousStates.elements[k] = 0 }
    for s in 0..<n {
      for t in 1..<steps {
        for j in 0..<units {
          previousStates.elements[(t * n + s) * units + j] =
            states.elements[s * states.columns + (t - 1) * units + j]
        }
      }
    }
  }

  /// Calls `body` with blocks over the step's gradients, to write in place.
  mutating func withStepGradients(separate: Bool, _ body: (RecurrentStepGradients) -> Void) {
    state.withMutableBlock { state in
      stepInput.withMutableBlock { input in
        stepRecurrent.withMutableBlock { recurrent in
          skip.withMutableBlock { skip in
            carried.withMutableBlock { carried in
              body(
                RecurrentStepGradients(
                  state: state, input: input, recurrent: separate ? recurrent : input, skip: skip,
                  carried: carried))
            }
          }
        }
      }
    }
  }
}

extension Matrix {
  /// Gives the matrix the shape rows × columns, every entry 0, keeping its storage if it fits.
  fileprivate mutating func zero(rows: Int, columns: Int) {
    ensureShape(rows: rows, columns: columns)
    for k in elements.indices { elements[k] = 0 }
  }

  /// Writes the sum of each column over every row into row `row` of `sums`, in the order
  /// `columnSums(into:)` adds: a bias's gradient, one row of a two-row bias.
  fileprivate func columnSums(into sums: inout Matrix, row: Int) {
    let start = row * columns
    for j in 0..<columns { sums.elements[start + j] = 0 }
    for i in 0..<rows {
      for j in 0..<columns { sums.elements[start + j] += elements[i * columns + j] }
    }
  }
}

extension Array where Element == Matrix {
  /// Calls `body` with a block over each matrix (rows of its own width), all at once, to read:
  /// `withBlock` for a list.
  fileprivate func withBlocks<Result>(_ body: ([MatrixBlock]) -> Result) -> Result {
    withUnsafeBufferPointer { matrices in
      func open(_ k: Int, _ blocks: [MatrixBlock]) -> Result {
        k == matrices.count ? body(blocks) : matrices[k].withBlock { open(k + 1, blocks + [$0]) }
      }
      return open(0, [])
    }
  }

  /// The same, to write: `withMutableBlock` for a list.
  fileprivate mutating func withMutableBlocks<Result>(_ body: ([MatrixBlock]) -> Result) -> Result {
    withUnsafeMutableBufferPointer { buffer in
      let matrices = buffer
      func open(_ k: Int, _ blocks: [MatrixBlock]) -> Result {
        k == matrices.count
          ? body(blocks) : matrices[k].withMutableBlock { open(k + 1, blocks + [$0]) }
      }
      return open(0, [])
    }
  }
}
