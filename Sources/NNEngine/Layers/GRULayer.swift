#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A gated recurrent unit layer (Cho et al., 2014) as Keras computes it by default
/// (`reset_after = true`, the form cuDNN and PyTorch use too).
///
/// Two gates decide how much of the state to keep: z (update) and r (reset). Their inputs come
/// from two products with separate biases, each with the gates in Keras's order z, r, h
/// (each H columns):
///
///     u_t = x_t·Wx + b_x          (the input's part,  n × 3H; b_x is row 0 of b)
///     v_t = h_{t−1}·Wh + b_h      (the state's part,  n × 3H; b_h is row 1 of b)
///     z = σ(u_z + v_z)   r = σ(u_r + v_r)   n = tanh(u_h + r ⊙ v_h)
///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
///
/// "Reset after" means r multiplies v_h, the state's product, after it is computed; that is why
/// the recurrent part needs its own bias and b is 2 × 3H. Parameters: 3·(F·H + H·H + 2H), the
/// same count as PyTorch's nn.GRU (its b_ih and b_hh are these two rows; its gates are in the
/// order r, z, n).
public struct GRULayer: Layer {
  public static let kind = "gru"
  /// `Wx`, F × 3H: the input's share of z, r and the candidate h.
  public var inputWeights: Matrix
  /// `Wh`, H × 3H: the previous state's share.
  public var recurrentWeights: Matrix
  /// `b`, 2 × 3H: row 0 is the input bias b_x, row 1 the recurrent bias b_h.
  public var bias: Matrix
  /// T, the number of time steps in a sample.
  public let steps: Int
  /// Whether the output is every step's h (n × T·H) rather than the last one (n × H).
  public let returnsSequences: Bool
  public var isFrozen = false

  public init(inputWeights: Matrix, recurrentWeights: Matrix, bias: Matrix, steps: Int, returnsSequences: Bool) {
    let units = recurrentWeights.rows
    precondition(recurrentWeights.columns == 3 * units && inputWeights.columns == 3 * units, "Wx must be F×3H and Wh H×3H")
    precondition(bias.rows == 2 && bias.columns == 3 * units, "bias must be 2×3H")
    precondition(steps >= 1, "a sequence has at least one step")
    (self.inputWeights, self.recurrentWeights, self.bias) = (inputWeights, recurrentWeights, bias)
    (self.steps, self.returnsSequences) = (steps, returnsSequences)
  }

  /// Layer number `number` of `units` units, its weights drawn from `initialization` (fans F and
  /// 3H, then H and 3H) from the seed's stream `number`; the biases start at zero.
  public init(
    number: Int, units: Int, features: Int, steps: Int, returnsSequences: Bool, initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    self.init(
      inputWeights: initialization.weights(fanIn: features, fanOut: 3 * units, using: &generator),
      recurrentWeights: initialization.weights(fanIn: units, fanOut: 3 * units, using: &generator),
      bias: Matrix(rows: 2, columns: 3 * units), steps: steps, returnsSequences: returnsSequences)
  }

  /// H, the width of the state.
  public var units: Int { recurrentWeights.rows }
  /// F, the features of one time step.
  public var features: Int { inputWeights.rows }

  public var inputShape: SampleShape { .sequence(steps: steps, features: features) }
  public var outputShape: SampleShape { returnsSequences ? .sequence(steps: steps, features: units) : .features(units) }
  /// `gru 8`, `gru 8 sequences`.
  public var description: String { "gru \(units)\(returnsSequences ? " sequences" : "")" }

  public var parameters: [LayerParameter] {
    [("Wx", inputWeights), ("Wh", recurrentWeights), ("b", bias)].map { LayerParameter(name: $0, value: $1, isTrainable: !isFrozen) }
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&inputWeights)
    case 1: body(&recurrentWeights)
    default: body(&bias)
    }
  }

  /// Wx and Wh (decayed by L2) and b, in place.
  public mutating func updateTrainableParameters(_ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void) {
    if isFrozen { return }
    body(0, true, &inputWeights)
    body(1, true, &recurrentWeights)
    body(2, false, &bias)
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = GRULayer(
      number: number, units: units, features: features, steps: steps, returnsSequences: returnsSequences,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  /// Each step's gates after their activations (z, r, n side by side, n × T·3H), the state's part
  /// of the candidate before r scales it, v_h = h_{t−1}·Wh_h + b_h (n × T·H), the states h_t
  /// (n × T·H), a row per sample; and the layer's output a: h_T, or every h_t.
  public var passNames: [String] { ["gates", "v", "h", "a"] }

  /// The forward pass on an n × (T·F) batch: every step's u_t in one product, then the loop, in
  /// time-major order (Matrix+Steps.swift): block t of a (T·n)-row matrix is step t.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let width = units
    let inputs = x.rowsOf(width: steps * features).timeMajor(steps: steps)
    let n = inputs.rows / steps
    let projected = Matrix.product(inputs, inputWeights) + bias.row(0)
    var gates = Matrix(rows: steps * n, columns: 3 * width)
    var (recurrentCandidate, states) = (Matrix(rows: steps * n, columns: width), Matrix(rows: steps * n, columns: width))
    var h = Matrix(rows: n, columns: width)
    for t in 0..<steps {
      let u = projected.rowBlock(t, size: n)
      let v = Matrix.product(h, recurrentWeights) + bias.row(1)
      var (gate, candidate) = (Matrix(rows: n, columns: 3 * width), Matrix(rows: n, columns: width))
      for s in 0..<n {
        for j in 0..<width {
          let base = s * 3 * width + j
          let z = Activation.sigmoid(u.elements[base] + v.elements[base])
          let r = Activation.sigmoid(u.elements[base + width] + v.elements[base + width])
          let vh = v.elements[base + 2 * width]
          let proposal = tanh(u.elements[base + 2 * width] + r * vh)
          h[s, j] = z * h[s, j] + (1 - z) * proposal
          (gate.elements[base], gate.elements[base + width], gate.elements[base + 2 * width]) = (z, r, proposal)
          candidate[s, j] = vh
        }
      }
      gates.setRowBlock(t, to: gate)
      recurrentCandidate.setRowBlock(t, to: candidate)
      states.setRowBlock(t, to: h)
    }
    pass.matrices = [gates, recurrentCandidate, states].map { $0.batchMajor(steps: steps) }
    pass.matrices.append(Recurrence.output(states: states, steps: steps, sequences: returnsSequences))
  }

  /// Backpropagation through time, the forward loop reversed. At step t, with dh the state's
  /// gradient (from the output, plus what step t + 1 sends back):
  ///
  ///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n:   dz = dh ⊙ (h_{t−1} − n),   dn = dh ⊙ (1 − z),
  ///                                          and dh ⊙ z goes straight back to h_{t−1}
  ///     n = tanh(a), a = u_h + r ⊙ v_h:      da = dn ⊙ (1 − n²),  dr = da ⊙ v_h,  dv_h = da ⊙ r
  ///     z = σ(u_z + v_z), r = σ(u_r + v_r):  du_z = dv_z = dz ⊙ z(1 − z),  du_r = dv_r = dr ⊙ r(1 − r)
  ///     du_h = da
  ///
  /// so du = [du_z, du_r, da] and dv = [du_z, du_r, da ⊙ r]; then dh_{t−1} = dh ⊙ z + dv·Whᵀ.
  /// Over all steps: dWx = Σ x_tᵀ·du_t, dWh = Σ h_{t−1}ᵀ·dv_t, db = [Σ du_t; Σ dv_t], dx_t = du_t·Wxᵀ.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    let width = units
    let (gates, candidates, states) = (
      pass.matrices[0].timeMajor(steps: steps), pass.matrices[1].timeMajor(steps: steps), pass.matrices[2].timeMajor(steps: steps)
    )
    let n = states.rows / steps
    let dOutput = g.delta.rowsOf(width: returnsSequences ? steps * width : width)
    let fromOutput = Recurrence.stateGradients(dOutput, steps: steps, units: width, sequences: returnsSequences)
    let previousStates = Recurrence.previousStates(states, samples: n)
    var (dU, dV) = (Matrix(rows: steps * n, columns: 3 * width), Matrix(rows: steps * n, columns: 3 * width))
    var dhNext = Matrix(rows: n, columns: width)
    for t in (0..<steps).reversed() {
      let dh = fromOutput.rowBlock(t, size: n) + dhNext
      let (gate, vh) = (gates.rowBlock(t, size: n), candidates.rowBlock(t, size: n))
      let previous = previousStates.rowBlock(t, size: n)
      var (du, dv) = (Matrix(rows: n, columns: 3 * width), Matrix(rows: n, columns: 3 * width))
      var straightBack = Matrix(rows: n, columns: width)
      for s in 0..<n {
        for j in 0..<width {
          let base = s * 3 * width + j
          let (z, r, proposal) = (gate.elements[base], gate.elements[base + width], gate.elements[base + 2 * width])
          let dz = dh[s, j] * (previous[s, j] - proposal) * z * (1 - z)
          let da = dh[s, j] * (1 - z) * (1 - proposal * proposal)
          let dr = da * vh[s, j] * r * (1 - r)
          (du.elements[base], du.elements[base + width], du.elements[base + 2 * width]) = (dz, dr, da)
          (dv.elements[base], dv.elements[base + width], dv.elements[base + 2 * width]) = (dz, dr, da * r)
          straightBack[s, j] = dh[s, j] * z
        }
      }
      dU.setRowBlock(t, to: du)
      dV.setRowBlock(t, to: dv)
      dhNext = straightBack + Matrix.product(dv, recurrentWeights, transposing: .right)
    }
    var dBias = Matrix(rows: 2, columns: 3 * width)
    dBias.setRowBlock(0, to: dU.columnSums)
    dBias.setRowBlock(1, to: dV.columnSums)
    let inputs = x.rowsOf(width: steps * features).timeMajor(steps: steps)
    g.parameters = [
      Matrix.product(inputs, dU, transposing: .left), Matrix.product(previousStates, dV, transposing: .left), dBias,
    ]
    if inputGradient != nil { inputGradient = Matrix.product(dU, inputWeights, transposing: .right).batchMajor(steps: steps) }
  }
}
