import NNEngine

/// What layer norm and batch norm share: no arguments, and parameters that are each one row of
/// D numbers, D the features of each position of the input (γ and β; batch norm's running
/// statistics too), so the input's shape says everything about the layer.
protocol NormalizationKind: ArgumentlessKind where Request == NormalizationRequest<Self> {
  /// What a diagnostic calls the layer: `a layer norm`.
  static var described: String { get }
  /// A fresh layer on samples of `inputShape`.
  static func layer(inputShape: SampleShape) -> any NNEngine.Layer
  /// The layer with the parameters a model file holds, in the order of `parameterNames`, each
  /// 1 × D already.
  static func layer(parameters: [Matrix], inputShape: SampleShape) -> any NNEngine.Layer
}

extension NormalizationKind {
  /// `parameterNames`, each 1 × D, or a problem naming them all.
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let shape = Shape(rows: 1, columns: inputShape.featuresPerPosition)
    let matrices = parameterNames.compactMap { parameters[$0] }
    guard matrices.count == parameterNames.count, matrices.allSatisfy({ $0.shape == shape }) else {
      let names =
        parameterNames.dropLast().joined(separator: ", ") + " and "
        + parameterNames[parameterNames.count - 1]
      throw .init("its \(names) should \(parameterNames.count == 2 ? "both" : "all") be \(shape)")
    }
    return layer(parameters: matrices, inputShape: inputShape)
  }
}

/// What `layer layernorm` or `layer batchnorm` asks for: the layer, once the input's width is known.
struct NormalizationRequest<Kind: NormalizationKind>: ArgumentlessRequest {
  /// One row of D for each of the kind's parameters.
  func parameterCount(inputShape: SampleShape) -> Int {
    Kind.parameterNames.count * inputShape.featuresPerPosition
  }

  func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
    throws(Diagnostic)
    -> any NNEngine.Layer
  {
    try NumberInput.check(inputShape, Kind.described, at: range)
    return Kind.layer(inputShape: inputShape)
  }
}
