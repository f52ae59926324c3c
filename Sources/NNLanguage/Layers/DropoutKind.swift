import NNEngine
import NNRender

/// `layer dropout <rate>`: numbers dropped at random while training (`NNEngine/Layers/DropoutLayer.swift`).
enum DropoutKind: LayerKind {
  static let name = "dropout"
  static let synopsis = "layer dropout <rate>"
  static let summary =
    "append dropout: while training, each number is dropped with probability rate"
  static let details = """
    While training ('train', 'step'), each number is set to 0 with probability rate (from 0 up to,
    not including, 1) and the others are multiplied by 1/(1 − rate), so that nothing changes on
    average; in 'forward', 'predict', 'accuracy', 'backward' and 'gradcheck' it passes everything
    through. Each training step's mask comes from the seed, the layer's number and the step, so
    a seeded run is the same each time. No parameters.
    """
  static let examples = ["layer dense 16 relu", "layer dropout 0.2"]
  static let parameterNames: [String] = []
  static let passNames = ["mask", "out"]

  struct Request: LayerRequest {
    var rate: Double

    func parameterCount(inputShape: SampleShape) -> Int { 0 }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      try NumberInput.check(inputShape, "dropout", at: range)
      return DropoutLayer(rate: rate, seed: session.seed, number: number, inputShape: inputShape)
    }
  }

  /// layer dropout <rate:Double>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let start = parser.currentRange
    let rate = try parser.expectNumber("the dropout rate")
    guard rate >= 0, rate < 1 else {
      throw .syntax(
        "parser.dropoutRate",
        "a dropout rate is a probability from 0 up to 1, not \(NumberFormat.scalar(rate))",
        at: start, notes: [.init("0.2 drops one number in five while training")])
    }
    try parser.expectEnd(after: "the dropout rate")
    return Request(rate: rate)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] { [] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    guard let dropout = layer as? DropoutLayer else { return [:] }
    return [
      "rate": .number(dropout.rate), "seed": .text(String(dropout.seed)),
      "number": .number(Double(dropout.number)), "steps": .number(Double(dropout.steps)),
    ]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard case .number(let rate) = configuration["rate"], rate >= 0, rate < 1 else {
      throw .init("its 'rate' should be a number from 0 up to 1")
    }
    guard let seed = UInt64(try ModelFile.text(configuration, "seed")) else {
      throw .init("its 'seed' should be a whole number")
    }
    let number = try ModelFile.count(configuration, "number", in: 1...Limits.width)
    var layer = DropoutLayer(rate: rate, seed: seed, number: number, inputShape: inputShape)
    layer.steps = try ModelFile.count(
      configuration, "steps", in: 0...Limits.epochs * Limits.samples)
    return layer
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let rate = (layer as? DropoutLayer)?.rate ?? 0
    return LayerSummary(
      equation: "out\(l) = \(input) ⊙ mask, dropping \(NumberFormat.scalar(rate)) while training",
      arithmetic: "0", trainable: nil,
      gradientNorm: { _ in nil })
  }
}
