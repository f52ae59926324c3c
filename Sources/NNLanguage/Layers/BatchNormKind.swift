import NNEngine
import NNRender

/// `layer batchnorm`: each channel normalized over the batch (`NNEngine/Layers/BatchNormLayer.swift`).
enum BatchNormKind: LayerKind {
  static let name = "batchnorm"
  static let synopsis = "layer batchnorm"
  static let summary = "append batch normalization: each channel to mean 0, variance 1 over the batch"
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

  struct Request: LayerRequest {
    func parameterCount(inputShape: SampleShape) -> Int { 4 * inputShape.featuresPerPosition }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange) throws(Diagnostic)
      -> any NNEngine.Layer
    {
      try NormalizationShapes.check(inputShape, "batch normalization", at: range)
      return BatchNormLayer(channels: inputShape.featuresPerPosition, inputShape: inputShape)
    }
  }

  /// layer batchnorm
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expectEnd(after: "'batchnorm'")
    return Request()
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] { [] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { [:] }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let shape = Shape(rows: 1, columns: inputShape.featuresPerPosition)
    let matrices = parameterNames.compactMap { parameters[$0] }
    guard matrices.count == 4, matrices.allSatisfy({ $0.shape == shape }) else {
      throw .init("its gamma, beta, movingMean and movingVar should all be \(shape)")
    }
    return BatchNormLayer(gamma: matrices[0], beta: matrices[1], runningMean: matrices[2], runningVariance: matrices[3], inputShape: inputShape)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let batchNorm = layer as? BatchNormLayer
    let c = batchNorm?.channels ?? 0
    return LayerSummary(
      equation: "out\(l) = gamma\(l) ⊙ norm(\(input)) + beta\(l) (PyTorch: \(NumberFormat.grouped(2 * c)), the running statistics are buffers)",
      arithmetic: "2×\(c) + 2×\(c) kept = \(NumberFormat.grouped(4 * c))",
      trainable: batchNorm?.isFrozen == true ? nil : "\(NumberFormat.grouped(2 * c)) of \(NumberFormat.grouped(4 * c))", gradientNorm: { $0.parameters.first?.norm })
  }
}
