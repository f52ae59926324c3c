/// A pooling layer: each window of each channel becomes one number, its largest (`maxpool`) or its
/// mean (`avgpool`). It has no parameters; it shrinks the image, so the layers after it cost less,
/// and a max over a window does not care where in the window a feature was found.
///
/// As in Keras, the windows do not overlap (the stride is the window's size) and do not run past
/// the edge: a 5 × 4 image pooled 2 × 2 gives 2 × 2, its last row unread. A sequence is pooled
/// along its steps (`maxpool 2`), as the image 1 × T.
///
///     max:      y[p, c] = max over the window at p of x[·, c]
///     average:  y[p, c] = (1 / (kh·kw)) · Σ over the window at p of x[·, c]
public struct PoolingLayer: Layer {
  public static let kind = "maxpool"
  /// Which number a window becomes.
  public enum Operation: String, CaseIterable, Sendable {
    /// The window's largest entry, channel by channel.
    case max
    /// The window's mean, channel by channel.
    case average
  }

  public let operation: Operation
  /// The input sample's size and the windows (stride equal to the window, `valid` padding).
  public let geometry: ConvolutionGeometry
  /// Whether the input is a sequence (pooled along its steps) rather than an image.
  public let readsSequence: Bool
  public var isFrozen = false

  /// Pooling `height` × `width` × `channels` samples in windows of `window` × `window`, or, on a
  /// sequence of `width` steps of `channels` features (`height` 1), windows of `window` steps.
  public init(
    _ operation: Operation, height: Int, width: Int, channels: Int, window: Int,
    readsSequence: Bool = false
  ) {
    precondition(!readsSequence || height == 1, "a sequence is one row high")
    let geometry = ConvolutionGeometry(
      height: height, width: width, channels: channels, windowHeight: readsSequence ? 1 : window,
      windowWidth: window,
      stride: window)
    precondition(geometry.fits, "no window fits the input")
    (self.operation, self.geometry, self.readsSequence) = (operation, geometry, readsSequence)
  }

  public var kind: String { operation == .max ? "maxpool" : "avgpool" }

  public var inputShape: SampleShape { geometry.inputShape(readsSequence: readsSequence) }
  public var outputShape: SampleShape {
    geometry.outputShape(channels: geometry.channels, readsSequence: readsSequence)
  }

  /// `maxpool 2×2`, `avgpool 2`.
  public var description: String {
    "\(kind) \(readsSequence ? "\(geometry.windowWidth)" : "\(geometry.windowHeight)×\(geometry.windowWidth)")"
  }

  public var parameters: [LayerParameter] { [] }
  public mutating func updateParameter(at index: Int, _ body: (inout Matrix) -> Void) {}
  public mutating func drawParameters(number: Int, initialization: Initialization, seed: UInt64) {}

  /// The pooled output, n × (outH·outW·C).
  public var passNames: [String] { ["a"] }

  /// The forward pass on an n × (h·w·C) batch, to n × (outH·outW·C).
  public func forward(_ x: Matrix, into pass: inout LayerPass) {
    let n = x.elements.count / geometry.inputSize
    let size = geometry.outputHeight * geometry.outputWidth * geometry.channels
    var output = Matrix(rows: n, columns: size, repeating: operation == .max ? -.infinity : 0)
    let window = Double(geometry.windowHeight * geometry.windowWidth)
    forEachPair(samples: n) { source, target in
      switch operation {
      case .max: output.elements[target] = Swift.max(output.elements[target], x.elements[source])
      case .average: output.elements[target] += x.elements[source] / window
      }
    }
    pass.matrices[0] = output
  }

  /// The backward pass, ∂J/∂y to ∂J/∂x, given the input x. A max passes each output's gradient to
  /// the entry that won its window (∂max/∂x is 1 there and 0 elsewhere; the first of equal
  /// entries wins), found again from x; an average shares it out, 1 / (kh·kw) to every entry.
  public func backward(
    input x: Matrix, pass: LayerPass, gradients g: inout LayerGradients, deltaIsPreActivation: Bool,
    inputGradient: inout Matrix?
  ) {
    g.prepare(parameterCount: 0)
    guard inputGradient != nil else { return }
    let (n, dOutput) = (x.elements.count / geometry.inputSize, g.delta)
    var dx = Matrix(rows: n, columns: geometry.inputSize)
    switch operation {
    case .max:
      var winners = [Int](repeating: -1, count: dOutput.elements.count)
      forEachPair(samples: n) { source, target in
        if winners[target] < 0 || x.elements[source] > x.elements[winners[target]] {
          winners[target] = source
        }
      }
      for (target, source) in winners.enumerated() {
        dx.elements[source] += dOutput.elements[target]
      }
    case .average:
      let window = Double(geometry.windowHeight * geometry.windowWidth)
      forEachPair(samples: n) { source, target in
        dx.elements[source] += dOutput.elements[target] / window
      }
    }
    inputGradient = dx
  }

  /// Calls `body(source, target)` for every input entry of every window: `source` is its index in
  /// the input's elements, `target` the index of the output entry its window and channel give.
  private func forEachPair(samples n: Int, _ body: (_ source: Int, _ target: Int) -> Void) {
    let c = geometry.channels
    geometry.forEachWindowPixel(samples: n) { patch, _, sample, pixel in
      for k in 0..<c { body(sample * geometry.inputSize + pixel + k, patch * c + k) }
    }
  }
}
