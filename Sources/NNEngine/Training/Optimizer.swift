#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How a gradient becomes a step. All three move each parameter θ against its gradient g = ∇J,
/// scaled by the learning rate α; they differ in what they remember between steps.
public enum Optimizer: Equatable, Sendable {
  /// Plain gradient descent: θ := θ − α·g. Remembers nothing.
  case sgd
  /// Momentum: v := β·v + g, then θ := θ − α·v. The velocity v averages recent gradients, so
  /// steps speed up along a steady slope and zig-zags cancel (β = 0.9 is usual).
  case momentum(beta: Double)
  /// Adam (Kingma & Ba, 2015): m := β₁·m + (1 − β₁)·g, s := β₂·s + (1 − β₂)·g², then
  /// θ := θ − α·m̂ / (√ŝ + ε) with m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ). Each parameter gets its own
  /// step size, from the size of its recent gradients.
  case adam(beta1: Double, beta2: Double, epsilon: Double)
  /// AdamW (Loshchilov & Hutter, 2019): Adam's step plus a weight decay λ kept apart from the
  /// gradient, θ := θ − α·(m̂ / (√ŝ + ε) + λ·θ), on the parameters that decay (weights, not
  /// biases, gains or embeddings' offsets: a layer's `updateTrainableParameters` says which).
  /// L2 adds λ·θ to g instead, where Adam's division by √ŝ shrinks it for parameters with large
  /// gradients; decoupled, every weight decays at the same rate α·λ.
  case adamw(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double)

  /// Adam with the usual settings: β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
  public static let adam = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

  /// AdamW with Adam's settings and weight decay λ (PyTorch's default is 0.01).
  public static func adamw(weightDecay: Double) -> Optimizer {
    .adamw(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: weightDecay)
  }
}

/// What an optimizer remembers between steps: a first and a second moment for every parameter
/// matrix of every layer (in the order of the layer's `parameters`), and the number of steps taken.
public struct OptimizerState: Equatable, Sendable {
  var first: [[Matrix]]
  var second: [[Matrix]]
  /// The number of updates so far (Adam's t).
  public internal(set) var steps = 0

  init(first: [[Matrix]], second: [[Matrix]]) {
    self.first = first
    self.second = second
  }

  /// Empty memory for `network`: every moment starts at zero.
  public init(for network: Network) {
    let zeros = network.layers.map { layer in
      layer.parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }
    self.init(first: zeros, second: zeros)
  }

  /// Whether this memory fits `network` (it does not after a layer was added or adapted).
  /// Training asks before every epoch, and a language model before every step, so the shapes
  /// are compared pair by pair rather than gathered into arrays.
  public func fits(_ network: Network) -> Bool {
    first.count == network.layers.count
      && zip(first, network.layers).allSatisfy { memory, layer in
        let parameters = layer.parameters
        return memory.count == parameters.count
          && zip(memory, parameters).allSatisfy { $0.shape == $1.value.shape }
      }
  }
}

extension Network {
  /// One update of every trainable parameter with `gradients`, by `optimizer`'s rule.
  public mutating func update(
    along gradients: Gradients, optimizer: Optimizer, learningRate α: Double,
    state: inout OptimizerState
  ) {
    state.steps += 1
    for l in layers.indices {
      // Stepped where they are, not in a copy: a copy would be allocated every step.
      layers[l].updateTrainableParameters { index, decays, θ in
        optimizer.step(
          &θ, gradients.layers[l].parameters[index], α, &state, layer: l, index: index,
          decays: decays)
      }
    }
  }
}

extension Optimizer {
  /// Moves parameter θ, in place, by one step against its gradient g; `layer` and `index` are
  /// the parameter's place in `state`; `decays` says whether AdamW's weight decay applies to it.
  func step(
    _ θ: inout Matrix, _ g: Matrix, _ α: Double, _ state: inout OptimizerState, layer l: Int,
    index: Int, decays: Bool = false
  ) {
    switch self {
    case .sgd:
      θ.updateEach(with: g) { θ, g in θ -= α * g }
    case .momentum(let β):
      state.first[l][index].updateEach(with: g) { v, g in v = β * v + g }
      θ.updateEach(with: state.first[l][index]) { θ, v in θ -= α * v }
    case .adam(let β1, let β2, let ε):
      Optimizer.adamStep(&θ, g, α, β1, β2, ε, decay: 0, &state, layer: l, index: index)
    case .adamw(let β1, let β2, let ε, let λ):
      Optimizer.adamStep(&θ, g, α, β1, β2, ε, decay: decays ? λ : 0, &state, layer: l, index: index)
    }
  }

  /// Adam's step, with decoupled weight decay λ (0 for plain Adam):
  /// θ := θ − α·(m̂ / (√ŝ + ε) + λ·θ).
  private static func adamStep(
    _ θ: inout Matrix, _ g: Matrix, _ α: Double, _ β1: Double, _ β2: Double, _ ε: Double,
    decay λ: Double,
    _ state: inout OptimizerState, layer l: Int, index: Int
  ) {
    state.first[l][index].updateEach(with: g) { m, g in m = β1 * m + (1 - β1) * g }
    state.second[l][index].updateEach(with: g) { s, g in s = β2 * s + (1 - β2) * (g * g) }
    let t = Double(state.steps)
    let correction1 = 1 - pow(β1, t)
    let correction2 = 1 - pow(β2, t)
    let m = state.first[l][index]
    let s = state.second[l][index]
    for i in θ.elements.indices {
      let decay = α * λ * θ.elements[i]  // from θ before the step; 0 for plain Adam
      θ.elements[i] -=
        α * (m.elements[i] / correction1) / ((s.elements[i] / correction2).squareRoot() + ε)
      if λ != 0 { θ.elements[i] -= decay }
    }
  }
}
