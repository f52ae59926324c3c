/// `freeze <layer>`, `freeze all but <layer>`, `unfreeze <layer>`, `unfreeze all`: which layers
/// training may change (fine-tuning, seed §9.3).
public struct Freeze: CommandDefinition {
  /// Which layers a freeze or unfreeze applies to.
  public enum Selection: Equatable, Sendable {
    case layer(Int)
    case allBut(Int)
    case all
  }

  public var freezing: Bool
  public var selection: Selection

  static let help = CommandHelp(
    "freeze", synopsis: "freeze <layer> | freeze all but <layer> | unfreeze <layer> | unfreeze all",
    summary: "stop (or restart) training a layer's parameters: fine-tune only part of a network",
    details: """
      A frozen layer keeps its W and b while the others train; 'summary' counts its parameters
      as non-trainable. 'freeze all but 3' trains only layer 3, as when a new head is fitted to
      a pretrained body.
      """,
    examples: ["freeze 1", "freeze all but 3", "unfreeze all"], seed: "§9.3")

  static let unfreezeHelp = CommandHelp(
    "unfreeze", synopsis: "unfreeze <layer> | unfreeze all", summary: "let training change a frozen layer again",
    examples: ["unfreeze 1", "unfreeze all"], seed: "§9.3")

  /// freeze <int> | freeze all but <int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    .freeze(Freeze(freezing: true, selection: try parseSelection(&parser, allowAllBut: true)))
  }

  static func parseSelection(_ parser: inout Parser, allowAllBut: Bool) throws(Diagnostic) -> Selection {
    let selection: Selection
    if parser.eat(word: "all") {
      if allowAllBut {
        try parser.expect(word: "but", after: "'all'")
        selection = .allBut(try parser.expectInteger("a layer number", in: 1...Limits.width))
      } else {
        selection = .all
      }
    } else {
      selection = .layer(try parser.expectInteger("a layer number (or 'all')", in: 1...Limits.width))
    }
    try parser.expectEnd(after: "the layer number")
    return selection
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    let chosen: [Int]
    switch selection {
    case .all: chosen = Array(network.layers.indices)
    case .layer(let l), .allBut(let l):
      try session.checkLayerExists(l, at: context.range)
      if case .layer = selection { chosen = [l - 1] } else { chosen = network.layers.indices.filter { $0 != l - 1 } }
    }
    for index in chosen { network.layers[index].isFrozen = freezing }
    if case .allBut(let l) = selection { network.layers[l - 1].isFrozen = false }
    session.network = network
    session.trainer.state = nil
    let frozen = network.layers.indices.filter { network.layers[$0].isFrozen }.map { String($0 + 1) }
    context.say(
      "frozen: \(frozen.isEmpty ? "none" : "layer \(frozen.joined(separator: ", "))"); trainable parameters: \(network.trainableParameterCount) of \(network.parameterCount)")
  }
}

/// `unfreeze …`: see `Freeze`.
public struct Unfreeze: CommandDefinition {
  public var selection: Freeze.Selection

  static let help = Freeze.unfreezeHelp

  /// unfreeze <int> | unfreeze all
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    .unfreeze(Unfreeze(selection: try Freeze.parseSelection(&parser, allowAllBut: false)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    try Freeze(freezing: false, selection: selection).run(in: &session, context)
  }
}
