import NNEngine
import NNRender

/// A dense layer's steps, with one sample's numbers, for `explain forward` and `explain backward`.
extension DenseKind {
  static func explainForward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass
  ) -> [String] {
    if let tied = layer as? TiedDenseLayer {
      let table = "E\(tied.tie.layer + 1)"
      return [
        "layer \(l): \(tied)   (its weights are \(table)ᵀ, \(tied.inputWidth)×\(tied.units): each token's score is how well the position matches its vector)",
        "  z\(l) = \(input)·\(table)ᵀ = \(Explain.shortVector(value))·\(table)ᵀ",
        "     = \(Explain.shortVector(pass.matrices[0]))",
        "  a\(l) = \(tied.activation.rawValue)(z\(l)) = \(Explain.formula(of: tied.activation, "z\(l)"))",
        "     = \(Explain.shortVector(pass.output))",
      ]
    }
    let dense = layer.concrete(DenseLayer.self)
    return [
      "layer \(l): \(dense)",
      "  z\(l) = \(input)·W\(l) + b\(l) = \(Explain.vector(value))·W\(l) + \(Explain.vector(dense.bias))",
      "     = \(Explain.vector(pass.matrices[0]))",
      "  a\(l) = \(dense.activation.rawValue)(z\(l)) = \(Explain.formula(of: dense.activation, "z\(l)"))",
      "     = \(Explain.vector(pass.output))",
    ]
  }

  /// ∇W = xᵀ·δ and ∇b = δ for one sample; it sends back δ·Wᵀ.
  static func explainBackward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass,
    gradients: LayerGradients
  ) -> (lines: [String], sentBack: SentBack) {
    if let tied = layer as? TiedDenseLayer {
      let (e, table) = (tied.tie.layer + 1, "E\(tied.tie.layer + 1)")
      let sent = gradients.delta.matmul(tied.table)
      return (
        [
          "  ∇\(table) += δ\(l)ᵀ·\(input)   (\(tied.units)×\(tied.inputWidth), summed over the positions: the head's share; layer \(e) adds its own, as \(table) is used twice)"
        ],
        SentBack(name: "δ\(l)·\(table)", through: "\(table)ᵀ", value: Matrix(row: sent.elements))
      )
    }
    let dense = layer.concrete(DenseLayer.self)
    return (
      [
        "  ∇W\(l) = \(input)ᵀ·δ\(l)   (\(dense.inputWidth)×1 · 1×\(dense.units) → \(dense.weights.shape))",
        "  ∇b\(l) = δ\(l)",
      ],
      SentBack(
        name: "δ\(l)·W\(l)ᵀ", through: "W\(l)",
        value: gradients.delta.matmul(dense.weights.transposed))
    )
  }

  /// δ = (what came back) ⊙ f′(z), or softmax's Jacobian applied to it.
  static func explainReceived(
    _ layer: any NNEngine.Layer, number l: Int, from sentBack: SentBack, pass: LayerPass,
    gradients: LayerGradients
  ) -> [String] {
    let f = (layer as? TiedDenseLayer)?.activation ?? layer.concrete(DenseLayer.self).activation
    var lines = [
      "layer \(l) (\(f.rawValue)):",
      "  \(sentBack.name) = \(Explain.vector(sentBack.value))   (the error sent back through \(sentBack.through))",
    ]
    if let slope = Explain.slope(f, z: pass.matrices[0], a: pass.output) {
      lines.append(
        "  \(f.rawValue)′(z\(l)) = \(Explain.derivativeFormula(f, "a\(l)", "z\(l)")) = \(Explain.vector(slope))"
      )
      lines.append("  δ\(l) = (\(sentBack.name)) ⊙ \(f.rawValue)′(z\(l))")
    } else {
      lines.append("  δ\(l) = softmax's Jacobian applied to \(sentBack.name)")
    }
    lines.append("     = \(Explain.vector(gradients.delta))")
    return lines
  }
}
