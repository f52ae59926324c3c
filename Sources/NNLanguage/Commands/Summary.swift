import NNEngine
import NNRender

/// `summary`: the layers and their trainable parameters, like Keras's `model.summary()`.
public struct Summary: CommandWithoutArguments {
  static let help = CommandHelp(
    "summary", synopsis: "summary",
    summary: "show each layer's shapes and trainable parameters",
    details: """
      A dense layer with i inputs and u units has a weight matrix W of i×u and a bias b of 1×u:
      i·u + u parameters, and computes a = f(a_prev·W + b). The input row shows the data's width
      (n is the number of samples); it has no parameters. Frozen layers count as non-trainable; a
      LoRA-adapted layer trains only its r·(i + u) adapter parameters. After 'backward' a column
      shows each layer's gradient size ‖∇W‖. Memory is 8 bytes a parameter as float64, 4 as float32.
      Mult-adds counts the multiply-adds of a layer's matrix products for one sample (as torchinfo
      does; Keras does not): a dense layer's i·u, a convolution's positions·window·C, a recurrent
      layer's T·gates·H·(F + H), attention's T·4·D·H·K for its projections and 2·H·T²·K for its
      scores and their mix, a transformer block's attention and 8·T·D² for its MLP; layers
      without a matrix product (embedding, positions, norms, pooling) count none. Activations
      are the numbers the forward pass keeps for the
      backward pass, for one sample and for a batch. Notes say where PyTorch counts differently.
      """,
    examples: ["summary"], seed: "§2.2")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    guard let network = session.network else {
      context.say(
        "no network yet: start with 'input 2' (or 'data xor') and 'layer dense 4 sigmoid'")
      return
    }
    let batch =
      session.trainer.batchSize.map { min($0, session.data?.count ?? $0) } ?? session.data?.count
    context.say(
      .table(Summary.table(of: network, gradients: session.gradients.value, batch: batch)))
  }

  /// The table: per layer its equation, output shape, parameter matrices, parameter count as
  /// arithmetic, share of the total, whether it trains, and (after `backward`) the size of its
  /// weight gradient. The equation and arithmetic come from the layer's kind.
  static func table(of network: Network, gradients: Gradients? = nil, batch: Int? = nil) -> Table {
    let total = network.parameterCount
    var rows = [
      ["input", "X", "(n, \(network.inputShape))", "—", "0", "—", "—", "—"]
        + (gradients == nil ? [] : ["—"])
    ]
    var (notes, multiplyAdds) = ([String](), 0)
    for (index, layer) in network.layers.enumerated() {
      let l = index + 1
      let summary = LayerKinds.kind(of: layer).summary(
        of: layer, number: l,
        input: l == 1 ? "X" : "\(network.layers[l - 2].passNames.last ?? "a")\(l - 1)")
      let matrices = layer.parameters.map { "\($0.name) \($0.value.shape)" }.joined(separator: ", ")
      let trainable =
        layer.parameterCount == 0
        ? "—"
        : layer.isFrozen
          ? "no (frozen)" : summary.trainable ?? (layer.trainableParameterCount > 0 ? "yes" : "no")
      var row = [
        "\(l) \(layer.kind)", summary.equation, "(n, \(layer.outputShape))",
        matrices.isEmpty ? "—" : matrices,
        summary.arithmetic,
        NumberFormat.scalar(100 * Double(layer.parameterCount) / Double(max(total, 1)), digits: 3)
          + "%", trainable,
        NumberFormat.grouped(summary.multiplyAdds),
      ]
      multiplyAdds += summary.multiplyAdds
      if let note = summary.note { notes.append("Note: layer \(l) (\(layer.kind)): \(note)") }
      if let gradients {
        let norm =
          index < gradients.layers.count ? summary.gradientNorm(gradients.layers[index]) : nil
        row.append(norm.map { NumberFormat.scalar($0, digits: 4) } ?? "—")
      }
      rows.append(row)
    }
    let trainable = network.trainableParameterCount
    let header =
      ["Layer", "Equation", "Output", "Matrices", "Parameters", "Share", "Trainable", "Mult-adds"]
      + (gradients == nil ? [] : ["‖∇W‖"])
    // What one sample's forward pass keeps, counted on a sample of zeros.
    let kept = network.forward(Matrix(rows: 1, columns: network.inputShape.count)).layers.reduce(0)
    { sum, pass in
      sum + pass.matrices.reduce(0) { $0 + $1.elements.count }
    }
    let perBatch =
      batch.map { ", \(NumberFormat.bytes(kept * $0 * 8)) for a batch of \($0) as float64" } ?? ""
    return Table(
      header: header, rows: rows,
      footer: [
        "Total params: \(NumberFormat.grouped(total))",
        "Trainable params: \(NumberFormat.grouped(trainable)) (\(Adapt.percent(trainable, of: total)))",
        "Non-trainable params: \(NumberFormat.grouped(total - trainable))",
        "Memory: \(NumberFormat.bytes(total * 8)) as float64, \(NumberFormat.bytes(total * 4)) as float32",
        "Mult-adds: \(NumberFormat.grouped(multiplyAdds)) per sample",
        "Activations: \(NumberFormat.grouped(kept)) numbers per sample\(perBatch)",
      ] + notes, rightAligned: [4, 5, 7], separatesRows: true)
  }
}
