import NNEngine
import NNRender

/// `layer dense <units> <activation>`: appends a layer to the network.
public struct Layer: CommandDefinition {
  /// The kinds of layer nnrepl builds. Only dense layers so far.
  public enum Kind: String, CaseIterable, Sendable { case dense }

  public var kind: Kind
  public var units: Int
  public var activation: Activation

  static let help = CommandHelp(
    "layer", synopsis: "layer dense <units> <activation>",
    summary: "append a dense layer: z = a·W + b, then a = f(z)",
    details: """
      Activations: sigmoid, relu, tanh, softmax, linear. The new layer's weights W (inputs × units)
      are drawn with the current 'init' scheme from the current 'seed'; its biases b start at 0.
      Layer l owns W{l} and b{l}: 'show W1', 'grad b2'. The last layer is the output layer.
      """,
    examples: ["layer dense 4 sigmoid", "layer dense 3 softmax"], seed: "§2.2, §5.2")

  /// layer dense <units:Int> <activation>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let kind = try parser.expectKeyword(Kind.self, "layer kind")
    let units = try parser.expectInteger("the number of units after '\(kind.rawValue)'", in: 1...Limits.width)
    let activation = try parser.expectKeyword(Activation.self, "activation")
    try parser.expectEnd(after: "the activation")
    return .layer(Layer(kind: kind, units: units, activation: activation))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try inputNetwork(of: session)
    let added = network.outputWidth * units + units
    guard network.parameterCount + added <= session.maxNumbers else {
      let total = network.parameterCount + added
      throw .runtime(
        "runtime.tooManyParameters",
        "this layer would bring the network to \(NumberFormat.grouped(total)) parameters (\(NumberFormat.bytes(total * 8)))",
        notes: [.init("use fewer units"), session.memoryNote])
    }
    if let last = network.layers.last, last.activation == .softmax {
      context.warn(
        .warning(
          "warning.softmaxHidden", "layer \(network.depth)'s softmax becomes a hidden layer",
          notes: [.init("softmax belongs on the output: it forces a layer's outputs to sum to 1, which throws away most of what a hidden layer could pass on; sigmoid, tanh or relu are the usual hidden activations")]))
    }
    network.appendLayer(
      units: units, activation: activation, initialization: session.initialization, seed: session.seed)
    session.network = network
    session.layerRanges.append(context.range)
    session.startTrainingAfresh()
    session.parametersChanged(by: "a layer was added")
    let l = network.depth
    let layer = network.layers[l - 1]
    context.say(
      "layer \(l): dense \(units) \(activation.rawValue) — W\(l) \(layer.weights.shape), b\(l) \(layer.bias.shape), \(layer.parameterCount) parameters")
  }

  /// The network to add to: the one so far, or a new one as wide as the data.
  private func inputNetwork(of session: Session) throws(Diagnostic) -> Network {
    if let network = session.network { return network }
    if let data = session.data { return Network(inputWidth: data.inputs.columns) }
    throw .runtime(
      "runtime.unknownInputWidth", "the first layer needs to know how many inputs it has",
      notes: [.init("start with 'input 2', or load data first with 'data xor'")])
  }
}
