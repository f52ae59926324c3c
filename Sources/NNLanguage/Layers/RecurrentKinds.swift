import NNEngine
import NNRender

/// `layer rnn <units> [sequences]`: a simple recurrent layer (`NNEngine/Layers/SimpleRecurrentLayer.swift`).
enum RNNKind: RecurrentKind {
  typealias Cell = SimpleRecurrentCell
  static let synopsis = "layer rnn <units> [sequences]"
  static let summary = "append a simple recurrent layer: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)"
  static let details = """
    rnn, lstm, gru: read a sequence (input T×F) a step at a time, carrying a state of H numbers;
      the output is the last step's (H features), or every step's (T×H) with 'sequences'.
      Backpropagation runs through time: the forward loop, backwards. Layer l owns Wx{l},
      Wh{l} and b{l}. rnn: h_t = tanh(x_t·Wx + h_{t−1}·Wh + b), F·H + H·H + H parameters
      (6,208 for 64 units on 32 features; PyTorch's nn.RNN has two biases: 6,272).
    """
  static let examples = ["layer rnn 16", "layer rnn 16 sequences"]

  static func equation(number l: Int, input: String) -> String {
    "h_t = tanh(x_t·Wx\(l) + h_{t−1}·Wh\(l) + b\(l))"
  }
}

/// `layer lstm <units> [sequences]`: a long short-term memory layer, gates i, f, c, o as Keras.
enum LSTMKind: RecurrentKind {
  typealias Cell = LSTMCell
  static let synopsis = "layer lstm <units> [sequences]"
  static let summary =
    "append an LSTM layer: a cell c that gates i, f, o let change, h = o ⊙ tanh(c)"
  static let details = """
      lstm: gates i, f, c, o (Keras's order) side by side in Wx (F×4H), Wh (H×4H), b (1×4H):
      4·(F·H + H·H + H) parameters, four rnns' worth (24,832; PyTorch: 25,088). Forget bias 1.
    """
  static let examples = ["layer lstm 16", "layer lstm 16 sequences"]

  static func equation(number l: Int, input: String) -> String {
    "a\(l) = lstm(\(input); Wx\(l), Wh\(l), b\(l)), gates i f c o"
  }
}

/// `layer gru <units> [sequences]`: a gated recurrent unit, Keras's default `reset_after`.
enum GRUKind: RecurrentKind {
  typealias Cell = GRUCell
  static let synopsis = "layer gru <units> [sequences]"
  static let summary = "append a GRU layer: gates z and r choose how much of the state to keep"
  static let details = """
      gru: gates z, r, h (Keras's order), reset after the recurrent product (Keras's default):
      Wx (F×3H), Wh (H×3H), b (2×3H: the input's bias, then the state's), 3·(F·H + H·H + 2H)
      parameters (18,816; PyTorch's nn.GRU counts the same).
    """
  static let examples = ["layer gru 16", "layer gru 16 sequences"]

  static func equation(number l: Int, input: String) -> String {
    "a\(l) = gru(\(input); Wx\(l), Wh\(l), b\(l)), gates z r h"
  }
}

/// What the three recurrent kinds share: all but their help and their summary's equation. The
/// engine's `Cell` gives the name, the gates, the bias's rows and the pass's names.
protocol RecurrentKind: LayerKind {
  associatedtype Cell: RecurrentCell
  /// The summary's equation for layer `l`.
  static func equation(number l: Int, input: String) -> String
}

extension RecurrentKind {
  static var name: String { Cell.kind }
  static var parameterNames: [String] { ["Wx", "Wh", "b"] }
  static var passNames: [String] { Cell.passNames }

  /// layer rnn|lstm|gru <units:Int> [sequences]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let units = try parser.expectInteger(
      "the number of units after '\(name)'", in: 1...Limits.width)
    let sequences = parser.eat(word: "sequences")
    try parser.expectEnd(after: sequences ? "'sequences'" : "the number of units")
    return RecurrentRequest<Cell>(units: units, sequences: sequences)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 1 ? ["sequences"] : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    let recurrent = layer.concrete(RecurrentLayer<Cell>.self)
    return [
      "units": .number(Double(recurrent.units)),
      "sequences": .text(recurrent.returnsSequences ? "yes" : "no"),
    ]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let units = try ModelFile.count(configuration, "units", in: 1...Limits.width)
    let sequences = try ModelFile.text(configuration, "sequences") == "yes"
    guard case .sequence(let steps, let features) = inputShape else {
      throw .init("it reads a sequence, not a \(inputShape) input")
    }
    let (width, biasRows) = (Cell.gates * units, Cell.biasRows)
    guard let wx = parameters["Wx"], let wh = parameters["Wh"], let b = parameters["b"],
      wx.shape == Shape(rows: features, columns: width),
      wh.shape == Shape(rows: units, columns: width),
      b.shape == Shape(rows: biasRows, columns: width)
    else {
      throw .init(
        "its Wx should be \(features)×\(width), Wh \(units)×\(width) and b \(biasRows)×\(width)")
    }
    return RecurrentLayer<Cell>(
      inputWeights: wx, recurrentWeights: wh, bias: b, steps: steps, returnsSequences: sequences)
  }

  /// The equation, `32·64 + 64·64 + 64 = 6,208` (with the gates' factor for lstm and gru), and
  /// PyTorch's count: G·H more for its second bias vector, the same where Keras has two bias rows.
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let recurrent = layer.concrete(RecurrentLayer<Cell>.self)
    let (f, h, t, g) = (recurrent.features, recurrent.units, recurrent.steps, Cell.gates)
    let inner = "\(f)·\(h) + \(h)·\(h) + \(Cell.biasRows == 1 ? "" : "\(Cell.biasRows)·")\(h)"
    let (count, pyTorch) = (layer.parameterCount, "PyTorch's nn.\(name.uppercased())")
    return LayerSummary(
      equation: equation(number: l, input: input),
      arithmetic: (g == 1 ? inner : "\(g)·(\(inner))") + " = \(NumberFormat.grouped(count))",
      trainable: nil,
      gradientNorm: { $0.parameters.first?.norm }, multiplyAdds: t * g * h * (f + h),
      note: Cell.biasRows == 2
        ? "\(pyTorch) counts the same \(NumberFormat.grouped(count)): its b_ih and b_hh are Keras's two bias rows"
        : "\(pyTorch) counts \(NumberFormat.grouped(count + g * h)): two bias vectors (b_ih, b_hh) where Keras has one"
    )
  }
}

/// What `layer lstm 16` asks for.
struct RecurrentRequest<Cell: RecurrentCell>: LayerRequest {
  var units: Int
  var sequences: Bool

  func parameterCount(inputShape: SampleShape) -> Int {
    let (f, h) = (inputShape.featuresPerPosition, units)
    return Cell.gates * (f * h + h * h + Cell.biasRows * h)
  }

  func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
    throws(Diagnostic)
    -> any NNEngine.Layer
  {
    guard case .sequence(let steps, let features) = inputShape else {
      throw .runtime(
        "runtime.layerShape",
        "\(Cell.kind) reads a sequence, not \(Convolution.describe(inputShape))", at: range,
        notes: [
          .init(
            "give the input as steps x features ('input 16x3'), or put 'sequences' on the recurrent layer before"
          )
        ])
    }
    return RecurrentLayer<Cell>(
      number: number, units: units, features: features, steps: steps, returnsSequences: sequences,
      initialization: session.initialization, seed: session.seed)
  }
}
