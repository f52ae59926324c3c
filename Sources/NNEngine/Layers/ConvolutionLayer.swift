/// A convolution: the same small dense layer applied to every window of an image (`conv2d`) or
/// of a sequence (`conv1d`, the image one row high).
///
/// Each of the C filters looks at a kh × kw window of all C_in input channels and gives one
/// number per window position:
///
///     z[p, o] = b[o] + Σ_(ky, kx, c) x[y·s + ky, x·s + kx, c] · K[(ky·kw + kx)·C_in + c, o]
///
/// (cross-correlation, as Keras and PyTorch compute it), then a = f(z). Written as im2col, the
/// patch matrix P has one row per window position holding its kh·kw·C_in pixels, and the whole
/// layer is one matrix product `Z = P·K + b`, which is what makes it fast (BLAS).
///
/// The parameters are K, (kh·kw·C_in) × C, and b, 1 × C: kh·kw·C_in·C + C of them, whatever the
/// size of the image, because every window shares them.
public struct ConvolutionLayer: Layer {
  public static let kind = "conv2d"
  /// The filters `K`, (kh·kw·C_in) × C: column o is filter o, its rows in (row, column, input
  /// channel) order of the window — Keras's kernel of shape (kh, kw, C_in, C), read row-major.
  public var kernel: Matrix
  /// The biases `b`, 1 × C: one per filter.
  public var bias: Matrix
  /// The activation `f` applied to every output number.
  public var activation: Activation
  /// The input sample's size and how the windows slide over it.
  public let geometry: ConvolutionGeometry
  /// Whether the input is a sequence (conv1d, the geometry one row high) rather than an image.
  public let readsSequence: Bool
  public var isFrozen = false

  /// A layer with the given filters and biases.
  public init(
    kernel: Matrix, bias: Matrix, activation: Activation, geometry: ConvolutionGeometry,
    readsSequence: Bool = false
  ) {
    precondition(
      kernel.rows == geometry.windowSize,
      "a kernel of \(kernel.rows) rows cannot cover \(geometry.windowSize) window numbers")
    precondition(bias.rows == 1 && bias.columns == kernel.columns, "bias must be 1×filters")
    precondition(geometry.fits, "no window fits the input")
    precondition(
      !readsSequence || (geometry.height == 1 && geometry.windowHeight == 1),
      "a sequence is one row high")
    (self.kernel, self.bias, self.activation, self.geometry) = (kernel, bias, activation, geometry)
    self.readsSequence = readsSequence
  }

  /// Layer number `number`, its filters drawn from `initialization` with Keras's fans — fan-in
  /// kh·kw·C_in (the numbers a filter reads), fan-out kh·kw·C — from the seed's stream `number`.
  /// The biases start at zero.
  public init(
    number: Int, filters: Int, geometry: ConvolutionGeometry, readsSequence: Bool = false,
    activation: Activation,
    initialization: Initialization, seed: UInt64
  ) {
    var generator = SeededGenerator(seed: seed, stream: UInt64(number))
    let window = geometry.windowHeight * geometry.windowWidth
    let deviation = initialization.standardDeviation(
      fanIn: geometry.windowSize, fanOut: window * filters)
    let elements = (0..<(geometry.windowSize * filters)).map { _ in
      deviation * generator.nextNormal()
    }
    self.init(
      kernel: Matrix(rows: geometry.windowSize, columns: filters, elements: elements),
      bias: Matrix(rows: 1, columns: filters), activation: activation, geometry: geometry,
      readsSequence: readsSequence)
  }

  /// The number of filters C, which is the number of output channels.
  public var filters: Int { kernel.columns }
  public var kind: String { readsSequence ? "conv1d" : "conv2d" }

  public var inputShape: SampleShape { geometry.inputShape(readsSequence: readsSequence) }
  public var outputShape: SampleShape {
    geometry.outputShape(channels: filters, readsSequence: readsSequence)
  }

  /// `conv2d 8 3×3 relu`, `conv1d 4 kernel 3 stride 2 same tanh`.
  public var description: String {
    let window =
      readsSequence
      ? "kernel \(geometry.windowWidth)" : "\(geometry.windowHeight)×\(geometry.windowWidth)"
    let stride = geometry.stride == 1 ? "" : " stride \(geometry.stride)"
    let padding = geometry.padding == .valid ? "" : " \(geometry.padding.rawValue)"
    return "\(kind) \(filters) \(window)\(stride)\(padding) \(activation.rawValue)"
  }

  /// K (decayed by L2) and b.
  public var parameters: [LayerParameter] {
    [
      LayerParameter(name: "K", value: kernel, isTrainable: !isFrozen),
      LayerParameter(name: "b", value: bias, isTrainable: !isFrozen),
    ]
  }

  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {
    if index == 0 { body(&kernel) } else { body(&bias) }
  }

  public mutating func updateTrainableParameters(
    _ body: (_ index: Int, _ decays: Bool, _ value: inout Matrix) -> Void
  ) {
    if isFrozen { return }
    body(0, true, &kernel)
    body(1, false, &bias)
  }

  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {
    let frozen = isFrozen
    self = ConvolutionLayer(
      number: number, filters: filters, geometry: geometry, readsSequence: readsSequence,
      activation: activation,
      initialization: initialization, seed: seed)
    isFrozen = frozen
  }

  /// The patch matrix P, (n·outH·outW) × (kh·kw·C_in); z = P·K + b and a = f(z), (n·outH·outW) × C:
  /// one row per window position, which is the output read as rows of C channels.
  public var passNames: [String] { ["patches", "z", "a"] }

  /// The forward pass on an n × (h·w·C_in) batch: P = im2col(x), Z = P·K + b, a = f(Z).
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let patches = geometry.patches(of: x.rowsOf(width: geometry.inputSize))
    pass.updateMatrices(1, 2) { z, a in
      z.ensureShape(rows: patches.rows, columns: filters)
      Matrix.multiply(patches, kernel, into: &z)
      activation.apply(&z, addingBias: bias, into: &a)
    }
    pass.matrices[0] = patches
  }

  /// The backward pass, from ∂J/∂a to ∂J/∂x and the parameters' gradients, undoing the forward's
  /// three steps in reverse:
  ///
  /// - a = f(Z): dZ = dA ⊙ f′(Z)
  /// - Z = P·K + b: dK = Pᵀ·dZ, db = Σrows dZ, dP = dZ·Kᵀ
  /// - P = im2col(x): dx = col2im(dP), each pixel summing the gradients of every window it is in.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    let (patches, z, a) = (pass.matrices[0], pass.matrices[1], pass.matrices[2])
    g.delta = g.delta.rowsOf(width: filters)
    if !deltaIsPreActivation { activation.backpropagate(&g.delta, z: z, a: a) }
    g.prepare(parameterCount: 2)
    g.parameters[0].ensureShape(rows: kernel.rows, columns: filters)
    Matrix.multiply(patches, g.delta, transposing: .left, into: &g.parameters[0])
    g.delta.columnSums(into: &g.parameters[1])
    if inputGradient != nil {
      let dPatches = Matrix.product(g.delta, kernel, transposing: .right)
      inputGradient = geometry.imageGradient(
        fromPatches: dPatches, samples: x.elements.count / geometry.inputSize)
    }
  }
}
