import NNEngine

/// `input <features>` | `input <steps>x<features>` | `input <h>x<w>x<c>` |
/// `input tokens <count> vocab <size>`: the shape of each sample.
public struct Input: CommandDefinition {
  public var shape: SampleShape

  static let help = CommandHelp(
    "input",
    synopsis:
      "input <features> | input <steps>x<features> | input <height>x<width>x<channels> | input tokens <count> vocab <size>",
    summary:
      "set the shape of each sample: its number of features (the width of X), or a sequence, image or tokens",
    details: """
      The input is not a layer: it holds the data and has no parameters, so it does not count
      towards the depth. Loading data with 'data' also sets the input width. A sample is always
      one row of X, all its numbers in row-major order: a sequence (16x3) time step by time
      step, an image (28x28x1) row by row, then column, then channel. A dense layer on a
      sequence is applied to every position alike; its loss averages over samples and positions.
      """,
    examples: ["input 2", "input 16x3", "input 28x28x1", "input tokens 32 vocab 65"],
    seed: "§2.1, §2.2")

  /// input <int> | input <int>x<int> | input <int>x<int>x<int> | input tokens <int> vocab <int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.eat(word: "tokens") {
      let count = try parser.expectInteger("the number of tokens per sample", in: 1...Limits.width)
      try parser.expect(word: "vocab", after: "the number of tokens")
      let vocabulary = try parser.expectInteger("the vocabulary size", in: 2...Limits.width)
      try parser.expectEnd(after: "the vocabulary size")
      return Command(Input(shape: .tokens(count: count, vocabulary: vocabulary)))
    }
    let start = parser.currentRange
    let dimensions = try Input.parseDimensions(&parser, "the number of input features")
    try parser.expectEnd(after: "the input shape")
    let range = start.extended(through: parser.previousRange)
    guard
      dimensions.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 })
        <= Limits.width
    else {
      throw .syntax(
        "parser.inputTooLarge",
        "a sample of \(dimensions.map(String.init).joined(separator: "×")) numbers is too large",
        at: range,
        notes: [.init("a sample may hold up to \(Limits.width) numbers")])
    }
    switch dimensions.count {
    case 1: return Command(Input(shape: .features(dimensions[0])))
    case 2: return Command(Input(shape: .sequence(steps: dimensions[0], features: dimensions[1])))
    default:
      return Command(
        Input(shape: .image(height: dimensions[0], width: dimensions[1], channels: dimensions[2])))
    }
  }

  /// Sizes written `8`, `16x3` or `28x28x1` (the lexer reads `16x3` as the number 16 and the
  /// word `x3`): one to three whole numbers from 1 to `Limits.width`.
  static func parseDimensions(_ parser: inout Parser, _ what: String) throws(Diagnostic) -> [Int] {
    var dimensions = [try parser.expectInteger(what, in: 1...Limits.width)]
    guard let token = parser.current, token.kind == .word, token.text.first == "x" else {
      return dimensions
    }
    let parts = token.text.dropFirst().split(separator: "x", omittingEmptySubsequences: false)
    let sizes = parts.compactMap { Int($0) }
    guard sizes.count == parts.count, sizes.allSatisfy({ (1...Limits.width).contains($0) }),
      sizes.count <= 2
    else {
      throw .syntax(
        "parser.badShape",
        "expected a shape such as 16x3 or 28x28x1, found '\(dimensions[0])\(token.text)'",
        at: token.range,
        notes: [
          .init(
            "write steps x features (16x3) or height x width x channels (28x28x1), each from 1 to \(Limits.width)"
          )
        ])
    }
    _ = parser.advance()
    dimensions += sizes
    return dimensions
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let width = shape.count
    if let network = session.network, !network.layers.isEmpty, network.inputShape != shape {
      throw .runtime(
        "runtime.inputAfterLayers",
        "the network's layers are already built for \(Input.describe(network.inputShape))",
        notes: [.init("type 'reset' to start a new network")])
    }
    if let data = session.data, data.inputs.columns != width {
      throw .runtime(
        "runtime.inputVsData", "the data has \(data.inputs.columns) features, not \(width)",
        notes: [.init("load other data with 'data', or type 'input \(data.inputs.columns)'")])
    }
    if session.network == nil || session.network?.layers.isEmpty == true {
      session.network = Network(inputShape: shape)
    }
    context.say("input: \(Input.describe(shape)) per sample")
  }

  /// `2 features`, `16×3 (a sequence: 48 numbers)`, `32 tokens of 65`.
  static func describe(_ shape: SampleShape) -> String {
    switch shape {
    case .features(let n): counted(n, "feature")
    case .sequence: "\(shape) (a sequence: \(counted(shape.count, "number")))"
    case .image: "\(shape) (an image: \(counted(shape.count, "number")))"
    case .tokens: "\(shape)"
    }
  }
}
