import NNEngine
import NNRender

/// `compare 2-4-3 2-8-8-3 …`: how architectures spend their parameters, without building them;
/// `compare "8x8x1 | conv2d 8 3x3 relu | maxpool 2x2 | flatten | dense 10 softmax" …` compares
/// architectures of any layer kinds, built on the side from the session's seed.
public struct Compare: CommandDefinition {
  /// Each architecture's widths, input first.
  public var architectures: [[Int]]
  /// The architectures written as layers, in quotes: an input shape and layer lines joined by '|'.
  public var layered: [String] = []

  static let help = CommandHelp(
    "compare", synopsis: "compare <widths> <widths> … | compare \"<shape> | <layer> | …\" …",
    summary:
      "compare architectures written as widths, such as 2-4-3: depth, parameters per layer and in total",
    details: """
      2-4-3 is 2 inputs, a hidden layer of 4, an output of 3: depth 2, (2·4 + 4) + (4·3 + 3) = 27
      parameters. A wide layer costs in·out; a deep stack of narrow layers spends the same budget
      on several steps of processing instead (the course text's §2.1).
      Architectures of any kind are written in quotes, the input's shape and then the layers as
      after 'layer', joined by '|': "8x8x1 | conv2d 8 3x3 relu | maxpool 2x2 | flatten | dense 4 softmax".
      The table then also shows each one's multiply-adds per sample; depth counts the layers
      with parameters.
      """,
    examples: [
      "compare 2-4-3 2-8-8-3 2-64-3",
      "compare \"64 | dense 64 relu | dense 64 relu | dense 10 softmax\" \"8x8x1 | conv2d 8 3x3 relu | maxpool 2x2 | flatten | dense 10 softmax\"",
      "compare \"20x8 | rnn 32 | dense 2 softmax\" \"20x8 | lstm 32 | dense 2 softmax\" \"20x8 | gru 32 | dense 2 softmax\"",
    ], seed: "§2.1, §2.2")

  /// compare <int>{-<int>} {<int>{-<int>}}
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    var architectures: [[Int]] = []
    var layered: [String] = []
    while !parser.isAtEnd {
      if let token = parser.current, token.kind == .string {
        parser.advance()
        layered.append(token.text)
        continue
      }
      let start = parser.currentRange
      let first = try parser.expectInteger("an architecture such as 2-4-3", in: 1...Limits.width)
      let text = String(first) + parser.contiguousText()
      let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
      let parsed = pieces.compactMap { Int($0) }
      guard parsed.count >= 2, parsed.count == pieces.count,
        parsed.allSatisfy({ (1...Limits.width).contains($0) })
      else {
        throw .syntax(
          "parser.architecture", "'\(text)' is not an architecture",
          at: start.extended(through: parser.previousRange),
          notes: [.init("write the widths from input to output joined by '-', such as 2-4-3")])
      }
      architectures.append(parsed)
    }
    guard !architectures.isEmpty || !layered.isEmpty else {
      throw .syntax(
        "parser.expectedArchitecture",
        "expected architectures to compare, such as 'compare 2-4-3 2-8-8-3'", at: parser.endRange)
    }
    return Command(Compare(architectures: architectures, layered: layered))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if !layered.isEmpty { return try compareLayers(session, context) }
    let rows = architectures.map { widths -> [String] in
      let counts = zip(widths, widths.dropFirst()).map { $0 * $1 + $1 }
      let total = counts.reduce(0, +)
      return [
        widths.map(String.init).joined(separator: "-"), "\(widths.count - 1)",
        widths.dropFirst().dropLast().map(String.init).joined(separator: ", "),
        counts.map { NumberFormat.grouped($0) }.joined(separator: " + "),
        NumberFormat.grouped(total),
      ]
    }
    context.say(
      .table(
        Table(
          header: ["architecture", "depth", "hidden widths", "parameters per layer", "total"],
          rows: rows, rightAligned: [1, 4])))
  }

  /// The table for architectures of any kind: each is built in a session of its own, with this
  /// session's seed and initialisation, and counted layer by layer. Widths (2-4-3) join in as
  /// dense sigmoid layers.
  private func compareLayers(_ session: Session, _ context: RunContext) throws(Diagnostic) {
    let written =
      architectures.map { widths in
        ([String(widths[0])] + widths.dropFirst().map { "dense \($0) sigmoid" }).joined(
          separator: " | ")
      } + layered
    var rows: [[String]] = []
    for text in written {
      let network = try Compare.build(text, like: session, at: context.range)
      let counts = network.layers.map(\.parameterCount)
      let multiplyAdds = network.layers.enumerated().compactMap { index, layer in
        LayerKinds.kind(named: layer.kind)?.summary(of: layer, number: index + 1, input: "x")
          .multiplyAdds
      }
      rows.append([
        ([network.inputShape.description] + network.layers.map(\.description)).joined(
          separator: " → "),
        "\(counts.filter { $0 > 0 }.count)",
        counts.map { NumberFormat.grouped($0) }.joined(separator: " + "),
        NumberFormat.grouped(counts.reduce(0, +)), NumberFormat.grouped(multiplyAdds.reduce(0, +)),
      ])
    }
    context.say(
      .table(
        Table(
          header: ["architecture", "depth", "parameters per layer", "total", "mult-adds/sample"],
          rows: rows, rightAligned: [1, 3, 4])))
  }

  /// The network that `"8x8x1 | conv2d 8 3x3 relu | …"` describes, or its first error.
  static func build(_ text: String, like session: Session, at range: SourceRange) throws(Diagnostic)
    -> Network
  {
    var scratch = Session()
    (scratch.seed, scratch.initialization) = (session.seed, session.initialization)
    var interpreter = Interpreter(session: scratch)
    let parts = text.split(separator: "|").map { $0.split(separator: " ").joined(separator: " ") }
    for (index, part) in parts.enumerated() {
      let line = index == 0 ? "input \(part)" : "layer \(part)"
      if case .failure(let error) = interpreter.run(line: line, number: 1, emit: { _ in }) {
        throw .runtime(
          "runtime.architecture", "in \"\(text)\", '\(part)': \(error.message)", at: range,
          notes: error.notes.isEmpty
            ? [.init("write the input's shape, then the layers as after 'layer', joined by '|'")]
            : error.notes)
      }
    }
    guard let network = interpreter.session.network, !network.layers.isEmpty else {
      throw .runtime(
        "runtime.architecture", "\"\(text)\" has no layers", at: range,
        notes: [.init("write the input's shape, then the layers as after 'layer', joined by '|'")])
    }
    return network
  }
}
