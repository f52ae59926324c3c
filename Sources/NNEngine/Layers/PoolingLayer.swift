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
public struct PoolingLayer: Equatable, Sendable {
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

  /// Pooling `height` × `width` × `channels` samples in windows of windowHeight × windowWidth.
  public init(_ operation: Operation, height: Int, width: Int, channels: Int, windowHeight: Int, windowWidth: Int) {
    let stride = windowWidth
    precondition(windowHeight == windowWidth || (height == 1 && windowHeight == 1), "windows are square, or 1 × k on a sequence")
    let geometry = ConvolutionGeometry(
      height: height, width: width, channels: channels, windowHeight: windowHeight, windowWidth: windowWidth, stride: stride)
    precondition(geometry.fits, "no window fits the input")
    (self.operation, self.geometry) = (operation, geometry)
  }

  /// The numbers of one output sample: outH · outW · C.
  public var outputSize: Int { geometry.outputHeight * geometry.outputWidth * geometry.channels }

  /// What the forward pass keeps for the backward pass.
  public struct Cache: Equatable, Sendable {
    /// The output, n × (outH·outW·C).
    public var output: Matrix
    /// For `max`: for each output number, the index (in the input's elements) of the entry that
    /// won its window, the only one whose gradient is not zero. Empty for `average`.
    public var winners: [Int]
  }

  /// The forward pass on an n × (h·w·C) batch.
  public func forward(_ x: Matrix) -> Cache {
    let (c, window) = (geometry.channels, Double(geometry.windowHeight * geometry.windowWidth))
    var output = Matrix(rows: x.rows, columns: outputSize, repeating: operation == .max ? -.infinity : 0)
    var winners = operation == .max ? [Int](repeating: 0, count: x.rows * outputSize) : []
    geometry.forEachWindowPixel(samples: x.rows) { patch, _, sample, pixel in
      for k in 0..<c {
        let (source, target) = (sample * geometry.inputSize + pixel + k, patch * c + k)
        switch operation {
        case .max:
          if x.elements[source] > output.elements[target] {
            output.elements[target] = x.elements[source]
            winners[target] = source
          }
        case .average: output.elements[target] += x.elements[source] / window
        }
      }
    }
    return Cache(output: output, winners: winners)
  }

  /// The backward pass, ∂J/∂y to ∂J/∂x. A max passes each output's gradient to the one entry that
  /// won the window (∂max/∂x is 1 there, 0 elsewhere); an average shares it out equally,
  /// 1 / (kh·kw) to every entry of the window.
  public func backward(_ dOutput: Matrix, cache: Cache) -> Matrix {
    var dx = Matrix(rows: dOutput.rows, columns: geometry.inputSize)
    switch operation {
    case .max:
      for (target, source) in cache.winners.enumerated() { dx.elements[source] += dOutput.elements[target] }
    case .average:
      let (c, window) = (geometry.channels, Double(geometry.windowHeight * geometry.windowWidth))
      geometry.forEachWindowPixel(samples: dOutput.rows) { patch, _, sample, pixel in
        for k in 0..<c { dx.elements[sample * geometry.inputSize + pixel + k] += dOutput.elements[patch * c + k] / window }
      }
    }
    return dx
  }
}
