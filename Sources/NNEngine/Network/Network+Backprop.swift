/// Backpropagation: the chain rule applied from the output back to the input (seed §3.2, §4.2).
extension Network {
  /// The gradient of the loss with respect to every parameter, for the batch of `pass`.
  ///
  /// It starts at the output with δL = ∂J/∂zL (the loss gives it) and walks back one layer at a
  /// time. For layer l with input a{l−1} (X for layer 1):
  ///
  ///     ∇W{l} = a{l−1}ᵀ·δ{l}        ∇b{l} = Σrows δ{l}
  ///     δ{l−1} = (δ{l}·W{l}ᵀ) ⊙ f′(z{l−1})        (the chain rule through layer l−1's activation)
  ///
  /// For the seed's 2-4-3 network this is δ2 = (ŷ − Y)/n, ∇W2 = a1ᵀ·δ2,
  /// δ1 = (δ2·W2ᵀ) ⊙ a1 ⊙ (1 − a1), ∇W1 = Xᵀ·δ1 — not §4.4's `Xᵀ(h₁ − y)`.
  public func backward(_ pass: ForwardPass, targets: Matrix, loss: Loss) -> Gradients {
    var gradients = Gradients(layerCount: layers.count)
    backward(pass, targets: targets, loss: loss, into: &gradients)
    return gradients
  }

  /// The backward pass written into `gradients`, reusing its matrices from the last step.
  public func backward(_ pass: ForwardPass, targets: Matrix, loss: Loss, into gradients: inout Gradients) {
    precondition(!layers.isEmpty, "backward needs at least one layer")
    let count = layers.count
    if gradients.weights.count != count { gradients = Gradients(layerCount: count) }
    loss.outputDelta(
      z: pass.z[count - 1], a: pass.output, targets: targets, output: layers[count - 1].activation,
      into: &gradients.deltas[count - 1])
    for l in stride(from: count, through: 1, by: -1) {
      let layer = layers[l - 1]
      let delta = gradients.deltas[l - 1]
      layer.parameterGradients(
        input: pass.input(ofLayer: l), delta: delta, weights: &gradients.weights[l - 1], bias: &gradients.biases[l - 1])
      gradients.adapters[l - 1] = layer.adapter?.gradients(from: gradients.weights[l - 1])
      if l > 1 {
        // δ{l−1} = (δ{l}·W{l}ᵀ) ⊙ f′(z{l−1}), computed in δ{l−1}'s own matrix.
        layer.inputGradient(delta: delta, into: &gradients.deltas[l - 2])
        layers[l - 2].activation.backpropagate(&gradients.deltas[l - 2], z: pass.z[l - 2], a: pass.a[l - 2])
      }
    }
  }

  /// One step of gradient descent, θ := θ − α·∇J, on every trainable parameter.
  public mutating func descend(along gradients: Gradients, learningRate: Double) {
    var none = OptimizerState(first: [], second: [])  // plain descent remembers nothing
    update(along: gradients, optimizer: .sgd, learningRate: learningRate, state: &none)
  }
}

/// The result of one backward pass: per layer, ∇W, ∇b and the delta δ = ∂J/∂z.
public struct Gradients: Equatable, Sendable {
  /// ∇W1, ∇W2, … (index 0 is layer 1).
  public var weights: [Matrix]
  /// ∇b1, ∇b2, …
  public var biases: [Matrix]
  /// δ1, δ2, …: how the loss changes with each layer's pre-activation z.
  public var deltas: [Matrix]
  /// ∇A and ∇B of each adapted layer (LoRA), `nil` for the others.
  public var adapters: [(down: Matrix, up: Matrix)?]

  public init(layerCount: Int = 0) {
    let empty = Matrix(rows: 0, columns: 0)
    weights = Array(repeating: empty, count: layerCount)
    biases = weights
    deltas = weights
    adapters = Array(repeating: nil, count: layerCount)
  }

  public static func == (lhs: Gradients, rhs: Gradients) -> Bool {
    lhs.weights == rhs.weights && lhs.biases == rhs.biases && lhs.deltas == rhs.deltas
      && lhs.adapters.map { $0?.down } == rhs.adapters.map { $0?.down }
      && lhs.adapters.map { $0?.up } == rhs.adapters.map { $0?.up }
  }
}
