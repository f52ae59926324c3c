import NNEngine

/// `graph`: the network as a Mermaid flow chart (as in seed §2.3) and as a drawing.
public struct Graph: CommandWithoutArguments {
  static let help = CommandHelp(
    "graph", synopsis: "graph",
    summary:
      "draw the network: a Mermaid 'graph TB' chart to paste into Markdown, and boxes in the terminal",
    details:
      "The course text (§2.3) draws an input layer as a node; here the input is data, not a layer, and each box is a layer with weights.",
    examples: ["graph"], seed: "§2.3")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    context.say(Graph.mermaid(network))
    context.say(Graph.boxes(network))
  }

  /// The Mermaid source: one node per layer, top to bottom.
  static func mermaid(_ network: Network) -> String {
    var lines = [
      "```mermaid", "graph TB", "  X[\"input: \(Graph.inputLabel(network.inputShape))\"]",
    ]
    var previous = "X"
    for (index, layer) in network.layers.enumerated() {
      let node = "L\(index + 1)"
      let role = index == network.depth - 1 ? "output layer" : "hidden layer \(index + 1)"
      lines.append(
        "  \(previous) --> \(node)[\"\(role): \(layer), \(layer.parameterCount) params\(layer.isFrozen ? ", frozen" : "")\"]"
      )
      previous = node
    }
    return (lines + ["```"]).joined(separator: "\n")
  }

  /// `2 features`, or a sequence's or image's shape: `16×3`.
  static func inputLabel(_ shape: SampleShape) -> String {
    if case .features(let n) = shape { return counted(n, "feature") }
    return shape.description
  }

  /// The same chain drawn with box characters.
  static func boxes(_ network: Network) -> String {
    let labels =
      ["input  \(network.inputShape)"]
      + network.layers.enumerated().map { index, layer in
        "\(index + 1)  \(layer)  \(layer.parameterCount) params\(layer.isFrozen ? " (frozen)" : "")"
      }
    let width = (labels.map(\.count).max() ?? 0) + 2
    var lines: [String] = []
    for (index, label) in labels.enumerated() {
      if index > 0 {
        lines += [
          String(repeating: " ", count: width / 2 + 1) + "│",
          String(repeating: " ", count: width / 2 + 1) + "▼",
        ]
      }
      lines.append("┌" + String(repeating: "─", count: width) + "┐")
      lines.append("│ " + label + String(repeating: " ", count: width - label.count - 1) + "│")
      lines.append("└" + String(repeating: "─", count: width) + "┘")
    }
    return lines.joined(separator: "\n")
  }
}
