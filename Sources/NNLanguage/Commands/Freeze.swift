import NNRender

/// `freeze <layers>`, `freeze all but <layers>`, `unfreeze <layers>`, `unfreeze all`: which
/// layers training may change (fine-tuning, seed §9.3). `<layers>` is one or more layer numbers
/// and ranges: `3`, `1 2 5`, `1-3`, `1-3, 6`.
public struct Freeze: CommandDefinition {
  /// Which layers a freeze or unfreeze applies to.
  public enum Selection: Equatable, Sendable {
    /// These layers (numbers from 1, in the order written).
    case layers([Int])
    /// Every layer except these.
    case allBut([Int])
    case all
  }

  public var freezing: Bool
  public var selection: Selection

  static let help = CommandHelp(
    "freeze",
    synopsis: "freeze <layers> | freeze all but <layers> | unfreeze <layers> | unfreeze all",
    summary: "stop (or restart) training a layer's parameters: fine-tune only part of a network",
    details: """
      A frozen layer keeps its W and b while the others train; 'summary' counts its
      parameters as non-trainable. 'freeze all but 3' trains only layer 3, as when a
      new head is fitted to a pretrained body. Layers are numbers and ranges:
      'freeze 1-3', 'freeze all but 4 5' (the last transformer block and the head of
      a 5-layer model, say), 'unfreeze 1, 3'.
      """,
    examples: ["freeze 1", "freeze 1-3", "freeze all but 3", "freeze all but 4 5", "unfreeze all"],
    seed: "§9.3")

  static let unfreezeHelp = CommandHelp(
    "unfreeze", synopsis: "unfreeze <layers> | unfreeze all",
    summary: "let training change a frozen layer again",
    examples: ["unfreeze 1", "unfreeze 1-3", "unfreeze all"], seed: "§9.3")

  /// freeze <layers> | freeze all but <layers>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    Command(Freeze(freezing: true, selection: try parseSelection(&parser, allowAllBut: true)))
  }

  static func parseSelection(_ parser: inout Parser, allowAllBut: Bool) throws(Diagnostic)
    -> Selection
  {
    let selection: Selection
    if parser.eat(word: "all") {
      if allowAllBut {
        try parser.expect(word: "but", after: "'all'")
        selection = .allBut(try parseLayers(&parser, "a layer number"))
      } else {
        selection = .all
      }
    } else {
      selection = .layers(try parseLayers(&parser, "a layer number (or 'all')"))
    }
    try parser.expectEnd(after: "the layer number")
    return selection
  }

  /// <int> [- <int>] {[,] <int> [- <int>]}: layer numbers and ranges of them, at least one.
  static func parseLayers(_ parser: inout Parser, _ what: String) throws(Diagnostic) -> [Int] {
    var layers: [Int] = []
    repeat {
      let start = parser.currentRange
      let first = try parser.expectInteger(
        layers.isEmpty ? what : "a layer number", in: 1...Limits.width)
      guard parser.eat(symbol: "-") else {
        layers.append(first)
        continue
      }
      let last = try parser.expectInteger("the last layer of the range", in: 1...Limits.width)
      guard first <= last else {
        throw .syntax(
          "parser.layerRange", "the range \(first)-\(last) goes backwards",
          at: start.extended(through: parser.previousRange),
          notes: [.init("write the lower number first: '\(last)-\(first)'")])
      }
      layers += Array(first...last)
    } while parser.eat(symbol: ",") || parser.current?.integerValue != nil
    return layers
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    let named: [Int]
    switch selection {
    case .all: named = []
    case .layers(let layers), .allBut(let layers): named = layers
    }
    for layer in named { try session.checkLayerExists(layer, at: context.range) }
    let chosen: [Int] =
      switch selection {
      case .all: Array(network.layers.indices)
      case .layers(let layers): layers.map { $0 - 1 }
      case .allBut(let layers): network.layers.indices.filter { !layers.contains($0 + 1) }
      }
    for index in chosen { network.layers[index].isFrozen = freezing }
    if case .allBut(let layers) = selection {
      for layer in layers { network.layers[layer - 1].isFrozen = false }
    }
    session.network = network
    session.trainer.state = nil
    let frozen = network.layers.indices.filter { network.layers[$0].isFrozen }.map {
      String($0 + 1)
    }
    context.say(
      "frozen: \(frozen.isEmpty ? "none" : "layer \(frozen.joined(separator: ", "))"); trainable parameters: \(NumberFormat.grouped(network.trainableParameterCount)) of \(NumberFormat.grouped(network.parameterCount))"
    )
  }
}

/// `unfreeze …`: see `Freeze`.
public struct Unfreeze: CommandDefinition {
  public var selection: Freeze.Selection

  static let help = Freeze.unfreezeHelp

  /// unfreeze <layers> | unfreeze all
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    Command(Unfreeze(selection: try Freeze.parseSelection(&parser, allowAllBut: false)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    try Freeze(freezing: false, selection: selection).run(in: &session, context)
  }
}
