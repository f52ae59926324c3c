import NNEngine
import NNRender

/// `explain forward` and `explain backward` for kinds that do not write their own, in terms any
/// layer has: its equation (from `summary`), its output, its parameters' gradients, and the
/// gradient it sends back, which its own backward pass computes again for the one sample.
extension LayerKind {
  static func explainForward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass
  ) -> [String] {
    var lines = [
      "layer \(l): \(layer)   (\(layer.inputShape) → \(layer.outputShape))",
      "  \(summary(of: layer, number: l, input: input).equation)",
    ]
    // A recurrent layer's state, step by step: what it carries from one step to the next.
    if let states = pass["h"], case .sequence(let steps, _) = layer.inputShape, steps > 1 {
      let width = states.elements.count / steps
      for t in 0..<steps {
        let h = Matrix(row: Array(states.elements[(t * width)..<((t + 1) * width)]))
        lines.append("  h_\(t + 1) = \(Explain.shortVector(h))")
      }
    }
    lines.append("  a\(l) = \(Explain.shortVector(pass.output))")
    return lines
  }

  static func explainBackward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass,
    gradients: LayerGradients
  ) -> (lines: [String], sentBack: SentBack) {
    let lines = zip(layer.parameters, gradients.parameters).map { parameter, gradient in
      "  ∇\(parameter.name)\(l) = \(Explain.shortVector(gradient))   (\(gradient.shape), ‖∇\(parameter.name)\(l)‖ = \(NumberFormat.scalar(gradient.norm, digits: 4)))"
    }
    // The delta already went through the layer's activation, so the backward pass starts from it.
    let sent = Explain.sentBack(
      by: layer, input: value, pass: pass, gradients: gradients, deltaIsPreActivation: true)
    return (
      lines.isEmpty ? ["  (no parameters)"] : lines,
      SentBack(name: "∂J/∂\(input)", through: "layer \(l), \(layer.kind)", value: sent)
    )
  }

  static func explainReceived(
    _ layer: any NNEngine.Layer, number l: Int, from sentBack: SentBack, pass: LayerPass,
    gradients: LayerGradients
  ) -> [String] {
    var lines = [
      "layer \(l) (\(layer)):",
      "  \(sentBack.name) = \(Explain.shortVector(sentBack.value))   (the error sent back through \(sentBack.through))",
    ]
    if let activation = (layer as? ConvolutionLayer)?.activation {
      lines.append(
        "  δ\(l) = (\(sentBack.name)) ⊙ \(activation.rawValue)′(z\(l)) = \(Explain.shortVector(gradients.delta))"
      )
    }
    return lines
  }
}

extension Explain {
  /// ∂J/∂(input) that `layer` sends back for the one sample of `pass`, as one row, from the
  /// layer's own backward pass run again on `gradients` (its delta, as backward left it).
  static func sentBack(
    by layer: any NNEngine.Layer, input: Matrix, pass: LayerPass, gradients: LayerGradients,
    deltaIsPreActivation: Bool
  ) -> Matrix {
    var again = gradients
    var sent: Matrix? = Matrix(rows: 0, columns: 0)
    layer.backward(
      input: input, pass: pass, gradients: &again, deltaIsPreActivation: deltaIsPreActivation,
      inputGradient: &sent)
    return Matrix(row: sent?.elements ?? [])
  }

  /// A matrix's numbers as `[0.4748 -0.2824 …]`, the first 8 of them and how many there are.
  static func shortVector(_ m: Matrix) -> String {
    let shown = m.elements.prefix(8).map { NumberFormat.scalar($0, digits: 4) }.joined(
      separator: " ")
    return m.elements.count > 8 ? "[\(shown) … \(m.elements.count) numbers]" : "[\(shown)]"
  }
}
