import NNEngine
import NNRender

/// `params …`: where a transformer language model's parameters are.
public struct Params: CommandDefinition {
  public var shape: TransformerShape
  /// The preset's name, if one was used.
  public var preset: String?
  /// LoRA's rank and matrices, if asked for.
  public var lora: (rank: Int, matrices: Set<TransformerShape.Matrix>)?

  public static func == (lhs: Params, rhs: Params) -> Bool {
    lhs.shape == rhs.shape && lhs.preset == rhs.preset && lhs.lora?.rank == rhs.lora?.rank
      && lhs.lora?.matrices == rhs.lora?.matrices
  }

  static let help = CommandHelp(
    "params",
    synopsis:
      "params gpt2-small | gpt2-medium | gpt2-large | gpt2-xl | bert-base | llama-7b | params transformer layers <L> dim <d> heads <h> vocab <V> context <C> [ffn <F>] [tied | untied] [bias | nobias] [layernorm | rmsnorm] [gated] [rope]   [lora <r> on <q k v o up down gate>]",
    summary: "count a transformer language model's parameters, part by part",
    details: """
      Token embedding V·d; learned positions C·d (none with 'rope'); per block attention
      Q, K, V, O (4·d·d, plus 4·d biases) and an MLP of width F (default 4·d: up and down,
      2·d·F, or with 'gated' gate, up and down, 3·d·F) with a norm each (LayerNorm 2·d, RMSNorm
      d); a final norm; the output head V·d + V (V·d with 'nobias') unless 'tied' to the
      embedding, as 'layer dense V softmax' and 'layer dense V softmax tied' count it. 'lora 8 on
      q v' adds the trainable count of rank-8 LoRA on those matrices: r·(in + out) each, per block.
      """,
    examples: [
      "params gpt2-small", "params llama-7b lora 8 on q v",
      "params transformer layers 2 dim 64 heads 4 vocab 1000 context 128",
    ],
    seed: "§1, §2.2, §9.3")

  /// params <preset> [lora …] | params transformer <options> [lora …]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let first = try parser.expectWord(
      "a model: 'transformer' or a preset (\(TransformerShape.Preset.allCases.map(\.rawValue).joined(separator: ", ")))"
    )
    var shape: TransformerShape
    var preset: String?
    if first.text == "transformer" {
      shape = try parseShape(&parser)
    } else {
      let name = first.text + parser.contiguousText()
      guard let found = TransformerShape.Preset(rawValue: name) else {
        let names = TransformerShape.Preset.allCases.map(\.rawValue)
        throw .syntax(
          "parser.unknownPreset", "unknown model '\(name)'", at: first.range,
          notes: Suggestions.note(for: name, among: names + ["transformer"]) + [
            .init(
              "the presets are \(names.joined(separator: ", ")); or describe one with 'params transformer …'"
            )
          ])
      }
      shape = found.shape
      preset = name
    }
    var lora: (Int, Set<TransformerShape.Matrix>)?
    if parser.eat(word: "lora") {
      let rank = try parser.expectInteger("the LoRA rank", in: 1...65_536)
      try parser.expect(word: "on", after: "the rank")
      var matrices: Set<TransformerShape.Matrix> = []
      while !parser.isAtEnd {
        matrices.insert(try parser.expectKeyword(TransformerShape.Matrix.self, "matrix"))
        _ = parser.eat(symbol: ",")
      }
      guard !matrices.isEmpty else {
        throw .syntax(
          "parser.loraMatrices", "expected the matrices to adapt after 'on', such as 'q v'",
          at: parser.endRange)
      }
      lora = (rank, matrices)
    }
    try parser.expectEnd(after: "the model")
    return Command(Params(shape: shape, preset: preset, lora: lora))
  }

  /// layers <L> dim <d> heads <h> vocab <V> context <C> [ffn <F>] [tied|untied] [bias|nobias] [layernorm|rmsnorm] [gated] [rope]
  private static func parseShape(_ parser: inout Parser) throws(Diagnostic) -> TransformerShape {
    var numbers: [String: Int] = [:]
    var flags: Set<String> = []
    let required = ["layers", "dim", "heads", "vocab", "context"]
    while let token = parser.current, token.kind == .word, token.text != "lora" {
      parser.advance()
      switch token.text {
      case "layers", "dim", "heads", "vocab", "context", "ffn":
        numbers[token.text] = try parser.expectInteger(
          "a whole number after '\(token.text)'", in: 1...10_000_000)
      case "tied", "untied", "bias", "nobias", "layernorm", "rmsnorm", "gated", "rope":
        flags.insert(token.text)
      default:
        let options =
          required + [
            "ffn", "tied", "untied", "bias", "nobias", "layernorm", "rmsnorm", "gated", "rope",
          ]
        throw Diagnostic(
          .unknownOption(token.text), at: token.range,
          notes: Suggestions.note(for: token.text, among: options) + [
            .init("the options are \(options.joined(separator: " "))")
          ])
      }
    }
    if let missing = required.first(where: { numbers[$0] == nil }) {
      throw .syntax(
        "parser.missingOption", "'params transformer' needs '\(missing) <number>'",
        at: parser.currentRange,
        notes: [
          .init(
            "for example: params transformer layers 12 dim 768 heads 12 vocab 50257 context 1024")
        ])
    }
    var shape = TransformerShape(
      layers: numbers["layers"] ?? 1, dimension: numbers["dim"] ?? 1, heads: numbers["heads"] ?? 1,
      vocabulary: numbers["vocab"] ?? 1, context: numbers["context"] ?? 1,
      feedForward: numbers["ffn"])
    shape.tiedEmbeddings = !flags.contains("untied")
    shape.biases = !flags.contains("nobias")
    shape.rmsNorm = flags.contains("rmsnorm")
    shape.gatedMLP = flags.contains("gated")
    shape.learnedPositions = !flags.contains("rope")
    return shape
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    // Their bytes, 8 a parameter, must be countable too.
    guard let parts = shape.parts, let total = shape.total, total <= Int.max / 8 else {
      throw tooLarge(at: context.range)
    }
    var loraCount: Int?
    if let lora {
      guard let count = shape.loraParameters(rank: lora.rank, on: lora.matrices) else {
        throw tooLarge(at: context.range)
      }
      loraCount = count
    }
    let rows = parts.map { part in
      [part.name, part.formula, NumberFormat.grouped(part.total), share(part.total, of: total)]
    }
    let s = shape
    let title = preset ?? "transformer"
    context.say(
      "\(title): L = \(s.layers) blocks, d = \(NumberFormat.grouped(s.dimension)), \(s.heads) heads, V = \(NumberFormat.grouped(s.vocabulary)), C = \(NumberFormat.grouped(s.context)), F = \(NumberFormat.grouped(s.feedForward))"
    )
    var footer = [
      "Total params: \(NumberFormat.grouped(total))",
      "Memory: \(NumberFormat.bytes(total * 8)) as float64, \(NumberFormat.bytes(total * 2)) as float16",
    ]
    if let lora, let trainable = loraCount {
      let names = TransformerShape.Matrix.allCases.filter { lora.matrices.contains($0) }.map(
        \.rawValue
      ).joined(separator: " ")
      footer.append(
        "LoRA rank \(lora.rank) on \(names): \(NumberFormat.grouped(trainable)) trainable (\(share(trainable, of: total)) of the total)"
      )
      context.say(.value(name: "lora_params", value: Double(trainable)))
    }
    context.say(
      .table(
        Table(
          header: ["part", "count", "parameters", "share"], rows: rows, footer: footer,
          rightAligned: [2, 3])))
    session.modelParameters = total
    session.modelLoRAParameters = loraCount
    context.say(.value(name: "model_params", value: Double(total)))
  }

  /// The refusal of a shape whose counts overflow: every number is in range, their products not.
  private func tooLarge(at range: SourceRange) -> Diagnostic {
    .runtime(
      "runtime.modelTooLarge",
      "this model has more parameters than nnrepl can count (over \(NumberFormat.grouped(Int.max / 8)))",
      at: range,
      notes: [.init("the largest published models have about 10¹² parameters; try smaller numbers")]
    )
  }

  private func share(_ part: Int, of total: Int) -> String {
    total > 0 ? NumberFormat.scalar(100 * Double(part) / Double(total), digits: 3) + "%" : "—"
  }
}

extension Parser {
  /// The text of the tokens that follow the last one read with no space between them: the rest
  /// of a name such as `gpt2-small` (which reads as `gpt2`, `-`, `small`).
  mutating func contiguousText() -> String {
    var text = ""
    var end = previousRange.column + previousRange.length
    while let next = current, next.range.column == end {
      text += next.text
      end = next.range.column + next.range.length
      advance()
    }
    return text
  }
}
