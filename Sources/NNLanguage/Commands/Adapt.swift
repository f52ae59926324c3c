import NNEngine
import NNRender

/// `adapt <layer> lora <rank> [alpha <α>]` and `merge <layer>`: LoRA fine-tuning of one layer.
public struct Adapt: CommandDefinition {
  public var layer: Int
  public var rank: Int
  public var alpha: Double?

  static let help = CommandHelp(
    "adapt", synopsis: "adapt <layer> lora <rank> [alpha <α>]",
    summary: "fine-tune a layer with LoRA: W stays frozen, a low-rank change (α/r)·A·B trains",
    details: """
      The layer computes with W + (α/r)·A·B, where A is in×r and B is r×out. B starts at 0, so
      nothing changes until training; then only A and B (and no other part of the layer) learn:
      r·(in + out) parameters instead of in·out + out. α defaults to r (a scale of 1).
      'merge <layer>' folds A·B into W afterwards.
      """,
    examples: ["adapt 1 lora 2", "adapt 2 lora 4 alpha 8", "merge 1"], seed: "§9.3")

  /// adapt <int> lora <int> [alpha <number>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let layer = try parser.expectInteger("a layer number", in: 1...Limits.width)
    try parser.expect(word: "lora", after: "the layer number")
    let rank = try parser.expectInteger("the rank", in: 1...Limits.width)
    var alpha: Double?
    if parser.eat(word: "alpha") {
      let range = parser.currentRange
      let value = try parser.expectNumber("the scale α")
      guard value > 0, value.isFinite else { throw .syntax("parser.loraAlpha", "α must be a positive number", at: range) }
      alpha = value
    }
    try parser.expectEnd(after: alpha == nil ? "the rank" : "α")
    return .adapt(Adapt(layer: layer, rank: rank, alpha: alpha))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    try session.checkLayerExists(layer, at: context.range)
    guard let target = network.layers[layer - 1] as? any LowRankAdaptable else {
      throw .runtime(
        "runtime.notAdaptable", "layer \(layer) (\(network.layers[layer - 1])) has no weight matrix for LoRA to change",
        at: context.range, notes: [.init("LoRA adapts layers with a weight matrix W, such as dense layers")])
    }
    let (i, u) = (target.adaptedShape.rows, target.adaptedShape.columns)
    guard rank < min(i, u) || (i == 1 && rank == 1) else {
      throw .runtime(
        "runtime.loraRank", "a rank of \(rank) is no smaller than layer \(layer)'s W (\(target.adaptedShape))",
        at: context.range, notes: [.init("LoRA saves parameters only when r < min(in, out) = \(min(i, u))")])
    }
    if target.adapter != nil {
      context.warn(.warning("warning.readapt", "layer \(layer) already had an adapter; it is replaced", notes: [.init("'merge \(layer)' keeps what the old one learnt")]))
    }
    network.adapt(layer: layer - 1, rank: rank, alpha: alpha ?? Double(rank), seed: session.seed)
    session.network = network
    session.trainer.state = nil
    session.parametersChanged(by: "'adapt' added an adapter")
    context.say(
      "layer \(layer): W (\(i)×\(u)) and b frozen; A \(i)×\(rank) and B \(rank)×\(u) train — \(rank)·(\(i) + \(u)) = \(rank * (i + u)) parameters instead of \(i)×\(u) + \(u) = \(i * u + u); scale α/r = \(NumberFormat.scalar((alpha ?? Double(rank)) / Double(rank)))")
  }
}

/// `merge <layer>`: fold a LoRA adapter into the layer's weights.
public struct Merge: CommandDefinition {
  public var layer: Int

  static let help = CommandHelp(
    "merge", synopsis: "merge <layer>", summary: "fold a layer's LoRA change into its weights: W := W + (α/r)·A·B",
    details: "The layer then computes exactly what it did, as an ordinary dense layer with no adapter.",
    examples: ["merge 1"], seed: "§9.3")

  /// merge <int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let layer = try parser.expectInteger("a layer number", in: 1...Limits.width)
    try parser.expectEnd(after: "the layer number")
    return .merge(Merge(layer: layer))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    guard layer <= network.depth, network.adapter(ofLayer: layer - 1) != nil else {
      throw .runtime("runtime.noAdapter", "layer \(layer) has no LoRA adapter to merge", at: context.range,
                     notes: [.init("'adapt \(layer) lora 2' gives it one")])
    }
    network.merge(layer: layer - 1)
    session.network = network
    session.trainer.state = nil
    session.parametersChanged(by: "'merge' changed W")
    context.say("layer \(layer): merged A·B into W; the layer is an ordinary dense layer again")
  }
}
