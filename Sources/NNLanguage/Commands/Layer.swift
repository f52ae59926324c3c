import NNEngine
import NNRender

/// `layer <kind> …`: appends a layer to the network. The kinds and their grammars are listed in
/// `LayerKinds` (one file per kind in `Layers/`).
public struct Layer: CommandDefinition {
  /// The kind's name (`dense`) and what its arguments asked for.
  var kind: String
  var request: any LayerRequest

  public static func == (lhs: Layer, rhs: Layer) -> Bool {
    lhs.kind == rhs.kind && lhs.request.isEqual(to: rhs.request)
  }

  static let help = CommandHelp(
    "layer", synopsis: LayerKinds.all.map { $0.synopsis }.joined(separator: " | "),
    summary: LayerKinds.all.count == 1
      ? DenseKind.summary : "append a layer: " + LayerKinds.names.joined(separator: ", "),
    details: LayerKinds.all.filter { !$0.details.isEmpty }.map {
      "\($0.synopsis):\n"
        + $0.details.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }.joined(separator: "\n\n"),
    examples: LayerKinds.all.flatMap { $0.examples }, seed: "§2.2, §5.2")

  /// layer <kind> <the kind's arguments>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let names = LayerKinds.names
    guard let token = parser.current, token.kind == .word else {
      throw Diagnostic(
        .expectedKeyword(
          "layer kind", choices: names.map { "'\($0)'" }.joined(separator: ", "),
          found: parser.found),
        at: parser.currentRange)
    }
    guard let kind = LayerKinds.kind(named: token.text) else {
      var notes = Suggestions.note(for: token.text, among: names, at: token.range)
      if notes.isEmpty {
        notes = [
          Diagnostic.Note("layer kind is one of \(names.map { "'\($0)'" }.joined(separator: ", "))")
        ]
      }
      throw Diagnostic(.unknownKeyword("layer kind", token.text), at: token.range, notes: notes)
    }
    _ = parser.advance()
    return Command(Layer(kind: kind.name, request: try kind.parse(&parser)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try inputNetwork(of: session)
    let total = network.parameterCount + request.parameterCount(inputShape: network.outputShape)
    guard total <= session.maxNumbers else {
      throw .runtime(
        "runtime.tooManyParameters",
        "this layer would bring the network to \(NumberFormat.grouped(total)) parameters (\(NumberFormat.bytes(total * 8)))",
        notes: [.init("use fewer units"), session.memoryNote])
    }
    if let last = network.layers.last, last.finalActivation == .softmax {
      context.warn(
        .warning(
          "warning.softmaxHidden", "layer \(network.depth)'s softmax becomes a hidden layer",
          notes: [
            .init(
              "softmax belongs on the output: it forces a layer's outputs to sum to 1, which throws away most of what a hidden layer could pass on; sigmoid, tanh or relu are the usual hidden activations"
            )
          ]))
    }
    let layer = try request.build(
      number: network.depth + 1, inputShape: network.outputShape, in: session, at: context.range)
    network.layers.append(layer)
    session.network = network
    session.layerRanges.append(context.range)
    session.startTrainingAfresh()
    session.parametersChanged(by: "a layer was added")
    let l = network.depth
    let shapes = layer.parameters.map { "\($0.name)\(l) \($0.value.shape)" }.joined(separator: ", ")
    context.say(
      "layer \(l): \(layer) — \(shapes.isEmpty ? "" : shapes + ", ")\(NumberFormat.grouped(layer.parameterCount)) parameters"
    )
  }

  /// The network to add to: the one so far, or a new one as wide as the data.
  private func inputNetwork(of session: Session) throws(Diagnostic) -> Network {
    if let network = session.network { return network }
    if let data = session.data { return Network(inputWidth: data.inputs.columns) }
    let hint =
      session.corpus.map {
        "a text is loaded: start with 'input tokens \($0.context) vocab \($0.vocabulary.count)'"
      } ?? "start with 'input 2', or load data first with 'data xor'"
    throw .runtime(
      "runtime.unknownInputWidth", "the first layer needs to know how many inputs it has",
      notes: [.init(hint)])
  }
}
