import NNEngine
import NNRender

/// `summary`: the layers and their trainable parameters, like Keras's `model.summary()`.
public struct Summary: CommandDefinition {
  static let help = CommandHelp(
    "summary", synopsis: "summary",
    summary: "show each layer's shapes and trainable parameters",
    details: """
      A dense layer with i inputs and u units has a weight matrix W of i×u and a bias b of 1×u:
      i·u + u parameters. The input row shows the data's width (n is the number of samples); it
      has no parameters. Frozen layers count as non-trainable.
      """,
    examples: ["summary"], seed: "§2.2")

  /// summary
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'summary'")
    return .summary(Summary())
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    guard let network = session.network else {
      context.say("no network yet: start with 'input 2' (or 'data xor') and 'layer dense 4 sigmoid'")
      return
    }
    context.say(.table(Summary.table(of: network)))
  }

  static func table(of network: Network) -> Table {
    var rows = [["input", "(n, \(network.inputWidth))", "—", "—", "0", "—"]]
    for (index, layer) in network.layers.enumerated() {
      let (i, u) = (layer.inputWidth, layer.units)
      rows.append([
        "\(index + 1) dense \(layer.activation.rawValue)", "(n, \(u))", "\(i)×\(u)", "1×\(u)",
        "\(i)×\(u) + \(u) = \(NumberFormat.grouped(layer.parameterCount))", layer.isFrozen ? "no (frozen)" : "yes",
      ])
    }
    let total = network.parameterCount
    let frozen = network.layers.filter(\.isFrozen).reduce(0) { $0 + $1.parameterCount }
    return Table(
      header: ["Layer", "Output shape", "W", "b", "Parameters", "Trainable"], rows: rows,
      footer: [
        "Total params: \(NumberFormat.grouped(total))",
        "Trainable params: \(NumberFormat.grouped(total - frozen))",
        "Non-trainable params: \(NumberFormat.grouped(frozen))",
      ], rightAligned: [4], separatesRows: true)
  }
}
