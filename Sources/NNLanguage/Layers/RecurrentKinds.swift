import NNEngine
import NNRender

/// `layer rnn|lstm|gru <units> [sequences]`: the recurrent layers
/// (`NNEngine/Layers/SimpleRecurrentLayer.swift`, `LSTMLayer.swift`, `GRULayer.swift`). The three
/// kinds differ in their engine type and their number of gates; the rest is shared.
enum RNNKind: LayerKind {
  static let name = "rnn"
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
  static let parameterNames = Recurrent.parameterNames
  static let passNames = ["h", "a"]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest { try Recurrent.parse(&parser, .rnn) }
  static func completions(at position: Int, after arguments: [String]) -> [String] { position == 1 ? ["sequences"] : [] }
  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { Recurrent.configuration(of: layer) }
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    try Recurrent.layer(.rnn, configuration: configuration, parameters: parameters, inputShape: inputShape)
  }
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    Recurrent.summary(.rnn, of: layer, number: l, input: input)
  }
}

/// `layer lstm <units> [sequences]`: a long short-term memory layer, gates i, f, c, o as Keras.
enum LSTMKind: LayerKind {
  static let name = "lstm"
  static let synopsis = "layer lstm <units> [sequences]"
  static let summary = "append an LSTM layer: a cell c that gates i, f, o let change, h = o ⊙ tanh(c)"
  static let details = """
      lstm: gates i, f, c, o (Keras's order) side by side in Wx (F×4H), Wh (H×4H), b (1×4H):
      4·(F·H + H·H + H) parameters, four rnns' worth (24,832; PyTorch: 25,088). Forget bias 1.
    """
  static let examples = ["layer lstm 16", "layer lstm 16 sequences"]
  static let parameterNames = Recurrent.parameterNames
  static let passNames = ["gates", "c", "h", "a"]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest { try Recurrent.parse(&parser, .lstm) }
  static func completions(at position: Int, after arguments: [String]) -> [String] { position == 1 ? ["sequences"] : [] }
  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { Recurrent.configuration(of: layer) }
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    try Recurrent.layer(.lstm, configuration: configuration, parameters: parameters, inputShape: inputShape)
  }
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    Recurrent.summary(.lstm, of: layer, number: l, input: input)
  }
}

/// `layer gru <units> [sequences]`: a gated recurrent unit, Keras's default `reset_after`.
enum GRUKind: LayerKind {
  static let name = "gru"
  static let synopsis = "layer gru <units> [sequences]"
  static let summary = "append a GRU layer: gates z and r choose how much of the state to keep"
  static let details = """
      gru: gates z, r, h (Keras's order), reset after the recurrent product (Keras's default):
      Wx (F×3H), Wh (H×3H), b (2×3H: the input's bias, then the state's), 3·(F·H + H·H + 2H)
      parameters (18,816; PyTorch's nn.GRU counts the same).
    """
  static let examples = ["layer gru 16", "layer gru 16 sequences"]
  static let parameterNames = Recurrent.parameterNames
  static let passNames = ["gates", "v", "h", "a"]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest { try Recurrent.parse(&parser, .gru) }
  static func completions(at position: Int, after arguments: [String]) -> [String] { position == 1 ? ["sequences"] : [] }
  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { Recurrent.configuration(of: layer) }
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    try Recurrent.layer(.gru, configuration: configuration, parameters: parameters, inputShape: inputShape)
  }
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    Recurrent.summary(.gru, of: layer, number: l, input: input)
  }
}

/// What the three recurrent kinds share.
enum Recurrent {
  /// The three cells.
  enum Cell: String, Sendable {
    case rnn, lstm, gru

    /// The blocks of H columns in Wx, Wh and b: the gates.
    var gates: Int {
      switch self {
      case .rnn: 1
      case .lstm: 4
      case .gru: 3
      }
    }
  }

  static let parameterNames = ["Wx", "Wh", "b"]

  /// What `layer lstm 16` asks for.
  struct Request: LayerRequest {
    var cell: Cell
    var units: Int
    var sequences: Bool

    func parameterCount(inputShape: SampleShape) -> Int {
      let (f, h) = (inputShape.featuresPerPosition, units)
      return cell.gates * (f * h + h * h + (cell == .gru ? 2 : 1) * h)
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange) throws(Diagnostic)
      -> any NNEngine.Layer
    {
      guard case .sequence(let steps, let features) = inputShape else {
        throw .runtime(
          "runtime.layerShape", "\(cell.rawValue) reads a sequence, not \(Convolution.describe(inputShape))", at: range,
          notes: [.init("give the input as steps x features ('input 16x3'), or put 'sequences' on the recurrent layer before")])
      }
      let (initialization, seed) = (session.initialization, session.seed)
      switch cell {
      case .rnn:
        return SimpleRecurrentLayer(
          number: number, units: units, features: features, steps: steps, returnsSequences: sequences, initialization: initialization, seed: seed)
      case .lstm:
        return LSTMLayer(
          number: number, units: units, features: features, steps: steps, returnsSequences: sequences, initialization: initialization, seed: seed)
      case .gru:
        return GRULayer(
          number: number, units: units, features: features, steps: steps, returnsSequences: sequences, initialization: initialization, seed: seed)
      }
    }
  }

  /// layer rnn|lstm|gru <units:Int> [sequences]
  static func parse(_ parser: inout Parser, _ cell: Cell) throws(Diagnostic) -> any LayerRequest {
    let units = try parser.expectInteger("the number of units after '\(cell.rawValue)'", in: 1...Limits.width)
    let sequences = parser.eat(word: "sequences")
    try parser.expectEnd(after: sequences ? "'sequences'" : "the number of units")
    return Request(cell: cell, units: units, sequences: sequences)
  }

  /// The engine layer's weights, shape and setting, whichever cell it is.
  static func parts(of layer: any NNEngine.Layer) -> (wx: Matrix, units: Int, steps: Int, sequences: Bool) {
    switch layer {
    case let rnn as SimpleRecurrentLayer: (rnn.inputWeights, rnn.units, rnn.steps, rnn.returnsSequences)
    case let lstm as LSTMLayer: (lstm.inputWeights, lstm.units, lstm.steps, lstm.returnsSequences)
    case let gru as GRULayer: (gru.inputWeights, gru.units, gru.steps, gru.returnsSequences)
    default: preconditionFailure("\(layer) is not recurrent")
    }
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    let parts = parts(of: layer)
    return ["units": .number(Double(parts.units)), "sequences": .text(parts.sequences ? "yes" : "no")]
  }

  static func layer(
    _ cell: Cell, configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let units = try ModelFile.count(configuration, "units", in: 1...Limits.width)
    let sequences = try ModelFile.text(configuration, "sequences") == "yes"
    guard case .sequence(let steps, let features) = inputShape else { throw .init("it reads a sequence, not a \(inputShape) input") }
    let (g, biasRows) = (cell.gates, cell == .gru ? 2 : 1)
    guard let wx = parameters["Wx"], let wh = parameters["Wh"], let b = parameters["b"],
      wx.shape == Shape(rows: features, columns: g * units), wh.shape == Shape(rows: units, columns: g * units),
      b.shape == Shape(rows: biasRows, columns: g * units)
    else { throw .init("its Wx should be \(features)×\(g * units), Wh \(units)×\(g * units) and b \(biasRows)×\(g * units)") }
    switch cell {
    case .rnn: return SimpleRecurrentLayer(inputWeights: wx, recurrentWeights: wh, bias: b, steps: steps, returnsSequences: sequences)
    case .lstm: return LSTMLayer(inputWeights: wx, recurrentWeights: wh, bias: b, steps: steps, returnsSequences: sequences)
    case .gru: return GRULayer(inputWeights: wx, recurrentWeights: wh, bias: b, steps: steps, returnsSequences: sequences)
    }
  }

  /// The equation, `32·64 + 64·64 + 64 = 6,208` (with the gates' factor for lstm and gru), and
  /// PyTorch's count where it differs.
  static func summary(_ cell: Cell, of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let parts = parts(of: layer)
    let (f, h, t, g) = (parts.wx.rows, parts.units, parts.steps, cell.gates)
    let biases = cell == .gru ? "2·\(h)" : "\(h)"
    let inner = "\(f)·\(h) + \(h)·\(h) + \(biases)"
    let count = NumberFormat.grouped(layer.parameterCount)
    let equation: String
    let note: String
    switch cell {
    case .rnn:
      equation = "h_t = tanh(x_t·Wx\(l) + h_{t−1}·Wh\(l) + b\(l))"
      note = "PyTorch's nn.RNN counts \(NumberFormat.grouped(layer.parameterCount + h)): two bias vectors (b_ih, b_hh) where Keras has one"
    case .lstm:
      equation = "a\(l) = lstm(\(input); Wx\(l), Wh\(l), b\(l)), gates i f c o"
      note = "PyTorch's nn.LSTM counts \(NumberFormat.grouped(layer.parameterCount + 4 * h)): two bias vectors (b_ih, b_hh) where Keras has one"
    case .gru:
      equation = "a\(l) = gru(\(input); Wx\(l), Wh\(l), b\(l)), gates z r h"
      note = "PyTorch's nn.GRU counts the same \(count): its b_ih and b_hh are Keras's two bias rows"
    }
    return LayerSummary(
      equation: equation, arithmetic: (g == 1 ? inner : "\(g)·(\(inner))") + " = \(count)", trainable: nil,
      gradientNorm: { $0.parameters.first?.norm }, multiplyAdds: t * g * h * (f + h), note: note)
  }
}
