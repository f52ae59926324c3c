import NNEngine

/// `input <features>`: how many numbers each sample has.
public struct Input: CommandDefinition {
  public var width: Int

  static let help = CommandHelp(
    "input", synopsis: "input <features>",
    summary: "set how many numbers each sample has (the width of X)",
    details: """
      The input is not a layer: it holds the data and has no parameters, so it does not count
      towards the depth. Loading data with 'data' also sets the input width.
      """,
    examples: ["input 2"], seed: "§2.1, §2.2")

  /// input <features:Int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let width = try parser.expectInteger("the number of input features", in: 1...Limits.width)
    try parser.expectEnd(after: "the input width")
    return .input(Input(width: width))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if let network = session.network, !network.layers.isEmpty, network.inputWidth != width {
      throw .runtime(
        "runtime.inputAfterLayers",
        "the network's layers are already built for \(network.inputWidth) inputs",
        notes: [.init("type 'reset' to start a new network")])
    }
    if let data = session.data, data.inputs.columns != width {
      throw .runtime(
        "runtime.inputVsData", "the data has \(data.inputs.columns) features, not \(width)",
        notes: [.init("load other data with 'data', or type 'input \(data.inputs.columns)'")])
    }
    if session.network == nil || session.network?.layers.isEmpty == true {
      session.network = Network(inputWidth: width)
    }
    context.say("input: \(counted(width, "feature")) per sample")
  }
}
