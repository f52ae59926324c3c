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
public struct SimpleRecurrentLayer: Equatable, Sendable {
  /// `Wx`, F × H: how each step's input enters the state.
  public var inputWeights: Matrix
  /// `Wh`, H × H: how the previous state enters the next one.
  public var recurrentWeights: Matrix
  /// `b`, 1 × H.
  public var bias: Matrix
  /// T, the number of time steps in a sample.
  public let steps: Int
  /// Whether the output is every step's state (n × T·H) rather than the last one (n × H).
  public var returnsSequences: Bool

  public init(inputWeights: Matrix, recurrentWeights: Matrix, bias: Matrix, steps: Int, returnsSequences: Bool) {
    let units = recurrentWeights.columns
    precondition(recurrentWeights.rows == units && inputWeights.columns == units, "Wx must be F×H and Wh H×H")
    precondition(bias.rows == 1 && bias.columns == units, "bias must be 1×H")
    precondition(steps >= 1, "a sequence has at least one step")
    (self.inputWeights, self.recurrentWeights, self.bias) = (inputWeights, recurrentWeights, bias)
    (self.steps, self.returnsSequences) = (steps, returnsSequences)
  }

  /// A layer of `units` units over `steps` steps of `features` features, its weights drawn from
  /// `initialization` (Wx with fans F and H, Wh with H and H); the biases start at zero.
  public init(
    units: Int, features: Int, steps: Int, returnsSequences: Bool, initialization: Initialization,
    using generator: inout SeededGenerator
  ) {
    self.init(
      inputWeights: initialization.weights(fanIn: features, fanOut: units, using: &generator),
      recurrentWeights: initialization.weights(fanIn: units, fanOut: units, using: &generator),
      bias: Matrix(rows: 1, columns: units), steps: steps, returnsSequences: returnsSequences)
  }

  /// H, the width of the state.
  public var units: Int { recurrentWeights.columns }
  /// F, the features of one time step.
  public var features: Int { inputWeights.rows }
  /// F·H + H·H + H.
  public var parameterCount: Int { (features + units + 1) * units }

  /// What the forward pass keeps for the backward pass, in time-major order.
  public struct Cache: Equatable, Sendable {
    /// The inputs x_t, (T·n) × F.
    public var inputs: Matrix
    /// The states h_t, (T·n) × H.
    public var states: Matrix
    /// The output: h_T (n × H), or every h_t (n × T·H).
    public var output: Matrix
  }

  /// The gradients of the loss with respect to the parameters and to the initial state.
  public struct Gradients: Equatable, Sendable {
    /// ∂J/∂Wx, F × H.
    public var inputWeights: Matrix
    /// ∂J/∂Wh, H × H.
    public var recurrentWeights: Matrix
    /// ∂J/∂b, 1 × H.
    public var bias: Matrix
    /// ∂J/∂h_0, n × H: what the gradient carried past the first step would do to a given start
    /// state. nnrepl always starts from zeros; the reference checks this number all the same.
    public var initialState: Matrix
  }

  /// The forward pass on an n × (T·F) batch: all the steps' x_t·Wx in one product, then the loop
  /// h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), one step after the other.
  public func forward(_ x: Matrix) -> Cache {
    let n = x.rows
    let inputs = x.timeMajor(steps: steps)
    let projected = Matrix.product(inputs, inputWeights)
    var states = Matrix(rows: steps * n, columns: units)
    var h = Matrix(rows: n, columns: units)
    for t in 0..<steps {
      let z = projected.rowBlock(t, size: n) + Matrix.product(h, recurrentWeights) + bias
      h = z.map { tanh($0) }
      states.setRowBlock(t, to: h)
    }
    let output = Recurrence.output(states: states, steps: steps, sequences: returnsSequences)
    return Cache(inputs: inputs, states: states, output: output)
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
  public func backward(_ dOutput: Matrix, cache: Cache) -> (input: Matrix, gradients: Gradients) {
    let n = dOutput.rows
    let fromOutput = Recurrence.stateGradients(dOutput, steps: steps, units: units, sequences: returnsSequences)
    var dZ = Matrix(rows: steps * n, columns: units)
    var fromNextStep = Matrix(rows: n, columns: units)
    for t in (0..<steps).reversed() {
      let dh = fromOutput.rowBlock(t, size: n) + fromNextStep
      let h = cache.states.rowBlock(t, size: n)
      let dz = dh.combined(with: h) { gradient, state in gradient * (1 - state * state) }
      dZ.setRowBlock(t, to: dz)
      fromNextStep = Matrix.product(dz, recurrentWeights, transposing: .right)
    }
    let previous = Recurrence.previousStates(cache.states, samples: n)
    let gradients = Gradients(
      inputWeights: Matrix.product(cache.inputs, dZ, transposing: .left),
      recurrentWeights: Matrix.product(previous, dZ, transposing: .left),
      bias: dZ.columnSums, initialState: fromNextStep)
    let dx = Matrix.product(dZ, inputWeights, transposing: .right).batchMajor(steps: steps)
    return (dx, gradients)
  }
}
