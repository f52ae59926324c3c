#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A long short-term memory layer (Hochreiter and Schmidhuber, 1997) as Keras computes it.
///
/// Besides its output h it carries a cell c, which changes only by what three gates let through.
/// At every step one product gives the four gates' pre-activations, side by side in Keras's
/// order i, f, c, o (each H columns):
///
///     z_t = x_t·Wx + h_{t−1}·Wh + b                       Wx F × 4H, Wh H × 4H, b 1 × 4H
///     i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
///     c_t = f ⊙ c_{t−1} + i ⊙ g                            forget some, write some
///     h_t = o ⊙ tanh(c_t)                                  show some
///
/// with h_0 = c_0 = 0. That is four simple RNN layers' worth of weights, 4·(F·H + H·H + H);
/// PyTorch's nn.LSTM adds a second bias of 4H (b_hh), which only ever appears summed with b_ih.
public struct LSTMLayer: Layer {
  public static let kind = "lstm"
  /// `Wx`, F × 4H: the input's share of the gates i, f, c, o.
  public var inputWeights: Matrix
  /// `Wh`, H × 4H: the previous output's share of the gates.
  public var recurrentWeights: Matrix
  /// `b`, 1 × 4H.
  public var bias: Matrix
  /// T, the number of time steps in a sample.
  public let steps: Int
  /// Whether the output is every step's h (n × T·H) rather than the last one (n × H).
  public let returnsSequences: Bool
  public var isFrozen = false

  public init(inputWeights: Matrix, recurrentWeights: Matrix, bias: Matrix, steps: Int, returnsSequences: Bool) {
    let units = recurrentWeights.rows
    precondition(recurrentWeights.columns == 4 * units && inputWeights.columns == 4 * units, "Wx must be F×4H and Wh H×4H")
    precondition(bias.rows == 1 && bias.columns == 4 * units, "bias must be 1×4H")
    precondition(steps >= 1, "a sequence has at least one step")
    (self.inputWeights, self.recurrentWeights, self.bias) = (inputWeights, recurrentWeights, bias)
    (self.steps, self.returnsSequences) = (steps, returnsSequences)
  }

  /// Layer number `number` of `units` units, its weights drawn from `initialization` (fans F and
  /// 4H, then H and 4H) from the seed's stream `number`. The biases start at zero except the
  /// forget gate's, which start at 1 as in Keras (`unit_forget_bias`): the cell remembers by
  /// default until training teaches it to forget.
  public init(
    number: Int, units: Int, features: Int, steps: Int, returnsSequences: Bool, initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    var bias = Matrix(rows: 1, columns: 4 * units)
    for j in units..<(2 * units) { bias[0, j] = 1 }
    self.init(
      inputWeights: initialization.weights(fanIn: features, fanOut: 4 * units, using: &generator),
      recurrentWeights: initialization.weights(fanIn: units, fanOut: 4 * units, using: &generator),
      bias: bias, steps: steps, returnsSequences: returnsSequences)
  }

  /// H, the width of the output and of the cell.
  public var units: Int { recurrentWeights.rows }
  /// F, the features of one time step.
  public var features: Int { inputWeights.rows }

  public var inputShape: SampleShape { .sequence(steps: steps, features: features) }
  public var outputShape: SampleShape { returnsSequences ? .sequence(steps: steps, features: units) : .features(units) }
  /// `lstm 8`, `lstm 8 sequences`.
  public var description: String { "lstm \(units)\(returnsSequences ? " sequences" : "")" }

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
    self = LSTMLayer(
      number: number, units: units, features: features, steps: steps, returnsSequences: returnsSequences,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  /// Each step's gates after their activations (i, f, g, o side by side, n × T·4H), cells c_t and
  /// outputs h_t (n × T·H), a row per sample; and the layer's output a: h_T, or every h_t.
  public var passNames: [String] { ["gates", "c", "h", "a"] }

  /// The forward pass on an n × (T·F) batch: every step's x_t·Wx in one product, then the loop,
  /// in time-major order (Matrix+Steps.swift): block t of a (T·n)-row matrix is step t.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let width = units
    let inputs = x.rowsOf(width: steps * features).timeMajor(steps: steps)
    let n = inputs.rows / steps
    let projected = Matrix.product(inputs, inputWeights)
    var (gates, cells, states) = (
      Matrix(rows: steps * n, columns: 4 * width), Matrix(rows: steps * n, columns: width),
      Matrix(rows: steps * n, columns: width)
    )
    var (h, c) = (Matrix(rows: n, columns: width), Matrix(rows: n, columns: width))
    for t in 0..<steps {
      var z = projected.rowBlock(t, size: n) + Matrix.product(h, recurrentWeights) + bias
      for s in 0..<n {
        for j in 0..<width {
          let base = s * 4 * width + j
          let i = Activation.sigmoid(z.elements[base])
          let f = Activation.sigmoid(z.elements[base + width])
          let g = tanh(z.elements[base + 2 * width])
          let o = Activation.sigmoid(z.elements[base + 3 * width])
          c[s, j] = f * c[s, j] + i * g
          h[s, j] = o * tanh(c[s, j])
          (z.elements[base], z.elements[base + width], z.elements[base + 2 * width], z.elements[base + 3 * width]) = (i, f, g, o)
        }
      }
      gates.setRowBlock(t, to: z)
      cells.setRowBlock(t, to: c)
      states.setRowBlock(t, to: h)
    }
    pass.matrices = [gates, cells, states].map { $0.batchMajor(steps: steps) }
    pass.matrices.append(Recurrence.output(states: states, steps: steps, sequences: returnsSequences))
  }

  /// Backpropagation through time, the forward loop reversed. Two gradients flow back from step
  /// t + 1: dh (through Wh, as in a simple RNN) and dc (through c_{t+1} = f ⊙ c_t + …). At step t:
  ///
  ///     dh  = ∂J/∂h_t (from the output) + dz_{t+1}·Whᵀ
  ///     h_t = o ⊙ tanh(c_t):          do = dh ⊙ tanh(c_t)
  ///                                   dc = dc_{t+1}·f_{t+1} + dh ⊙ o ⊙ (1 − tanh²(c_t))
  ///     c_t = f ⊙ c_{t−1} + i ⊙ g:    di = dc ⊙ g,  df = dc ⊙ c_{t−1},  dg = dc ⊙ i
  ///     through the activations:      dz_i = di ⊙ i(1 − i), dz_f = df ⊙ f(1 − f),
  ///                                   dz_c = dg ⊙ (1 − g²),  dz_o = do ⊙ o(1 − o)
  ///
  /// then, over all steps at once, dWx = Σ x_tᵀ·dz_t, dWh = Σ h_{t−1}ᵀ·dz_t, db = Σ dz_t, dx_t = dz_t·Wxᵀ.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    let width = units
    let (gatesAll, cells, states) = (
      pass.matrices[0].timeMajor(steps: steps), pass.matrices[1].timeMajor(steps: steps), pass.matrices[2].timeMajor(steps: steps)
    )
    let n = states.rows / steps
    let dOutput = g.delta.rowsOf(width: returnsSequences ? steps * width : width)
    let fromOutput = Recurrence.stateGradients(dOutput, steps: steps, units: width, sequences: returnsSequences)
    var dZ = Matrix(rows: steps * n, columns: 4 * width)
    var (dhNext, dcNext) = (Matrix(rows: n, columns: width), Matrix(rows: n, columns: width))
    for t in (0..<steps).reversed() {
      let dh = fromOutput.rowBlock(t, size: n) + dhNext
      let (gates, c) = (gatesAll.rowBlock(t, size: n), cells.rowBlock(t, size: n))
      let previousCell = t > 0 ? cells.rowBlock(t - 1, size: n) : Matrix(rows: n, columns: width)
      var dz = Matrix(rows: n, columns: 4 * width)
      for s in 0..<n {
        for j in 0..<width {
          let base = s * 4 * width + j
          let (i, f) = (gates.elements[base], gates.elements[base + width])
          let (g, o) = (gates.elements[base + 2 * width], gates.elements[base + 3 * width])
          let tanhC = tanh(c[s, j])
          let dOut = dh[s, j] * tanhC
          let dc = dcNext[s, j] + dh[s, j] * o * (1 - tanhC * tanhC)
          dz.elements[base] = dc * g * i * (1 - i)
          dz.elements[base + width] = dc * previousCell[s, j] * f * (1 - f)
          dz.elements[base + 2 * width] = dc * i * (1 - g * g)
          dz.elements[base + 3 * width] = dOut * o * (1 - o)
          dcNext[s, j] = dc * f  // c_t = f ⊙ c_{t−1} + …: the cell's gradient one step further back
        }
      }
      dZ.setRowBlock(t, to: dz)
      dhNext = Matrix.product(dz, recurrentWeights, transposing: .right)
    }
    let inputs = x.rowsOf(width: steps * features).timeMajor(steps: steps)
    g.parameters = [
      Matrix.product(inputs, dZ, transposing: .left),
      Matrix.product(Recurrence.previousStates(states, samples: n), dZ, transposing: .left),
      dZ.columnSums,
    ]
    if inputGradient != nil { inputGradient = Matrix.product(dZ, inputWeights, transposing: .right).batchMajor(steps: steps) }
  }
}
