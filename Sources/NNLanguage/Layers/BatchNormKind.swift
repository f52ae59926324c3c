import NNEngine
import NNRender

/// `layer batchnorm`: each channel normalized over the batch (`NNEngine/Layers/BatchNormLayer.swift`).
enum BatchNormKind: NormalizationKind {
  static let name = "batchnorm"
  static let synopsis = "layer batchnorm"
  static let summary =
    "append batch normalization: each channel to mean 0, variance 1 over the batch"
  static let details = """
    For each channel (each feature; on a sequence or an image, each of the last numbers of a
    position or pixel): while training, x̂ = (x − mean) / √(variance + 1e-5) over the batch, and the
    running statistics movingMean{l} and movingVar{l} move a tenth of the way towards the batch's;
    in 'forward', 'predict', 'backward' and 'gradcheck' the running ones are used instead. Then
    out = gamma{l} ⊙ x̂ + beta{l}. Trained: gamma, beta (2·C); kept, not trained: the running
    statistics (2·C). Keras counts all 4·C (2·C "non-trainable"); PyTorch counts 2·C parameters and
    calls the running statistics buffers.
    """
  static let examples = ["layer dense 16 linear", "layer batchnorm", "layer dense 1 sigmoid"]
  static let parameterNames = ["gamma", "beta", "movingMean", "movingVar"]
  static let passNames = ["mean", "rstd", "var", "xhat", "out"]

  static let described = "batch normalization"

  static func layer(inputShape: SampleShape) -> any NNEngine.Layer {
    BatchNormLayer(channels: inputShape.featuresPerPosition, inputShape: inputShape)
  }

  static func layer(parameters m: [Matrix], inputShape: SampleShape) -> any NNEngine.Layer {
    BatchNormLayer(
      gamma: m[0], beta: m[1], runningMean: m[2], runningVariance: m[3], inputShape: inputShape)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let batchNorm = layer as? BatchNormLayer
    let c = batchNorm?.channels ?? 0
    return LayerSummary(
      equation:
        "out\(l) = gamma\(l) ⊙ norm(\(input)) + beta\(l) (PyTorch: \(NumberFormat.grouped(2 * c)), the running statistics are buffers)",
      arithmetic: "2×\(c) + 2×\(c) kept = \(NumberFormat.grouped(4 * c))",
      trainable: batchNorm?.isFrozen == true
        ? nil : "\(NumberFormat.grouped(2 * c)) of \(NumberFormat.grouped(4 * c))",
      gradientNorm: { $0.parameters.first?.norm })
  }
}
