import NNRender

/// `pop`: remove the output layer, to put a new head on a trained body.
public struct Pop: CommandWithoutArguments {
  static let help = CommandHelp(
    "pop", synopsis: "pop",
    summary: "remove the output layer, so that a new one can be added for another task",
    details: "The layers below keep their trained weights. Add the new head with 'layer dense …'.",
    examples: ["pop", "layer dense 3 softmax"], seed: "§9.3")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    let removed = network.layers[network.depth - 1]
    network.removeOutputLayer()
    session.network = network
    session.layerRanges.removeLast()
    session.startTrainingAfresh()
    session.parametersChanged(by: "'pop' removed a layer")
    context.say(
      "removed layer \(network.depth + 1) (\(removed), \(counted(removed.parameterCount, "parameter"))); the network now has \(counted(network.depth, "layer"))"
    )
  }
}
