/// A stack of dense layers: the input feeds layer 1, each layer feeds the next, and the last one
/// gives the output ŷ.
///
/// Its depth is the number of weight layers. The input is not a layer: it has no parameters and
/// computes nothing (seed §2.1–§2.2 count it, which is the common confusion this type avoids).
public struct Network: Equatable, Sendable {
  /// The number of features each sample has.
  public let inputWidth: Int
  /// The layers, first to last. Layer number l (1-based) owns `W{l}` and `b{l}`.
  public var layers: [DenseLayer] = []

  public init(inputWidth: Int, layers: [DenseLayer] = []) {
    self.inputWidth = inputWidth
    self.layers = layers
  }

  /// The width of the output: the last layer's units, or the input width with no layers.
  public var outputWidth: Int { layers.last?.units ?? inputWidth }

  /// The number of weight layers.
  public var depth: Int { layers.count }

  /// The number of trainable parameters, over all layers.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

  /// A new layer's weights, drawn with `initialization` from the seed's own stream for layer
  /// number `number`, so the same seed always gives the same layer whatever came before it.
  public static func makeLayer(
    number: Int, inputWidth: Int, units: Int, activation: Activation,
    initialization: Initialization, seed: UInt64
  ) -> DenseLayer {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    return DenseLayer(
      weights: initialization.weights(fanIn: inputWidth, fanOut: units, using: &generator),
      bias: Matrix(rows: 1, columns: units),
      activation: activation)
  }

  /// Appends a dense layer, its weights drawn as `makeLayer` describes.
  public mutating func appendLayer(
    units: Int, activation: Activation, initialization: Initialization, seed: UInt64
  ) {
    layers.append(
      Network.makeLayer(
        number: layers.count + 1, inputWidth: outputWidth, units: units,
        activation: activation, initialization: initialization, seed: seed))
  }

  /// Draws every layer's weights again and sets every bias to zero.
  public mutating func reinitialize(_ initialization: Initialization, seed: UInt64) {
    for (index, layer) in layers.enumerated() {
      var fresh = Network.makeLayer(
        number: index + 1, inputWidth: layer.inputWidth, units: layer.units,
        activation: layer.activation, initialization: initialization, seed: seed)
      fresh.isFrozen = layer.isFrozen
      layers[index] = fresh
    }
  }

  /// The forward pass over a batch `x` (one sample per row), keeping every layer's z and a.
  public func forward(_ x: Matrix) -> ForwardPass {
    var pass = ForwardPass(input: x)
    forward(into: &pass)
    return pass
  }

  /// The forward pass of `pass.input`, written into `pass`: training keeps one pass and reuses
  /// its matrices at every step, so a step allocates no memory.
  public func forward(into pass: inout ForwardPass) {
    precondition(pass.input.columns == inputWidth, "input has \(pass.input.columns) features, network takes \(inputWidth)")
    if pass.z.count != layers.count {
      pass.z = Array(repeating: Matrix(rows: 0, columns: 0), count: layers.count)
      pass.a = pass.z
    }
    for l in layers.indices {
      let input = l == 0 ? pass.input : pass.a[l - 1]
      layers[l].forward(input, z: &pass.z[l], a: &pass.a[l])
    }
  }

  /// The loss of a forward pass against `targets`.
  public func loss(of pass: ForwardPass, targets: Matrix, loss: Loss) -> Double {
    guard let last = layers.last, let z = pass.z.last else { return .nan }
    return loss.value(z: z, a: pass.output, targets: targets, output: last.activation)
  }
}

/// Everything one forward pass computed: for each layer l, `z[l-1]` and `a[l-1]`.
public struct ForwardPass: Equatable, Sendable {
  /// The batch that went in, `X` (or one sample).
  public var input: Matrix
  /// The pre-activations z1, z2, … (index 0 is z1).
  public var z: [Matrix] = []
  /// The activations a1, a2, … (index 0 is a1); the last one is ŷ.
  public var a: [Matrix] = []

  public init(input: Matrix) { self.input = input }

  /// The network's output ŷ.
  public var output: Matrix { a.last ?? input }

  /// The input of layer number `l` (1-based): `X` for layer 1, else a{l−1}.
  public func input(ofLayer l: Int) -> Matrix { l == 1 ? input : a[l - 2] }
}
