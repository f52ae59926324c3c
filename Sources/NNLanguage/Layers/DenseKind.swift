import NNEngine
import NNRender

/// `layer dense <units> <activation> [tied]`: a fully connected layer
/// (`NNEngine/Layers/DenseLayer.swift`), or an output head tied to the token embedding
/// (`NNEngine/Layers/TiedDenseLayer.swift`).
enum DenseKind: LayerKind {
  static let name = "dense"
  static let synopsis = "layer dense <units> <activation> [tied]"
  static let summary = "append a dense layer: z = a·W + b, then a = f(z)"
  static let details = """
    Activations: sigmoid, relu, tanh, softmax, linear, gelu (GPT-2's tanh form). The new
    layer's weights W (inputs × units) are drawn with the current 'init' scheme from the current
    'seed'; its biases b start at 0.
    Layer l owns W{l} and b{l}: 'show W1', 'grad b2'. The last layer is the output layer.
    'tied', in a language model: the head scores each token with the embedding's own table,
    z = a·E1ᵀ, and has no W or b (0 parameters of its own, as GPT-2's); its units are the
    vocabulary's V, and its input must be as wide as the embedding. E1's gradient then adds up
    what comes back through the head and through the embedding.
    """
  static let examples = ["layer dense 4 sigmoid", "layer dense 3 softmax"]
  static let parameterNames = ["W", "b", "A", "B"]
  static let passNames = ["z", "a"]

  /// What `layer dense 4 tanh` (or `layer dense 65 softmax tied`) asks for.
  struct Request: LayerRequest {
    var units: Int
    var activation: Activation
    /// Whether the layer reuses the embedding's table instead of weights of its own.
    var tied = false

    func parameterCount(inputShape: SampleShape) -> Int {
      tied ? 0 : inputShape.featuresPerPosition * units + units
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      if tied {
        return try tiedHead(
          number: number, inputShape: inputShape, below: session.network?.layers ?? [], at: range)
      }
      switch inputShape {
      case .features, .sequence: break
      case .image:
        throw .runtime(
          "runtime.layerShape", "a dense layer reads a row of features, not a \(inputShape) image",
          at: range,
          notes: [
            .init("flatten the image first with 'layer flatten', or read it with 'layer conv2d'")
          ])
      case .tokens:
        throw .runtime(
          "runtime.layerShape", "a dense layer reads numbers, not token ids (\(inputShape))",
          at: range,
          notes: [.init("turn each token into a vector first with 'layer embedding 16'")])
      }
      return DenseLayer(
        number: number, inputShape: inputShape, units: units, activation: activation,
        initialization: session.initialization, seed: session.seed)
    }

    /// The head tied to the embedding among the layers `below` it, if there is one and its table
    /// fits: V×D, with D the numbers each position brings and V the units asked for.
    private func tiedHead(
      number: Int, inputShape: SampleShape, below: [any NNEngine.Layer], at range: SourceRange
    )
      throws(Diagnostic) -> any NNEngine.Layer
    {
      guard let e = below.firstIndex(where: { $0 is EmbeddingLayer }),
        let embedding = below[e] as? EmbeddingLayer
      else {
        throw .runtime(
          "runtime.tiedWithoutEmbedding",
          "a tied head computes with the token embedding's table, but no layer before it is an embedding",
          at: range,
          notes: [
            .init(
              "a language model starts with 'input tokens 32 vocab 65' and 'layer embedding 64'; without 'tied' the layer has weights of its own"
            )
          ])
      }
      let (v, d, table) = (embedding.vocabulary, embedding.width, "E\(e + 1)")
      let width = inputShape.featuresPerPosition
      guard width == d, inputShape.isFeaturesOrSequence else {
        throw .runtime(
          "runtime.tiedWidth",
          "a tied head multiplies each position by \(table)ᵀ (\(d)×\(v)), so it needs \(d) numbers a position, but layer \(number - 1) gives \(inputShape)",
          at: range,
          notes: [
            .init(
              "bring the positions back to the embedding's width \(d) before the head (a transformer block keeps it), or drop 'tied'"
            )
          ])
      }
      guard units == v else {
        throw .runtime(
          "runtime.tiedUnits",
          "a tied head has one unit per token of \(table) (\(v)×\(d)): \(v), not \(units)",
          at: range,
          notes: [.init("write 'layer dense \(v) \(activation.rawValue) tied'")])
      }
      return TiedDenseLayer(
        tiedTo: e, vocabulary: v, activation: activation, inputShape: inputShape)
    }
  }

  /// layer dense <units:Int> <activation> [tied]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let units = try parser.expectInteger("the number of units after 'dense'", in: 1...Limits.width)
    let activation = try parser.expectKeyword(Activation.self, "activation")
    let tied = parser.eat(word: "tied")
    try parser.expectEnd(after: tied ? "'tied'" : "the activation (or 'tied')")
    return Request(units: units, activation: activation, tied: tied)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    switch position {
    case 1: Activation.allCases.map(\.rawValue)
    case 2: ["tied"]
    default: []
    }
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    if let tied = layer as? TiedDenseLayer {
      return [
        "units": .number(Double(tied.units)), "activation": .text(tied.activation.rawValue),
        "tiedTo": .number(Double(tied.tie.layer + 1)),
      ]
    }
    let dense = layer.concrete(DenseLayer.self)
    var settings: [String: ModelFile.Setting] = [
      "units": .number(Double(dense.units)), "activation": .text(dense.activation.rawValue),
    ]
    if let adapter = dense.adapter { settings["loraAlpha"] = .number(adapter.alpha) }
    return settings
  }

  /// A head tied to the embedding of layer `tiedTo` (counted from 1; no parameters of its own),
  /// or a dense layer with its weights.
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], below: Network
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard configuration["tiedTo"] != nil else {
      return try layer(
        configuration: configuration, parameters: parameters, inputShape: below.outputShape)
    }
    let number = try ModelFile.count(configuration, "tiedTo", in: 1...Limits.width)
    let units = try ModelFile.count(configuration, "units", in: 1...Limits.width)
    let activation = try activation(configuration)
    guard number <= below.depth, let embedding = below.layers[number - 1] as? EmbeddingLayer else {
      throw .init("it is tied to layer \(number), which should be an embedding before it")
    }
    let (v, d) = (embedding.vocabulary, embedding.width)
    guard units == v, below.outputShape.featuresPerPosition == d,
      below.outputShape.isFeaturesOrSequence, parameters.isEmpty
    else {
      throw .init(
        "a head tied to E\(number) (\(v)×\(d)) has \(v) units, reads \(d) numbers a position and has no parameters of its own"
      )
    }
    return TiedDenseLayer(
      tiedTo: number - 1, vocabulary: v, activation: activation, inputShape: below.outputShape)
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let units = try ModelFile.count(configuration, "units", in: 1...Limits.width)
    let activation = try activation(configuration)
    let inputs = inputShape.featuresPerPosition
    guard let w = parameters["W"], let b = parameters["b"],
      w.shape == Shape(rows: inputs, columns: units),
      b.shape == Shape(rows: 1, columns: units)
    else { throw .init("its W should be \(inputs)×\(units) and b 1×\(units)") }
    var layer = DenseLayer(weights: w, bias: b, activation: activation, inputShape: inputShape)
    if let alpha = configuration["loraAlpha"] {
      guard case .number(let alpha) = alpha, alpha > 0, alpha.isFinite, let a = parameters["A"],
        let bUp = parameters["B"],
        a.rows == inputs, a.columns >= 1, bUp.rows == a.columns, bUp.columns == units
      else {
        throw .init("its LoRA adapter should have A of \(inputs)×r and B of r×\(units), and α > 0")
      }
      layer.adapter = LowRankAdapter(down: a, up: bUp, alpha: alpha)
    }
    return layer
  }

  /// The activation a model file names.
  private static func activation(_ configuration: [String: ModelFile.Setting]) throws(ModelFile
    .Problem) -> Activation
  {
    let name = try ModelFile.text(configuration, "activation")
    guard let activation = Activation(rawValue: name) else {
      throw .init("it has an unknown activation '\(name)'")
    }
    return activation
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    if let tied = layer as? TiedDenseLayer {
      let table = "E\(tied.tie.layer + 1)"
      return LayerSummary(
        equation: "a\(l) = \(tied.activation.rawValue)(\(input)·\(table)ᵀ)",
        arithmetic: "0 (tied to \(table))", trainable: nil,
        gradientNorm: { _ in nil },
        multiplyAdds: tied.inputWidth * tied.units * tied.inputShape.positions,
        note:
          "its weights are \(table)ᵀ, layer \(tied.tie.layer + 1)'s table, counted there once (as GPT-2's lm_head, which PyTorch's parameters() also counts once)"
      )
    }
    let dense = layer.concrete(DenseLayer.self)
    let (i, u) = (dense.inputWidth, dense.units)
    var arithmetic = "\(i)×\(u) + \(u)"
    if let adapter = dense.adapter { arithmetic += " + \(adapter.rank)·(\(i) + \(u))" }
    let weights = dense.adapter == nil ? "W\(l)" : "(W\(l) + A\(l)·B\(l))"
    return LayerSummary(
      equation: "a\(l) = \(dense.activation.rawValue)(\(input)·\(weights) + b\(l))",
      arithmetic: arithmetic + " = \(NumberFormat.grouped(dense.parameterCount))",
      trainable: dense.adapter != nil && !dense.isFrozen
        ? "LoRA \(NumberFormat.grouped(dense.trainableParameterCount))" : nil,
      gradientNorm: { $0.parameters.first?.norm }, multiplyAdds: i * u * dense.inputShape.positions)
  }
}

extension SampleShape {
  /// Whether a dense layer reads it: features, or a sequence position by position.
  fileprivate var isFeaturesOrSequence: Bool {
    switch self {
    case .features, .sequence: true
    case .image, .tokens: false
    }
  }
}
