import NNRender

/// `compare 2-4-3 2-8-8-3 …`: how architectures spend their parameters, without building them.
public struct Compare: CommandDefinition {
  /// Each architecture's widths, input first.
  public var architectures: [[Int]]

  static let help = CommandHelp(
    "compare", synopsis: "compare <widths> <widths> …",
    summary: "compare architectures written as widths, such as 2-4-3: depth, parameters per layer and in total",
    details: """
      2-4-3 is 2 inputs, a hidden layer of 4, an output of 3: depth 2, (2·4 + 4) + (4·3 + 3) = 27
      parameters. A wide layer costs in·out; a deep stack of narrow layers spends the same budget
      on several steps of processing instead (seed §2.1).
      """,
    examples: ["compare 2-4-3 2-8-8-3 2-64-3"], seed: "§2.1, §2.2")

  /// compare <int>{-<int>} {<int>{-<int>}}
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    var architectures: [[Int]] = []
    while !parser.isAtEnd {
      let start = parser.currentRange
      let first = try parser.expectInteger("an architecture such as 2-4-3", in: 1...Limits.width)
      let text = String(first) + parser.contiguousText()
      let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
      let parsed = pieces.compactMap { Int($0) }
      guard parsed.count >= 2, parsed.count == pieces.count, parsed.allSatisfy({ (1...Limits.width).contains($0) }) else {
        throw .syntax("parser.architecture", "'\(text)' is not an architecture", at: start.extended(through: parser.previousRange),
                      notes: [.init("write the widths from input to output joined by '-', such as 2-4-3")])
      }
      architectures.append(parsed)
    }
    guard !architectures.isEmpty else {
      throw .syntax("parser.expectedArchitecture", "expected architectures to compare, such as 'compare 2-4-3 2-8-8-3'", at: parser.endRange)
    }
    return .compare(Compare(architectures: architectures))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let rows = architectures.map { widths -> [String] in
      let counts = zip(widths, widths.dropFirst()).map { $0 * $1 + $1 }
      let total = counts.reduce(0, +)
      return [
        widths.map(String.init).joined(separator: "-"), "\(widths.count - 1)",
        widths.dropFirst().dropLast().map(String.init).joined(separator: ", "),
        counts.map { NumberFormat.grouped($0) }.joined(separator: " + "), NumberFormat.grouped(total),
      ]
    }
    context.say(.table(Table(header: ["architecture", "depth", "hidden widths", "parameters per layer", "total"], rows: rows, rightAligned: [1, 4])))
  }
}
