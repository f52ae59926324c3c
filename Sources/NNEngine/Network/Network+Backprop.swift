/// Backpropagation: the chain rule applied from the output back to the input (seed §3.2, §4.2).
extension Network {
  /// The gradient of the loss with respect to every parameter, for the batch of `pass`.
  ///
  /// It starts at the output with δL = ∂J/∂zL (the loss gives it) and walks back one layer at a
  /// time: each layer takes ∂J/∂(its output), writes its parameter gradients and hands ∂J/∂(its
  /// input) to the layer below. For dense layers with input a{l−1} (X for layer 1):
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
  public func backward(
    _ pass: ForwardPass, targets: Matrix, loss: Loss, into gradients: inout Gradients
  ) {
    precondition(!layers.isEmpty, "backward needs at least one layer")
    if gradients.layers.count != layers.count { gradients = Gradients(layerCount: layers.count) }
    let last = layers.count - 1
    guard let output = outputActivation(of: pass) else {
      preconditionFailure("backward needs the forward pass of its layers")
    }
    loss.outputDelta(
      z: output.z, a: pass.output, targets: targets, output: output.activation,
      into: &gradients.layers[last].delta)
    let startsAtZ = layers[last].finalActivation != nil
    for l in layers.indices.reversed() {
      // The layer below's delta is lent to this layer to write ∂J/∂x into, then given back.
      var below = l > 0 ? gradients.layers[l - 1].takeDelta() : nil
      let (input, fromZ) = (pass.input(ofLayer: l + 1), l == last && startsAtZ)
      if let tied = layers[l] as? any TiedLayer {
        backward(
          tied, input: input, pass: pass.layers[l], gradients: &gradients.layers[l],
          deltaIsPreActivation: fromZ, inputGradient: &below)
      } else {
        layers[l].backward(
          input: input, pass: pass.layers[l], gradients: &gradients.layers[l],
          deltaIsPreActivation: fromZ, inputGradient: &below)
      }
      if let below { gradients.layers[l - 1].delta = below }
    }
    addTiedShares(to: &gradients)
  }

  /// A tied layer's backward pass, with the parameter it shares lent to it.
  private func backward(
    _ tied: some TiedLayer, input: Matrix, pass: LayerPass, gradients: inout LayerGradients,
    deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    tied.lending(from: layers).backward(
      input: input, pass: pass, gradients: &gradients, deltaIsPreActivation: deltaIsPreActivation,
      inputGradient: &inputGradient)
  }

  /// Adds each tied layer's share of a shared parameter's gradient (which its backward pass left
  /// in `workspace[0]`) to the owner's, once the owner's backward pass has written its own. The
  /// loss reaches E along two paths, so the chain rule sums them: for a tied head,
  ///
  ///     ∇E = Σ over positions p with token v of ∂J/∂y[p]   (row v, the embedding's share)
  ///        + δᵀ·x                                         (the head's share)
  private func addTiedShares(to gradients: inout Gradients) {
    for l in layers.indices {
      guard let tie = (layers[l] as? any TiedLayer)?.tie else { continue }
      let share = gradients.layers[l].workspace[0]
      gradients.layers[tie.layer].parameters[tie.parameter].updateEach(with: share) { $0 += $1 }
    }
  }

  /// One step of gradient descent, θ := θ − α·∇J, on every trainable parameter.
  public mutating func descend(along gradients: Gradients, learningRate: Double) {
    var none = OptimizerState(first: [], second: [])  // plain descent remembers nothing
    update(along: gradients, optimizer: .sgd, learningRate: learningRate, state: &none)
  }
}

/// The result of one backward pass: per layer, its parameters' gradients and its delta.
public struct Gradients: Equatable, Sendable {
  /// Layer 1's first (index 0).
  public var layers: [LayerGradients]

  public init(layerCount: Int = 0) {
    layers = Array(repeating: LayerGradients(), count: layerCount)
  }
}

extension LayerGradients {
  /// Takes the delta out, leaving an empty matrix, so that it can be written without a copy.
  mutating func takeDelta() -> Matrix {
    var taken = Matrix(rows: 0, columns: 0)
    swap(&taken, &delta)
    return taken
  }
}
