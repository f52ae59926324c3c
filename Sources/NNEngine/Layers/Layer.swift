/// What every kind of layer is to the network: a function of its input with parameters, which
/// computes forward and, given how the loss changes with its output, backward.
///
/// The network, the optimizer, L2, the gradient check, the model file and the language's commands
/// know layers only through this protocol: they iterate `parameters`, never name W or b. A new
/// kind of layer is one file that conforms to it (see docs/ARCHITECTURE.md, "How to add a layer
/// kind").
///
/// Batches are rows: a layer's input is a matrix whose elements are its samples one after another
/// in row-major order. A layer that treats every position of a sequence alike (dense) reads it as
/// (n·T)×F, one row per position; `inputGradient` must have as many elements as the input, in the
/// same order.
public protocol Layer: Equatable, Sendable, CustomStringConvertible {
  /// The kind's name in commands and model files: `dense`.
  static var kind: String { get }
  /// The layer's kind, for a type that makes more than one (conv1d and conv2d, maxpool and
  /// avgpool); by default the type's `kind`.
  var kind: String { get }
  /// The shape of one sample coming in, and going out.
  var inputShape: SampleShape { get }
  var outputShape: SampleShape { get }
  /// The layer's parameter matrices in a fixed order: the order of its gradients and of the
  /// optimizer's memory. Inspection only; training reaches them through `updateTrainableParameters`.
  var parameters: [LayerParameter] { get }
  /// A frozen layer keeps its parameters when the network trains (fine-tuning).
  var isFrozen: Bool { get set }
  /// Draws the parameters afresh with `initialization`, from stream `number` (the layer's number)
  /// of `seed`, keeping the layer's configuration and frozen flag.
  mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64)
  /// Replaces parameter number `index` (its place in `parameters`) by `body`'s change to it.
  mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void)
  /// Visits every trainable parameter in place, with its index and whether L2 pulls it towards
  /// zero (weights do, biases do not). Training steps parameters here, where they are, so that a
  /// step copies nothing.
  mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void)
  /// The names of the matrices a forward pass keeps, for `show z1`: dense keeps `["z", "a"]`.
  /// The last one is the layer's output.
  var passNames: [String] { get }
  /// The forward pass of batch `x`, written into `pass`, whose matrices are reused between steps.
  func forward(_ x: Matrix, into pass: inout LayerPass)
  /// The activation the layer ends with, if it ends with one; its forward pass then keeps the
  /// activation's input z as its first matrix. The loss starts backpropagation at ∂J/∂z, which
  /// has a short form for softmax or sigmoid with cross-entropy.
  var finalActivation: Activation? { get }
  /// The backward pass. `gradients.delta` holds ∂J/∂(output) — or already ∂J/∂z when
  /// `deltaIsPreActivation` (the loss's short form, for a layer with a final activation). The
  /// layer writes its parameter gradients into `gradients.parameters` (same order as
  /// `parameters`) and, if `inputGradient` is not nil, ∂J/∂x into it.
  func backward(
    input x: Matrix, pass: LayerPass, gradients: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?)
  /// The numbers (Doubles, 8 bytes each) that `forward` keeps in this layer's `LayerPass` for a
  /// batch of `samples` samples, so that a command can refuse a pass that would not fit in the
  /// memory limit before allocating it. The default, one matrix of the output's size per name in
  /// `passNames` (dense: z and a, 2·n·units), is a lower bound: a layer that keeps more (an
  /// LSTM's gates at every step, a convolution's unfolded patches) counts its own. Count with
  /// `NumberCount`, which saturates instead of overflowing.
  func forwardNumbers(samples: Int) -> Int
  /// The numbers `backward` writes for `samples` samples, beyond the forward pass. The default:
  /// δ (the output's size), ∂J/∂x (the input's size) and one gradient per parameter.
  func backwardNumbers(samples: Int) -> Int
  /// Whether the layer computes differently while training (`pass.mode`): dropout drops only
  /// then, batch norm uses the batch's statistics only then.
  var trainsDifferently: Bool { get }
  /// After a training step's update, moves on what the layer keeps besides its parameters, from
  /// the step's pass: batch norm's running statistics, dropout's count of masks drawn. The
  /// network calls it for layers that are not frozen.
  mutating func finishTrainingStep(_ pass: LayerPass)
}

/// One parameter matrix of a layer, as commands and files see it.
public struct LayerParameter: Equatable, Sendable {
  /// Its name within the layer, without the layer's number: `W`, `b`, `A`.
  public var name: String
  public var value: Matrix
  /// Whether training changes it (not when frozen, not W and b under a LoRA adapter).
  public var isTrainable: Bool

  public init(name: String, value: Matrix, isTrainable: Bool) {
    self.name = name
    self.value = value
    self.isTrainable = isTrainable
  }
}

/// The matrices one layer's forward pass keeps, named by its `passNames`; the last is its output.
public struct LayerPass: Equatable, Sendable {
  public var names: [String]
  public var matrices: [Matrix]
  /// Whether the pass is part of a training step (set by the network from `ForwardPass.mode`).
  public var mode = LayerMode.inference
  /// Matrices a layer's forward pass computes on the way and reuses from step to step (a LoRA
  /// adapter's X·A), so that a step allocates nothing; not shown, and not read by `backward`.
  public var workspace: [Matrix] = []

  public init(names: [String]) {
    self.names = names
    matrices = Array(repeating: Matrix(rows: 0, columns: 0), count: names.count)
  }

  /// The layer's output.
  public var output: Matrix { matrices[matrices.count - 1] }

  /// The matrix called `name` (`z`), if the layer keeps one.
  public subscript(name: String) -> Matrix? { names.firstIndex(of: name).map { matrices[$0] } }
}

/// One layer's part of a backward pass.
public struct LayerGradients: Equatable, Sendable {
  /// ∇ of each parameter, in the order of the layer's `parameters`.
  public var parameters: [Matrix] = []
  /// How the loss changes with the layer's output; a layer with an activation turns it, in
  /// place, into δ = ∂J/∂z (shown as `delta1`).
  public var delta = Matrix(rows: 0, columns: 0)
  /// Matrices a layer's backward pass computes on the way and reuses from step to step (the
  /// attention's ∂J/∂P), so that a step allocates nothing; not gradients of anything shown.
  public var workspace: [Matrix] = []

  public init() {}

  /// Makes room for `count` parameter gradients, keeping the matrices there are if they fit.
  public mutating func prepare(parameterCount count: Int) {
    if parameters.count != count {
      parameters = Array(repeating: Matrix(rows: 0, columns: 0), count: count)
    }
  }
}

extension Layer {
  /// The kind's name, from an instance.
  public var kind: String { Self.kind }

  /// The number of parameters, over all matrices.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.elements.count } }

  /// The number of parameters training changes.
  public var trainableParameterCount: Int {
    parameters.filter(\.isTrainable).reduce(0) { $0 + $1.value.elements.count }
  }

  /// The parameter called `name` (`W`), if the layer has one.
  public func parameter(named name: String) -> Matrix? {
    parameters.first { $0.name == name }?.value
  }

  /// Whether `other` is the same kind of layer with the same values: what makes a `Network`
  /// of layers of different kinds `Equatable`.
  public func isEqual(to other: any Layer) -> Bool { (other as? Self) == self }

  /// The default: every trainable parameter, found through `parameters`. The list is let go
  /// before any matrix changes — while it held a second reference, every step copied each one
  /// (copy on write). It allocates the list, so a layer whose step must not allocate writes
  /// its own.
  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    let trainable = parameters.enumerated().filter(\.element.isTrainable).map(\.offset)
    for index in trainable {
      updateParameter(at: index) { body(index, false, &$0) }
    }
  }

  /// Most layers do not end with an activation.
  public var finalActivation: Activation? { nil }

  /// One matrix of the output's size per kept matrix: n · |output| · |passNames|.
  public func forwardNumbers(samples: Int) -> Int {
    NumberCount.product(samples, outputShape.count, passNames.count)
  }

  /// δ and ∂J/∂x, n · (|output| + |input|), and the parameters' gradients.
  public func backwardNumbers(samples: Int) -> Int {
    NumberCount.sum(
      NumberCount.product(samples, outputShape.count),
      NumberCount.product(samples, inputShape.count), parameterCount)
  }
  /// Most layers compute the same in training and in use…
  public var trainsDifferently: Bool { false }

  /// …and keep nothing but their parameters.
  public mutating func finishTrainingStep(_ pass: LayerPass) {}
}

/// A layer with one weight matrix that a LoRA adapter can change (dense): `adapt` and `merge`
/// reach it through this. Attention and transformer blocks, with several, are
/// `ProjectionAdaptable` (`LowRankAdapter.swift`).
public protocol LowRankAdaptable: Layer {
  var adapter: LowRankAdapter? { get set }
  /// The shape of the weight matrix the adapter changes: inputs × units.
  var adaptedShape: Shape { get }
  /// Folds the adapter into the weights, W := W + (α/r)·A·B, and removes it.
  mutating func mergeAdapter()
}

extension LayerPass {
  /// Two of the pass's matrices at once, changed in place (Swift cannot lend two elements of one
  /// array at the same time, so they are lent out and put back; nothing is copied).
  public mutating func updateMatrices(
    _ i: Int, _ j: Int, _ body: (inout Matrix, inout Matrix) -> Void
  ) {
    var (first, second) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    swap(&first, &matrices[i])
    swap(&second, &matrices[j])
    body(&first, &second)
    swap(&first, &matrices[i])
    swap(&second, &matrices[j])
  }
}

extension Matrix {
  /// The same numbers read as rows of `width`: a batch of sequences as one row per position.
  /// It shares the storage, so it costs nothing.
  public func rowsOf(width: Int) -> Matrix {
    width == columns
      ? self : Matrix(rows: elements.count / width, columns: width, elements: elements)
  }
}
