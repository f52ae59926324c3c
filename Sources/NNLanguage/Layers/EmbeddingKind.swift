import NNEngine
import NNRender

/// `layer embedding <width>`: a table of one learned vector per token (`NNEngine/Layers/EmbeddingLayer.swift`).
enum EmbeddingKind: LayerKind {
  static let name = "embedding"
  static let synopsis = "layer embedding <width>"
  static let summary = "append a token embedding: each token id becomes row id of E"
  static let details = """
    Only after 'input tokens <T> vocab <V>': each of a sample's T token ids (whole numbers from 0
    to V − 1) becomes its row of E{l} (V × width), so the output is a T × width sequence.
    Parameters: V·width. E is drawn from N(0, 1), as PyTorch's nn.Embedding draws it.
    """
  static let examples = ["input tokens 8 vocab 27", "layer embedding 16"]
  static let parameterNames = ["E"]
  static let passNames = ["out"]

  struct Request: LayerRequest {
    var width: Int

    func parameterCount(inputShape: SampleShape) -> Int {
      if case .tokens(_, let vocabulary) = inputShape { return vocabulary * width }
      return 0
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      guard case .tokens(let count, let vocabulary) = inputShape else {
        throw .runtime(
          "runtime.layerShape", "an embedding reads token ids, but its input is \(inputShape)",
          at: range,
          notes: [
            .init(
              "start the network with 'input tokens <T> vocab <V>', then 'layer embedding \(width)'"
            )
          ])
      }
      return EmbeddingLayer(table: Matrix(rows: vocabulary, columns: width), tokensPerSample: count)
        .drawn(number: number, in: session)
    }
  }

  /// layer embedding <width:Int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let width = try parser.expectInteger(
      "the width of each token's vector after 'embedding'", in: 1...Limits.width)
    try parser.expectEnd(after: "the width")
    return Request(width: width)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] { [] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    ["width": .number(Double((layer as? EmbeddingLayer)?.width ?? 0))]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let width = try ModelFile.count(configuration, "width", in: 1...Limits.width)
    guard case .tokens(let count, let vocabulary) = inputShape else {
      throw .init("an embedding needs token ids as its input")
    }
    guard let table = parameters["E"], table.shape == Shape(rows: vocabulary, columns: width) else {
      throw .init("its E should be \(vocabulary)×\(width)")
    }
    return EmbeddingLayer(table: table, tokensPerSample: count)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let embedding = layer as? EmbeddingLayer
    let (v, d) = (embedding?.vocabulary ?? 0, embedding?.width ?? 0)
    return LayerSummary(
      equation: "out\(l) = E\(l)[\(input)]",
      arithmetic: "\(v)×\(d) = \(NumberFormat.grouped(v * d))", trainable: nil,
      gradientNorm: { $0.parameters.first?.norm })
  }
}
