import NNEngine
import NNRender

/// `gradnorm`: how large each layer's gradient is — the sign of vanishing or exploding gradients.
public struct GradNorm: CommandDefinition {
  static let help = CommandHelp(
    "gradnorm", synopsis: "gradnorm",
    summary: "show the size ‖∇W‖ of each layer's weight gradient, from the last 'backward'",
    details: """
      ‖∇W‖ = √(Σ entries²). Gradients shrink (or grow) on their way back through the layers, so
      the layers nearest the input are the ones that learn slowest (or blow up) in a deep network
      — the reverse of what seed §2.2 says.
      """,
    examples: ["backward", "gradnorm"], seed: "§2.2, §4.2")

  /// gradnorm
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'gradnorm'")
    return .gradnorm(GradNorm())
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    guard let gradients = session.gradients else {
      throw .runtime(
        "runtime.noGradients", "no gradients to measure: \(session.gradientsMissingReason)",
        at: context.range, notes: [.init("run 'backward' first")])
    }
    let rows = network.layers.indices.map { l in
      ["\(l + 1) dense \(network.layers[l].activation.rawValue)", NumberFormat.scalar(gradients.weights[l].norm), NumberFormat.scalar(gradients.biases[l].norm)]
    }
    context.say(.table(Table(header: ["layer", "‖∇W‖", "‖∇b‖"], rows: rows, rightAligned: [1, 2])))
  }
}
