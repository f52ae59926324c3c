/// `depth`: how deep the network is, and what that number counts.
public struct Depth: CommandWithoutArguments {
  static let help = CommandHelp(
    "depth", synopsis: "depth",
    summary: "show the network's depth and what it counts",
    details: """
      Depth is the number of layers with weights: the hidden layers plus the output layer. The
      input is not counted — it only holds the data. A deeper network can build features out of
      features; a wider one has more features at one level.
      """,
    examples: ["depth"], seed: "§2.1")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let depth = session.network?.depth ?? 0
    context.say(.value(name: "depth", value: Double(depth)))
    switch depth {
    case 0:
      context.say(
        "the network has no layers yet; the input is not a layer, so it adds nothing to the depth")
    case 1:
      context.say(
        "1 weight layer: the output layer alone, with no hidden layer; the input is not counted")
    default:
      context.say(
        "\(depth) weight layers: \(depth - 1) hidden + 1 output; the input is not counted, because it has no weights"
      )
    }
  }
}
