#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A simple (Elman) recurrent layer, Keras's SimpleRNN: one tanh layer applied at every time step
/// to the step's input and to its own previous output.
///
///     h_t = tanh(x_t·Wx + h_{t−1}·Wh + b),   h_0 = 0
///
/// The same Wx (F × H), Wh (H × H) and b (1 × H) serve every step, so the layer has
/// F·H + H·H + H parameters whatever the length of the sequence. PyTorch's nn.RNN has two bias
/// vectors, b_ih and b_hh, which only ever appear as their sum: H more parameters, no more power.
///
/// The output is h_T, the last step's state, or every h_t when the layer returns `sequences`.
public struct SimpleRecurrentLayer: Layer {
  public static let kind = "rnn"
  /// `Wx`, F × H: how each step's input enters the state.
  public var inputWeights: Matrix
  /// `Wh`, H × H: how the previous state enters the next one.
  public var recurrentWeights: Matrix
  /// `b`, 1 × H.
  public var bias: Matrix
  /// T, the number of time steps in a sample.
  public let steps: Int
  /// Whether the output is every step's state (n × T·H) rather than the last one (n × H).
  public let returnsSequences: Bool
  public var isFrozen = false

  public init(inputWeights: Matrix, recurrentWeights: Matrix, bias: Matrix, steps: Int, returnsSequences: Bool) {
    let units = recurrentWeights.columns
    precondition(recurrentWeights.rows == units && inputWeights.columns == units, "Wx must be F×H and Wh H×H")
    precondition(bias.rows == 1 && bias.columns == units, "bias must be 1×H")
    precondition(steps >= 1, "a sequence has at least one step")
    (self.inputWeights, self.recurrentWeights, self.bias) = (inputWeights, recurrentWeights, bias)
    (self.steps, self.returnsSequences) = (steps, returnsSequences)
  }

  /// Layer number `number` of `units` units over `steps` steps of `features` features, its
  /// weights drawn from `initialization` (Wx with fans F and H, then Wh with H and H) from the
  /// seed's stream `number`; the biases start at zero.
  public init(
    number: Int, units: Int, features: Int, steps: Int, returnsSequences: Bool, initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    self.init(
      inputWeights: initialization.weights(fanIn: features, fanOut: units, using: &generator),
      recurrentWeights: initialization.weights(fanIn: units, fanOut: units, using: &generator),
      bias: Matrix(rows: 1, columns: units), steps: steps, returnsSequences: returnsSequences)
  }

  /// H, the width of the state.
  public var units: Int { recurrentWeights.columns }
  /// F, the features of one time step.
  public var features: Int { inputWeights.rows }

  public var inputShape: SampleShape { .sequence(steps: steps, features: features) }
  public var outputShape: SampleShape { returnsSequences ? .sequence(steps: steps, features: units) : .features(units) }
  /// `rnn 8`, `rnn 8 sequences`.
  public var description: String { "rnn \(units)\(returnsSequences ? " sequences" : "")" }

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
    self = SimpleRecurrentLayer(
      number: number, units: units, features: features, steps: steps, returnsSequences: returnsSequences,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  /// Every step's state h_t, n × (T·H) (a row per sample), and the output a: h_T, or every h_t.
  public var passNames: [String] { ["h", "a"] }

  /// The forward pass on an n × (T·F) batch: all the steps' x_t·Wx in one product, then the loop
  /// h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), one step after the other, in time-major order
  /// (Matrix+Steps.swift): block t of the (T·n)-row matrices is step t of every sample.
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let n = x.elements.count / (steps * features)
    let projected = Matrix.product(x.rowsOf(width: steps * features).timeMajor(steps: steps), inputWeights)
    var states = Matrix(rows: steps * n, columns: units)
    var h = Matrix(rows: n, columns: units)
    for t in 0..<steps {
      let z = projected.rowBlock(t, size: n) + Matrix.product(h, recurrentWeights) + bias
      h = z.map { tanh($0) }
      states.setRowBlock(t, to: h)
    }
    pass.matrices[0] = states.batchMajor(steps: steps)
    pass.matrices[1] = Recurrence.output(states: states, steps: steps, sequences: returnsSequences)
  }

  /// Backpropagation through time: the forward loop run backwards, from the last step to the first.
  ///
  /// At step t the state's gradient has two sources, the output (if h_t was part of it) and the
  /// next step, which read h_t through Wh:
  ///
  ///     dh_t = ∂J/∂h_t (from the output) + dz_{t+1}·Whᵀ
  ///     dz_t = dh_t ⊙ (1 − h_t²)                         (tanh′ = 1 − tanh²)
  ///
  /// Every step used the same weights, so their gradients add up over the steps, which after the
  /// loop is one product each: dWx = Σ x_tᵀ·dz_t, dWh = Σ h_{t−1}ᵀ·dz_t, db = Σ dz_t, and
  /// dx_t = dz_t·Wxᵀ.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    let states = pass.matrices[0].timeMajor(steps: steps)
    let (dZ, _) = throughTime(g.delta, states: states)
    let inputs = x.rowsOf(width: steps * features).timeMajor(steps: steps)
    g.parameters = [
      Matrix.product(inputs, dZ, transposing: .left),
      Matrix.product(Recurrence.previousStates(states, samples: inputs.rows / steps), dZ, transposing: .left),
      dZ.columnSums,
    ]
    if inputGradient != nil { inputGradient = Matrix.product(dZ, inputWeights, transposing: .right).batchMajor(steps: steps) }
  }

  /// The reverse-time loop of `backward`: from ∂J/∂(output) and the time-major states h_t, every
  /// step's dz_t (time-major, (T·n) × H) and what is left after the first step, dz_1·Whᵀ = ∂J/∂h_0.
  /// nnrepl always starts from h_0 = 0, so it has no use for ∂J/∂h_0; a stateful RNN would pass
  /// it on to the batch before, and the reference checks it.
  public func throughTime(_ dOutput: Matrix, states: Matrix) -> (dZ: Matrix, initialState: Matrix) {
    let n = states.rows / steps
    let width = returnsSequences ? steps * units : units
    let fromOutput = Recurrence.stateGradients(dOutput.rowsOf(width: width), steps: steps, units: units, sequences: returnsSequences)
    var dZ = Matrix(rows: steps * n, columns: units)
    var fromNextStep = Matrix(rows: n, columns: units)
    for t in (0..<steps).reversed() {
      let dh = fromOutput.rowBlock(t, size: n) + fromNextStep
      let h = states.rowBlock(t, size: n)
      let dz = dh.combined(with: h) { gradient, state in gradient * (1 - state * state) }
      dZ.setRowBlock(t, to: dz)
      fromNextStep = Matrix.product(dz, recurrentWeights, transposing: .right)
    }
    return (dZ, fromNextStep)
  }
}
