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
public struct ConvolutionLayer: Equatable, Sendable {
  /// The filters `K`, (kh·kw·C_in) × C: column o is filter o, its rows in (row, column, input
  /// channel) order of the window — Keras's kernel of shape (kh, kw, C_in, C), read row-major.
  public var kernel: Matrix
  /// The biases `b`, 1 × C: one per filter.
  public var bias: Matrix
  /// The activation `f` applied to every output number.
  public var activation: Activation
  /// The input sample's size and how the windows slide over it.
  public let geometry: ConvolutionGeometry

  /// A layer with the given filters and biases.
  public init(kernel: Matrix, bias: Matrix, activation: Activation, geometry: ConvolutionGeometry) {
    precondition(kernel.rows == geometry.windowSize, "a kernel of \(kernel.rows) rows cannot cover \(geometry.windowSize) window numbers")
    precondition(bias.rows == 1 && bias.columns == kernel.columns, "bias must be 1×filters")
    precondition(geometry.fits, "no window fits the input")
    (self.kernel, self.bias, self.activation, self.geometry) = (kernel, bias, activation, geometry)
  }

  /// A layer of `filters` filters drawn from `initialization` with Keras's fans: fan-in
  /// kh·kw·C_in (the numbers a filter reads), fan-out kh·kw·C. The biases start at zero.
  public init(
    filters: Int, geometry: ConvolutionGeometry, activation: Activation, initialization: Initialization,
    using generator: inout SeededGenerator
  ) {
    let window = geometry.windowHeight * geometry.windowWidth
    let deviation = initialization.standardDeviation(fanIn: geometry.windowSize, fanOut: window * filters)
    let elements = (0..<(geometry.windowSize * filters)).map { _ in deviation * generator.nextNormal() }
    self.init(
      kernel: Matrix(rows: geometry.windowSize, columns: filters, elements: elements),
      bias: Matrix(rows: 1, columns: filters), activation: activation, geometry: geometry)
  }

  /// The number of filters C, which is the number of output channels.
  public var filters: Int { kernel.columns }
  /// The numbers of one output sample: outH · outW · C.
  public var outputSize: Int { geometry.outputHeight * geometry.outputWidth * filters }
  /// kh·kw·C_in·C weights and C biases.
  public var parameterCount: Int { kernel.rows * kernel.columns + bias.columns }

  /// What the forward pass keeps for the backward pass.
  public struct Cache: Equatable, Sendable {
    /// The im2col patch matrix P, (n·outH·outW) × (kh·kw·C_in).
    public var patches: Matrix
    /// The pre-activations Z = P·K + b, (n·outH·outW) × C.
    public var z: Matrix
    /// The activations a = f(Z), same shape: one row per window position.
    public var a: Matrix
    /// The number of samples n.
    public var samples: Int
    /// The output as the next layer reads it: n × (outH·outW·C), the same numbers as `a`.
    public var output: Matrix { a.reshaped(rows: samples, columns: samples == 0 ? 0 : a.elements.count / samples) }
  }

  /// The gradients of the loss with respect to the parameters.
  public struct Gradients: Equatable, Sendable {
    /// ∂J/∂K, (kh·kw·C_in) × C.
    public var kernel: Matrix
    /// ∂J/∂b, 1 × C.
    public var bias: Matrix
  }

  /// The forward pass on an n × (h·w·C_in) batch: P = im2col(x), Z = P·K + b, a = f(Z).
  public func forward(_ x: Matrix) -> Cache {
    let patches = geometry.patches(of: x)
    var z = Matrix(rows: patches.rows, columns: filters)
    Matrix.multiply(patches, kernel, into: &z)
    var a = Matrix(rows: 0, columns: 0)
    activation.apply(&z, addingBias: bias, into: &a)
    return Cache(patches: patches, z: z, a: a, samples: x.rows)
  }

  /// The backward pass, from ∂J/∂output (n × outH·outW·C) to ∂J/∂x and the parameters' gradients,
  /// undoing the forward's three steps in reverse:
  ///
  /// - a = f(Z): dZ = dA ⊙ f′(Z)
  /// - Z = P·K + b: dK = Pᵀ·dZ, db = Σrows dZ, dP = dZ·Kᵀ
  /// - P = im2col(x): dx = col2im(dP), each pixel summing the gradients of every window it is in.
  public func backward(_ dOutput: Matrix, cache: Cache) -> (input: Matrix, gradients: Gradients) {
    var dZ = dOutput.reshaped(rows: cache.z.rows, columns: filters)
    activation.backpropagate(&dZ, z: cache.z, a: cache.a)
    let dKernel = Matrix.product(cache.patches, dZ, transposing: .left)
    let dPatches = Matrix.product(dZ, kernel, transposing: .right)
    let dx = geometry.imageGradient(fromPatches: dPatches, samples: dOutput.rows)
    return (dx, Gradients(kernel: dKernel, bias: dZ.columnSums))
  }
}
