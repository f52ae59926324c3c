import NNEngine
import NNRender

/// `gradnorm`: how large each layer's gradient is — the sign of vanishing or exploding gradients.
public struct GradNorm: CommandWithoutArguments {
  static let help = CommandHelp(
    "gradnorm", synopsis: "gradnorm",
    summary: "show the size ‖∇W‖ of each layer's weight gradient, from the last 'backward'",
    details: """
      ‖∇W‖ = √(Σ entries²). Gradients shrink (or grow) on their way back through the layers, so
      the layers nearest the input are the ones that learn slowest (or blow up) in a deep network
      — the reverse of what the course text's §2.2 says.
      """,
    examples: ["backward", "gradnorm"], seed: "§2.2, §4.2")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    guard let gradients = session.gradients.value else {
      throw Diagnostic(
        .noGradients("gradients to measure", reason: session.gradients.missingReason),
        at: context.range, notes: [.init("run 'backward' first")])
    }
    // One column per parameter name, in the order the layers list them (W, b, then A, B …).
    var columns: [String] = []
    for layer in network.layers {
      for parameter in layer.parameters where !columns.contains(parameter.name) {
        columns.append(parameter.name)
      }
    }
    let rows = network.layers.indices.map { l in
      ["\(l + 1) \(network.layers[l])"]
        + columns.map { name in
          network.layers[l].parameters.firstIndex { $0.name == name }.map {
            NumberFormat.scalar(gradients.layers[l].parameters[$0].norm)
          } ?? "—"
        }
    }
    context.say(
      .table(
        Table(
          header: ["layer"] + columns.map { "‖∇\($0)‖" }, rows: rows,
          rightAligned: Set(1...max(1, columns.count)))))
  }
}
