import NNEngine
import NNRender

/// `explain forward` and `explain backward` for the kinds without an activation of their own
/// (embedding, positions, layernorm, batchnorm, dropout, attention, transformer): the matrices of
/// the layer's pass with one sample's numbers, its parameters' gradients, and the ∂J/∂(input) it
/// sends back, computed by the layer's own backward pass.
enum SequenceExplanation {
  /// The layer's steps: its description, then each matrix its pass keeps, by name.
  static func forward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, formula: String, pass: LayerPass
  ) -> [String] {
    ["layer \(l): \(layer)", "  \(formula)"]
      + zip(pass.names, pass.matrices).map { name, matrix in
        "  \(name)\(l) (\(matrix.shape)) = \(Explain.vector(matrix))"
      }
  }

  /// The gradients' names and sizes, and ∂J/∂(input) from the layer's backward pass.
  static func backward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass,
    gradients: LayerGradients
  ) -> (lines: [String], sentBack: SentBack) {
    let lines = zip(layer.parameters, gradients.parameters).map { parameter, gradient in
      "  ∇\(parameter.name)\(l) (\(gradient.shape)), ‖∇\(parameter.name)\(l)‖ = \(NumberFormat.scalar(gradient.norm, digits: 4))"
    }
    let sent = Explain.sentBack(
      by: layer, input: value, pass: pass, gradients: gradients, deltaIsPreActivation: false)
    return (
      lines, SentBack(name: "∂J/∂\(input)", through: "layer \(l) (\(layer.kind))", value: sent)
    )
  }

  /// What came back is this layer's ∂J/∂(output) as it is: no activation turns it.
  static func received(_ layer: any NNEngine.Layer, number l: Int, from sentBack: SentBack)
    -> [String]
  {
    [
      "layer \(l) (\(layer)):",
      "  ∂J/∂out\(l) = \(Explain.vector(sentBack.value))   (sent back through \(sentBack.through))",
    ]
  }
}

/// The shared explanation for each kind, with the formula of its forward pass.
protocol ExplainedBySequence: LayerKind {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String
}

extension ExplainedBySequence {
  static func explainForward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass
  ) -> [String] {
    SequenceExplanation.forward(
      layer, number: l, input: input, formula: formula(layer, number: l, input: input), pass: pass)
  }

  static func explainBackward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass,
    gradients: LayerGradients
  ) -> (lines: [String], sentBack: SentBack) {
    SequenceExplanation.backward(
      layer, number: l, input: input, value: value, pass: pass, gradients: gradients)
  }

  static func explainReceived(
    _ layer: any NNEngine.Layer, number l: Int, from sentBack: SentBack, pass: LayerPass,
    gradients: LayerGradients
  ) -> [String] {
    SequenceExplanation.received(layer, number: l, from: sentBack)
  }
}

extension EmbeddingKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "out\(l) = E\(l)[\(input)]: each token id's row"
  }
}

extension PositionsKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "out\(l) = \(input) + P\(l): position t gets row t"
  }
}

extension LayerNormKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "out\(l) = gamma\(l) ⊙ (\(input) − mean) · rstd + beta\(l), rstd = 1/√(variance + 1e-5), per position"
  }
}

extension BatchNormKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "out\(l) = gamma\(l) ⊙ (\(input) − movingMean\(l)) / √(movingVar\(l) + 1e-5) + beta\(l) (in use; training takes the batch's statistics)"
  }
}

extension DropoutKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "out\(l) = \(input) (dropout acts only while training)"
  }
}

extension AttentionKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "Q, K, V = \(input)·Wq\(l) + bq\(l), …; att\(l) = softmax(Q·Kᵀ/√K) per head; out\(l) = (att\(l)·V)·Wo\(l) + bo\(l)"
  }
}

extension TransformerKind: ExplainedBySequence {
  static func formula(_ layer: any NNEngine.Layer, number l: Int, input: String) -> String {
    "resid\(l) = \(input) + attention(layernorm(\(input))); out\(l) = resid\(l) + gelu(layernorm(resid\(l))·Wup\(l) + bup\(l))·Wdown\(l) + bdown\(l)"
  }
}
