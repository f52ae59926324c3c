import NNEngine
import NNRender

/// `summary`: the layers and their trainable parameters, like Keras's `model.summary()`.
public struct Summary: CommandDefinition {
  static let help = CommandHelp(
    "summary", synopsis: "summary",
    summary: "show each layer's shapes and trainable parameters",
    details: """
      A dense layer with i inputs and u units has a weight matrix W of i×u and a bias b of 1×u:
      i·u + u parameters, and computes a = f(a_prev·W + b). The input row shows the data's width
      (n is the number of samples); it has no parameters. Frozen layers count as non-trainable; a
      LoRA-adapted layer trains only its r·(i + u) adapter parameters. After 'backward' a column
      shows each layer's gradient size ‖∇W‖. Memory is 8 bytes a parameter as float64, 4 as float32.
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
    context.say(.table(Summary.table(of: network, gradients: session.gradients)))
  }

  /// The table: per layer its equation, shapes, parameter count as arithmetic, share of the
  /// total, whether it trains, and (after `backward`) the size of its weight gradient.
  static func table(of network: Network, gradients: Gradients? = nil) -> Table {
    let total = network.parameterCount
    var rows = [["input", "X", "(n, \(network.inputWidth))", "—", "—", "0", "—", "—"] + (gradients == nil ? [] : ["—"])]
    for (index, layer) in network.layers.enumerated() {
      let (l, i, u) = (index + 1, layer.inputWidth, layer.units)
      var arithmetic = "\(i)×\(u) + \(u)"
      if let adapter = layer.adapter { arithmetic += " + \(adapter.rank)·(\(i) + \(u))" }
      arithmetic += " = \(NumberFormat.grouped(layer.parameterCount))"
      let trainable = layer.isFrozen ? "no (frozen)" : layer.adapter != nil ? "LoRA \(NumberFormat.grouped(layer.trainableParameterCount))" : "yes"
      let input = l == 1 ? "X" : "a\(l - 1)"
      let weights = layer.adapter == nil ? "W\(l)" : "(W\(l) + A\(l)·B\(l))"
      var row = [
        "\(l) dense", "a\(l) = \(layer.activation.rawValue)(\(input)·\(weights) + b\(l))", "(n, \(u))", "\(i)×\(u)", "1×\(u)",
        arithmetic, NumberFormat.scalar(100 * Double(layer.parameterCount) / Double(max(total, 1)), digits: 3) + "%", trainable,
      ]
      if let gradients { row.append(NumberFormat.scalar(gradients.weights[index].norm, digits: 4)) }
      rows.append(row)
    }
    let trainable = network.trainableParameterCount
    let header = ["Layer", "Equation", "Output", "W", "b", "Parameters", "Share", "Trainable"] + (gradients == nil ? [] : ["‖∇W‖"])
    return Table(
      header: header, rows: rows,
      footer: [
        "Total params: \(NumberFormat.grouped(total))",
        "Trainable params: \(NumberFormat.grouped(trainable))",
        "Non-trainable params: \(NumberFormat.grouped(total - trainable))",
        "Memory: \(NumberFormat.bytes(total * 8)) as float64, \(NumberFormat.bytes(total * 4)) as float32",
      ], rightAligned: [5, 6], separatesRows: true)
  }
}
