import NNEngine
import NNRender

/// `layer dense <units> <activation>`: a fully connected layer (`NNEngine/Layers/DenseLayer.swift`).
enum DenseKind: LayerKind {
  static let name = "dense"
  static let synopsis = "layer dense <units> <activation>"
  static let summary = "append a dense layer: z = a·W + b, then a = f(z)"
  static let details = """
    Activations: sigmoid, relu, tanh, softmax, linear. The new layer's weights W (inputs × units)
    are drawn with the current 'init' scheme from the current 'seed'; its biases b start at 0.
    Layer l owns W{l} and b{l}: 'show W1', 'grad b2'. The last layer is the output layer.
    """
  static let examples = ["layer dense 4 sigmoid", "layer dense 3 softmax"]
  static let parameterNames = ["W", "b", "A", "B"]
  static let passNames = ["z", "a"]

  /// What `layer dense 4 tanh` asks for.
  struct Request: LayerRequest {
    var units: Int
    var activation: Activation

    func parameterCount(inputShape: SampleShape) -> Int { inputShape.featuresPerPosition * units + units }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange) throws(Diagnostic)
      -> any NNEngine.Layer
    {
      switch inputShape {
      case .features, .sequence: break
      case .image:
        throw .runtime(
          "runtime.layerShape", "a dense layer reads a row of features, not a \(inputShape) image", at: range,
          notes: [.init("flatten the image first with 'layer flatten', or read it with 'layer conv2d'")])
      case .tokens:
        throw .runtime(
          "runtime.layerShape", "a dense layer reads numbers, not token ids (\(inputShape))", at: range,
          notes: [.init("turn each token into a vector first with 'layer embedding 16'")])
      }
      return DenseLayer(
        number: number, inputShape: inputShape, units: units, activation: activation,
        initialization: session.initialization, seed: session.seed)
    }
  }

  /// layer dense <units:Int> <activation>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let units = try parser.expectInteger("the number of units after 'dense'", in: 1...Limits.width)
    let activation = try parser.expectKeyword(Activation.self, "activation")
    try parser.expectEnd(after: "the activation")
    return Request(units: units, activation: activation)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 1 ? Activation.allCases.map(\.rawValue) : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    let dense = layer as! DenseLayer
    var settings: [String: ModelFile.Setting] = ["units": .number(Double(dense.units)), "activation": .text(dense.activation.rawValue)]
    if let adapter = dense.adapter { settings["loraAlpha"] = .number(adapter.alpha) }
    return settings
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let units = try ModelFile.count(configuration, "units", in: 1...Limits.width)
    let activationName = try ModelFile.text(configuration, "activation")
    guard let activation = Activation(rawValue: activationName) else { throw .init("it has an unknown activation '\(activationName)'") }
    let inputs = inputShape.featuresPerPosition
    guard let w = parameters["W"], let b = parameters["b"], w.shape == Shape(rows: inputs, columns: units),
      b.shape == Shape(rows: 1, columns: units)
    else { throw .init("its W should be \(inputs)×\(units) and b 1×\(units)") }
    var layer = DenseLayer(weights: w, bias: b, activation: activation, inputShape: inputShape)
    if let alpha = configuration["loraAlpha"] {
      guard case .number(let alpha) = alpha, alpha > 0, alpha.isFinite, let a = parameters["A"], let bUp = parameters["B"],
        a.rows == inputs, a.columns >= 1, bUp.rows == a.columns, bUp.columns == units
      else { throw .init("its LoRA adapter should have A of \(inputs)×r and B of r×\(units), and α > 0") }
      layer.adapter = LowRankAdapter(down: a, up: bUp, alpha: alpha)
    }
    return layer
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let dense = layer as! DenseLayer
    let (i, u) = (dense.inputWidth, dense.units)
    var arithmetic = "\(i)×\(u) + \(u)"
    if let adapter = dense.adapter { arithmetic += " + \(adapter.rank)·(\(i) + \(u))" }
    let weights = dense.adapter == nil ? "W\(l)" : "(W\(l) + A\(l)·B\(l))"
    return LayerSummary(
      equation: "a\(l) = \(dense.activation.rawValue)(\(input)·\(weights) + b\(l))",
      arithmetic: arithmetic + " = \(NumberFormat.grouped(dense.parameterCount))",
      trainable: dense.adapter != nil && !dense.isFrozen ? "LoRA \(NumberFormat.grouped(dense.trainableParameterCount))" : nil,
      gradientNorm: { $0.parameters.first?.norm }, multiplyAdds: i * u * dense.inputShape.positions)
  }
}
