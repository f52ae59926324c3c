/// What the three recurrent layers (rnn, lstm, gru) share: everything but their cell's equations.
///
/// A recurrent layer reads a sequence of T steps of F features one step at a time, carrying a
/// state h of H numbers from step to step. Every cell starts each step from the same two products,
/// side by side in G blocks of H columns (its gates), with the same weights at every step:
///
///     u_t = x_t·Wx   (Wx F × G·H)        v_t = h_{t−1}·Wh   (Wh H × G·H),   h_0 = 0
///
/// and its bias b (1 × G·H). `RecurrentLayer` holds Wx, Wh and b and runs the loop over the steps,
/// forwards and backwards (RecurrentLayer+ThroughTime.swift); a cell says what one step computes
/// from u_t and v_t, and how that step's gradient goes back: SimpleRecurrentLayer.swift,
/// LSTMLayer.swift and GRULayer.swift, each its equations only.
public protocol RecurrentCell: Sendable {
  /// The kind's name in commands and model files: `rnn`.
  static var kind: String { get }
  /// G, the blocks of H columns in Wx, Wh and b: 1 for rnn, 4 for lstm, 3 for gru.
  static var gates: Int { get }
  /// The rows of b: 1, or 2 when v_t has a bias of its own (gru's v = h·Wh + b_h); ∂J/∂u and ∂J/∂v
  /// then differ, and the cell writes both.
  static var biasRows: Int { get }
  /// Whether h_t reads h_{t−1} directly as well as through Wh (gru: z ⊙ h_{t−1}); the cell then
  /// writes that part of ∂J/∂h_{t−1}, which does not go back through Wh.
  static var readsPreviousState: Bool { get }
  /// What a pass keeps for `show`, each a row per sample with every step's numbers side by side.
  /// The first receives u_t (G·H numbers a step), which the cell overwrites with what it keeps;
  /// the one before the last is h (H a step); the last is the output a, h_T or every h_t; any
  /// other has H a step.
  static var passNames: [String] { get }
  /// b before training, for H units.
  static func initialBias(units: Int) -> Matrix
  /// Step t of the forward pass, every sample at once: from u_t (in the first of the step's
  /// matrices), v_t and b, the step's matrices — h_t among them.
  static func forward(_ step: RecurrentStep, recurrent v: MatrixBlock, bias: Matrix)
  /// Step t of backpropagation through time: from ∂J/∂h_t and the step's matrices, ∂J/∂u_t
  /// (and ∂J/∂v_t, ∂J/∂h_{t−1} past Wh, where the cell has them).
  static func backward(_ step: RecurrentStep, _ gradients: RecurrentStepGradients)
}

extension RecurrentCell {
  public static var biasRows: Int { 1 }
  public static var readsPreviousState: Bool { false }
  /// Zeros.
  public static func initialBias(units: Int) -> Matrix {
    Matrix(rows: biasRows, columns: gates * units)
  }
}

/// A recurrent layer with the equations of `Cell`: `SimpleRecurrentLayer`, `LSTMLayer` or
/// `GRULayer`. The output is h_T, the last step's state, or every h_t when the layer returns
/// `sequences`. Wx, Wh and b serve every step, so the parameters, G·(F·H + H·H) + rows(b)·G·H,
/// do not depend on the length of the sequence.
public struct RecurrentLayer<Cell: RecurrentCell>: Layer {
  public static var kind: String { Cell.kind }
  /// `Wx`, F × G·H: how each step's input enters the gates.
  public var inputWeights: Matrix
  /// `Wh`, H × G·H: how the previous state enters them.
  public var recurrentWeights: Matrix
  /// `b`, 1 × G·H (gru: 2 × G·H, the input's bias, then the state's).
  public var bias: Matrix
  /// T, the number of time steps in a sample.
  public let steps: Int
  /// Whether the output is every step's state (n × T·H) rather than the last one (n × H).
  public let returnsSequences: Bool
  public var isFrozen = false

  public init(
    inputWeights: Matrix, recurrentWeights: Matrix, bias: Matrix, steps: Int, returnsSequences: Bool
  ) {
    let (width, gates) = (
      Cell.gates * recurrentWeights.rows, Cell.gates == 1 ? "H" : "\(Cell.gates)H"
    )
    precondition(
      recurrentWeights.columns == width && inputWeights.columns == width,
      "Wx must be F×\(gates) and Wh H×\(gates)")
    precondition(
      bias.rows == Cell.biasRows && bias.columns == width, "bias must be \(Cell.biasRows)×\(gates)")
    precondition(steps >= 1, "a sequence has at least one step")
    (self.inputWeights, self.recurrentWeights, self.bias) = (inputWeights, recurrentWeights, bias)
    (self.steps, self.returnsSequences) = (steps, returnsSequences)
  }

  /// Layer number `number` of `units` units over `steps` steps of `features` features, its
  /// weights drawn from `initialization` (Wx with fans F and G·H, then Wh with H and G·H) from
  /// the seed's stream `number`, its biases the cell's `initialBias`.
  public init(
    number: Int, units: Int, features: Int, steps: Int, returnsSequences: Bool,
    initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    self.init(
      inputWeights: initialization.weights(
        fanIn: features, fanOut: Cell.gates * units, using: &generator),
      recurrentWeights: initialization.weights(
        fanIn: units, fanOut: Cell.gates * units, using: &generator),
      bias: Cell.initialBias(units: units), steps: steps, returnsSequences: returnsSequences)
  }

  /// H, the width of the state.
  public var units: Int { recurrentWeights.rows }
  /// F, the features of one time step.
  public var features: Int { inputWeights.rows }

  public var inputShape: SampleShape { .sequence(steps: steps, features: features) }
  public var outputShape: SampleShape {
    returnsSequences ? .sequence(steps: steps, features: units) : .features(units)
  }
  /// `lstm 8`, `lstm 8 sequences`.
  public var description: String { "\(Cell.kind) \(units)\(returnsSequences ? " sequences" : "")" }

  public var parameters: [LayerParameter] {
    [("Wx", inputWeights), ("Wh", recurrentWeights), ("b", bias)].map {
      LayerParameter(name: $0, value: $1, isTrainable: !isFrozen)
    }
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    switch index {
    case 0: body(&inputWeights)
    case 1: body(&recurrentWeights)
    default: body(&bias)
    }
  }

  /// Wx and Wh (decayed by L2) and b, in place.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    body(0, true, &inputWeights)
    body(1, true, &recurrentWeights)
    body(2, false, &bias)
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = RecurrentLayer(
      number: number, units: units, features: features, steps: steps,
      returnsSequences: returnsSequences,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  public var passNames: [String] { Cell.passNames }
}
