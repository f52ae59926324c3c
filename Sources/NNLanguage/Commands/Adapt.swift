import NNEngine
import NNRender

/// `adapt <layer> lora <rank> [alpha <α>] [on <projections>]` (also `adapt attention …` and
/// `adapt transformer …`) and `merge <layer>`: LoRA fine-tuning.
public struct Adapt: CommandDefinition {
  /// The layers a line adapts or merges.
  public enum Target: Equatable, Sendable {
    /// One layer, by its number.
    case layer(Int)
    /// Every attention layer, and the attention of every transformer block.
    case attention
    /// Every transformer block.
    case transformer

    /// How a message names it.
    var name: String {
      switch self {
      case .layer: "the layer number"
      case .attention: "'attention'"
      case .transformer: "'transformer'"
      }
    }
  }

  public var target: Target
  public var rank: Int
  public var alpha: Double?
  /// The projections named after `on`; nil: q and v (attention and transformer blocks).
  public var projections: [Projection]?

  static let help = CommandHelp(
    "adapt",
    synopsis:
      "adapt (<layer> | attention | transformer) lora <rank> [alpha <α>] [on q k v o up down mlp]",
    summary: "fine-tune with LoRA: W stays frozen, a low-rank change (α/r)·A·B trains",
    details: """
      The layer computes with W + (α/r)·A·B, where A is in×r and B is r×out. B
      starts at 0, so nothing changes until training; then only A and B (and no
      other part of the layer) learn: r·(in + out) parameters instead of in·out +
      out. α defaults to r (a scale of 1). Attention has four such W, which 'on'
      picks: q, k, v, o (Wq … Wo); a transformer block also its MLP's up and down
      ('mlp' is both). Without 'on': q and v, as the LoRA paper does. Each gets its
      own A and B: Aq{l}, Bq{l}, Av{l}, Bv{l} …. 'adapt attention' adapts every
      attention layer and the attention of every transformer block, 'adapt
      transformer' every transformer block. Other layers still train: 'freeze all
      but 3 4' then trains only the adapters of layers 3 and 4. 'merge <layer>' (or
      'merge attention', 'merge transformer') folds A·B into W afterwards.
      """,
    examples: [
      "adapt 1 lora 2", "adapt 2 lora 4 alpha 8", "adapt attention lora 4 on q v",
      "adapt 3 lora 4 on mlp", "merge 1",
    ],
    seed: "§9.3")

  /// adapt (<int> | attention | transformer) lora <int> [alpha <number>] [on <projection>…]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let target = try parseTarget(&parser)
    try parser.expect(word: "lora", after: target.name)
    let rank = try parser.expectInteger("the rank", in: 1...Limits.width)
    var (alpha, projections, last): (Double?, [Projection]?, String) = (nil, nil, "the rank")
    while let token = parser.current, token.kind == .word {
      if alpha == nil, parser.eat(word: "alpha") {
        let range = parser.currentRange
        let value = try parser.expectNumber("the scale α")
        guard value > 0, value.isFinite else {
          throw .syntax("parser.loraAlpha", "α must be a positive number", at: range)
        }
        (alpha, last) = (value, "α")
      } else if projections == nil, parser.eat(word: "on") {
        (projections, last) = (try parseProjections(&parser, for: target), "the matrices")
      } else {
        break
      }
    }
    try parser.expectEnd(after: last)
    return Command(Adapt(target: target, rank: rank, alpha: alpha, projections: projections))
  }

  /// <int> | attention | transformer
  static func parseTarget(_ parser: inout Parser) throws(Diagnostic) -> Target {
    if parser.eat(word: "attention") { return .attention }
    if parser.eat(word: "transformer") { return .transformer }
    return .layer(
      try parser.expectInteger(
        "a layer number (or 'attention', 'transformer')", in: 1...Limits.width))
  }

  /// The words after `on`: q k v o up down, and mlp for up and down, in any order, with or
  /// without commas; kept in the layer's order.
  static func parseProjections(_ parser: inout Parser, for target: Target) throws(Diagnostic)
    -> [Projection]
  {
    let words = Projection.allCases.map(\.rawValue) + ["mlp"]
    var chosen: Set<Projection> = []
    while let token = parser.current, token.kind == .word, token.text != "alpha", token.text != "on"
    {
      let named: [Projection]
      if token.text == "mlp" {
        named = Projection.mlp
      } else if let projection = Projection(rawValue: token.text) {
        named = [projection]
      } else {
        var notes = Suggestions.note(for: token.text, among: words)
        notes.append(
          .init(
            "the matrices are q, k, v, o (attention) and up, down or mlp (a transformer block's MLP)"
          ))
        throw Diagnostic(.unknownKeyword("matrix", token.text), at: token.range, notes: notes)
      }
      if target == .attention, named.contains(where: Projection.mlp.contains) {
        throw .syntax(
          "parser.loraProjection",
          "'\(token.text)' is in a transformer block's MLP, not in attention", at: token.range,
          notes: [
            .init(
              "'adapt attention' adapts q, k, v and o; for the MLP write 'adapt transformer lora 4 on up down'"
            )
          ])
      }
      chosen.formUnion(named)
      parser.advance()
      _ = parser.eat(symbol: ",")
    }
    guard !chosen.isEmpty else {
      throw .syntax(
        "parser.loraMatrices", "expected the matrices to adapt after 'on', such as 'q v'",
        at: parser.currentRange)
    }
    return Projection.allCases.filter(chosen.contains)
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    let alpha = alpha ?? Double(rank)
    let chosen = try Self.layers(target, of: network, in: session, at: context.range)
    var (lines, warnings): ([String], [Diagnostic]) = ([], [])
    for l in chosen {
      if network.layers[l].isFrozen {
        warnings.append(
          .warning(
            "warning.adaptFrozen", "layer \(l + 1) is frozen, so its adapter will not train either",
            notes: [.init("'unfreeze \(l + 1)' lets it train")]))
      }
      if network.layers[l] is any LowRankAdaptable {
        lines.append(
          try adaptDense(l, of: &network, alpha: alpha, session, context, warnings: &warnings))
      } else {
        lines.append(
          try adaptProjections(l, of: &network, alpha: alpha, session, context, warnings: &warnings)
        )
      }
    }
    session.network = network
    session.trainer.state = nil
    session.parametersChanged(by: "'adapt' added an adapter")
    for warning in warnings { context.warn(warning) }
    for line in lines { context.say(line) }
    // A dense layer's line says all; attention's adapters are a share of a larger whole.
    if chosen.contains(where: { network.layers[$0] is any ProjectionAdaptable }) {
      let (trainable, total) = (network.trainableParameterCount, network.parameterCount)
      context.say(
        "trainable parameters: \(NumberFormat.grouped(trainable)) of \(NumberFormat.grouped(total)) (\(Self.percent(trainable, of: total)))"
      )
    }
  }

  /// `1.85%`: a share to three significant digits.
  static func percent(_ part: Int, of total: Int) -> String {
    NumberFormat.scalar(100 * Double(part) / Double(max(total, 1)), digits: 3) + "%"
  }

  /// The layers (0-based) `target` names, each checked to have weights LoRA can change.
  static func layers(
    _ target: Target, of network: Network, in session: Session, at range: SourceRange
  ) throws(Diagnostic) -> [Int] {
    switch target {
    case .layer(let number):
      try session.checkLayerExists(number, at: range)
      guard network.isAdaptable(layer: number - 1) else {
        throw .runtime(
          "runtime.notAdaptable",
          "layer \(number) (\(network.layers[number - 1])) has no weight matrix for LoRA to change",
          at: range,
          notes: [
            .init(
              "LoRA adapts layers with a weight matrix W: dense layers, attention and transformer blocks"
            )
          ])
      }
      return [number - 1]
    case .attention, .transformer:
      let found = network.layers.indices.filter {
        network.layers[$0] is TransformerBlock
          || (target == .attention && network.layers[$0] is AttentionLayer)
      }
      guard !found.isEmpty else {
        let what =
          target == .attention ? "attention layer or transformer block" : "transformer block"
        throw .runtime(
          "runtime.noAttention", "the network has no \(what) to adapt", at: range,
          notes: [.init("name a layer by its number instead: 'adapt 1 lora 2'")])
      }
      return found
    }
  }

  /// A dense layer's one adapter on W: the message of what trains now.
  private func adaptDense(
    _ l: Int, of network: inout Network, alpha: Double, _ session: Session, _ context: RunContext,
    warnings: inout [Diagnostic]
  ) throws(Diagnostic) -> String {
    let layer = l + 1
    guard projections == nil else {
      throw .runtime(
        "runtime.loraProjection",
        "layer \(layer) (\(network.layers[l])) has one weight matrix; 'on' picks attention's",
        at: context.range,
        notes: [.init("write 'adapt \(layer) lora \(rank)' for its W")])
    }
    let target = network.layers[l].concrete((any LowRankAdaptable).self)
    let shape = target.adaptedShape
    try checkRank(shape, "layer \(layer)'s W", context)
    if target.adapter != nil {
      warnings.append(
        .warning(
          "warning.readapt", "layer \(layer) already had an adapter; it is replaced",
          notes: [.init("'merge \(layer)' keeps what the old one learnt")]))
    }
    network.adapt(layer: l, rank: rank, alpha: alpha, seed: session.seed)
    let (i, u) = (shape.rows, shape.columns)
    return
      "layer \(layer): W (\(i)×\(u)) and b frozen; A \(i)×\(rank) and B \(rank)×\(u) train — \(rank)·(\(i) + \(u)) = \(rank * (i + u)) parameters instead of \(i)×\(u) + \(u) = \(i * u + u); scale α/r = \(NumberFormat.scalar(alpha / Double(rank)))"
  }

  /// Adapters on the chosen projections of attention or a transformer block: the message.
  private func adaptProjections(
    _ l: Int, of network: inout Network, alpha: Double, _ session: Session, _ context: RunContext,
    warnings: inout [Diagnostic]
  ) throws(Diagnostic) -> String {
    let layer = l + 1
    let target = network.layers[l].concrete((any ProjectionAdaptable).self)
    let chosen = projections ?? Projection.standard
    if let missing = chosen.first(where: { !target.projections.contains($0) }) {
      throw .runtime(
        "runtime.loraProjection",
        "layer \(layer) (\(target)) has no \(missing.weightName): up and down are a transformer block's MLP",
        at: context.range,
        notes: [.init("adapt its q, k, v or o: 'adapt \(layer) lora \(rank) on q v'")])
    }
    for projection in chosen {
      try checkRank(
        target.weightShape(of: projection), "layer \(layer)'s \(projection.weightName)", context)
    }
    let replaced = chosen.filter { target[adapter: $0] != nil }
    if !replaced.isEmpty {
      warnings.append(
        .warning(
          "warning.readapt",
          "layer \(layer) already had an adapter on \(replaced.map(\.weightName).joined(separator: ", ")); it is replaced",
          notes: [.init("'merge \(layer)' keeps what the old one learnt")]))
    }
    network.adapt(layer: l, projections: chosen, rank: rank, alpha: alpha, seed: session.seed)
    let terms = chosen.map {
      "\(rank)·(\(target.weightShape(of: $0).rows) + \(target.weightShape(of: $0).columns))"
    }
    let count = chosen.reduce(0) {
      $0 + rank * (target.weightShape(of: $1).rows + target.weightShape(of: $1).columns)
    }
    let arithmetic =
      Set(terms).count == 1 && terms.count > 1
      ? "\(terms.count) × \(terms[0])" : terms.joined(separator: " + ")
    let factors = chosen.flatMap { [$0.downName, $0.upName] }.joined(separator: ", ")
    let fixed = network.layers[l].parameterCount - network.layers[l].trainableParameterCount
    return
      "layer \(layer) (\(target.kind)): \(factors) train — \(arithmetic) = \(NumberFormat.grouped(count)) parameters; its other \(NumberFormat.grouped(fixed)) (\(chosen.map(\.weightName).joined(separator: ", ")) and the rest) stay frozen; scale α/r = \(NumberFormat.scalar(alpha / Double(rank)))"
  }

  /// LoRA saves parameters only with r < min(in, out).
  private func checkRank(_ shape: Shape, _ what: String, _ context: RunContext) throws(Diagnostic) {
    let (i, u) = (shape.rows, shape.columns)
    guard rank < min(i, u) || (i == 1 && rank == 1) else {
      throw .runtime(
        "runtime.loraRank", "a rank of \(rank) is no smaller than \(what) (\(shape))",
        at: context.range,
        notes: [.init("LoRA saves parameters only when r < min(in, out) = \(min(i, u))")])
    }
  }
}

/// `merge <layer>`, `merge attention`, `merge transformer`: fold LoRA adapters into the weights.
public struct Merge: CommandDefinition {
  public var target: Adapt.Target

  static let help = CommandHelp(
    "merge", synopsis: "merge <layer> | merge attention | merge transformer",
    summary: "fold LoRA changes into the weights: W := W + (α/r)·A·B",
    details: """
      The layer then computes exactly what it did, with no adapter: a dense layer as
      an ordinary one, attention and transformer blocks with all their matrices
      trainable again. 'merge attention' folds the adapters on q, k, v and o of
      every attention layer and transformer block; 'merge transformer' all of every
      transformer block.
      """,
    examples: ["merge 1", "merge attention"], seed: "§9.3")

  /// merge (<int> | attention | transformer)
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let target = try Adapt.parseTarget(&parser)
    try parser.expectEnd(after: target.name)
    return Command(Merge(target: target))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    var network = try session.requireLayers(at: context.range)
    let projections: [Projection]? = target == .attention ? Projection.attention : nil
    let chosen: [Int] =
      switch target {
      case .layer(let number):
        number <= network.depth && network.hasAdapter(layer: number - 1) ? [number - 1] : []
      case .attention, .transformer:
        ((try? Adapt.layers(target, of: network, in: session, at: context.range)) ?? []).filter {
          l in
          network.adaptedProjections(ofLayer: l).contains {
            (projections ?? Projection.allCases).contains($0)
          }
        }
      }
    guard !chosen.isEmpty else {
      if case .layer(let layer) = target {
        throw .runtime(
          "runtime.noAdapter", "layer \(layer) has no LoRA adapter to merge", at: context.range,
          notes: [.init("'adapt \(layer) lora 2' gives it one")])
      }
      throw .runtime(
        "runtime.noAdapter",
        "no \(target == .attention ? "attention" : "transformer block") has a LoRA adapter to merge",
        at: context.range,
        notes: [
          .init(
            "'adapt \(target == .attention ? "attention" : "transformer") lora 4' gives them one")
        ])
    }
    var lines: [String] = []
    for l in chosen {
      let merged = network.adaptedProjections(ofLayer: l).filter {
        (projections ?? Projection.allCases).contains($0)
      }
      network.merge(layer: l, projections: projections)
      if merged.isEmpty {
        lines.append(
          "layer \(l + 1): merged A·B into W; the layer is an ordinary dense layer again")
      } else {
        let folded = merged.map { "\($0.downName)·\($0.upName) into \($0.weightName)" }.joined(
          separator: ", ")
        let left = network.hasAdapter(layer: l) ? "" : "; it has no adapter now"
        lines.append("layer \(l + 1): merged \(folded)\(left)")
      }
    }
    session.network = network
    session.trainer.state = nil
    session.parametersChanged(by: "'merge' changed W")
    for line in lines { context.say(line) }
  }
}
