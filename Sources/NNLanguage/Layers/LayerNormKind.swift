import NNEngine
import NNRender

/// `layer layernorm`: each position normalized, then scaled and shifted (`NNEngine/Layers/LayerNormLayer.swift`).
enum LayerNormKind: NormalizationKind {
  static let name = "layernorm"
  static let synopsis = "layer layernorm"
  static let summary =
    "append a layer norm: each position to mean 0, variance 1, then gamma·x̂ + beta"
  static let details = """
    For each position's D numbers: x̂ = (x − mean) / √(variance + 1e-5), with the variance divided
    by D (biased, as Keras and PyTorch do), then out = gamma{l} ⊙ x̂ + beta{l} (each 1 × D; gamma
    starts at 1, beta at 0). The same in training and in use. Parameters: 2·D.
    """
  static let examples = ["input 16x8", "layer layernorm"]
  static let parameterNames = ["gamma", "beta"]
  static let passNames = ["mean", "rstd", "xhat", "out"]

  static let described = "a layer norm"

  static func layer(inputShape: SampleShape) -> any NNEngine.Layer {
    LayerNormLayer(width: inputShape.featuresPerPosition, inputShape: inputShape)
  }

  static func layer(parameters m: [Matrix], inputShape: SampleShape) -> any NNEngine.Layer {
    LayerNormLayer(gamma: m[0], beta: m[1], inputShape: inputShape)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let d = (layer as? LayerNormLayer)?.width ?? 0
    return LayerSummary(
      equation: "out\(l) = gamma\(l) ⊙ norm(\(input)) + beta\(l)",
      arithmetic: "2×\(d) = \(NumberFormat.grouped(2 * d))",
      trainable: nil, gradientNorm: { $0.parameters.first?.norm })
  }
}
