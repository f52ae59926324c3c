import NNEngine

/// `init normal | xavier | he`: how weights are drawn, and drawing them again.
public struct Init: CommandDefinition {
  public var initialization: Initialization

  static let help = CommandHelp(
    "init", synopsis: "init normal | xavier | he",
    summary: "choose how weights are drawn, and draw every layer's weights again (biases = 0)",
    details: """
      normal   W ~ N(0, 1), the course text's tf.random.normal
      xavier   W ~ N(0, 2/(in + out)), for sigmoid and tanh layers (the default)
      he       W ~ N(0, 2/in), for relu layers
      The scale matters: too large and sigmoid units saturate, too small and the signal fades.
      """,
    examples: ["init he"], seed: "§5.3")

  /// init <initialization>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let initialization = try parser.expectKeyword(Initialization.self, "initialization")
    try parser.expectEnd(after: "the initialization")
    return Command(Init(initialization: initialization))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.initialization = initialization
    guard var network = session.network, !network.layers.isEmpty else {
      context.say("init: \(initialization.rawValue) for the layers to come")
      return
    }
    network.reinitialize(initialization, seed: session.seed)
    session.network = network
    session.startTrainingAfresh()
    session.parametersChanged(by: "'init' drew new weights")
    context.say(
      "init: drew new \(initialization.rawValue) weights for \(counted(network.depth, "layer")) from seed \(session.seed); biases are 0"
    )
  }
}
