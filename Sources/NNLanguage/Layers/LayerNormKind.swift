import NNEngine
import NNRender

/// `layer layernorm`: each position normalized, then scaled and shifted (`NNEngine/Layers/LayerNormLayer.swift`).
enum LayerNormKind: LayerKind {
  static let name = "layernorm"
  static let synopsis = "layer layernorm"
  static let summary = "append a layer norm: each position to mean 0, variance 1, then gamma·x̂ + beta"
  static let details = """
    For each position's D numbers: x̂ = (x − mean) / √(variance + 1e-5), with the variance divided
    by D (biased, as Keras and PyTorch do), then out = gamma{l} ⊙ x̂ + beta{l} (each 1 × D; gamma
    starts at 1, beta at 0). The same in training and in use. Parameters: 2·D.
    """
  static let examples = ["input 16x8", "layer layernorm"]
  static let parameterNames = ["gamma", "beta"]
  static let passNames = ["mean", "rstd", "xhat", "out"]

  struct Request: LayerRequest {
    func parameterCount(inputShape: SampleShape) -> Int { 2 * inputShape.featuresPerPosition }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange) throws(Diagnostic)
      -> any NNEngine.Layer
    {
      try NormalizationShapes.check(inputShape, "a layer norm", at: range)
      return LayerNormLayer(width: inputShape.featuresPerPosition, inputShape: inputShape)
    }
  }

  /// layer layernorm
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expectEnd(after: "'layernorm'")
    return Request()
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] { [] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { [:] }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let d = inputShape.featuresPerPosition
    guard let gamma = parameters["gamma"], let beta = parameters["beta"], gamma.shape == Shape(rows: 1, columns: d),
      beta.shape == gamma.shape
    else { throw .init("its gamma and beta should both be 1×\(d)") }
    return LayerNormLayer(gamma: gamma, beta: beta, inputShape: inputShape)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let d = (layer as? LayerNormLayer)?.width ?? 0
    return LayerSummary(
      equation: "out\(l) = gamma\(l) ⊙ norm(\(input)) + beta\(l)", arithmetic: "2×\(d) = \(NumberFormat.grouped(2 * d))",
      trainable: nil, gradientNorm: { $0.parameters.first?.norm })
  }
}

/// The inputs a normalization can read: numbers, not token ids.
enum NormalizationShapes {
  static func check(_ inputShape: SampleShape, _ what: String, at range: SourceRange) throws(Diagnostic) {
    if case .tokens = inputShape {
      throw .runtime(
        "runtime.layerShape", "\(what) reads numbers, not token ids (\(inputShape))", at: range,
        notes: [.init("turn each token into a vector first with 'layer embedding 16'")])
    }
  }
}
