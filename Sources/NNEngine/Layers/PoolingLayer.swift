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

  /// The forward pass on an n × (h·w·C) batch, to n × (outH·outW·C).
  public func forward(_ x: Matrix) -> Matrix {
    var output = Matrix(rows: x.rows, columns: outputSize, repeating: operation == .max ? -.infinity : 0)
    let window = Double(geometry.windowHeight * geometry.windowWidth)
    forEachPair(samples: x.rows) { source, target in
      switch operation {
      case .max: output.elements[target] = Swift.max(output.elements[target], x.elements[source])
      case .average: output.elements[target] += x.elements[source] / window
      }
    }
    return output
  }

  /// The backward pass, ∂J/∂y to ∂J/∂x, given the input x. A max passes each output's gradient to
  /// the entry that won its window (∂max/∂x is 1 there and 0 elsewhere; the first of equal
  /// entries wins), found again from x; an average shares it out, 1 / (kh·kw) to every entry.
  public func backward(_ dOutput: Matrix, input x: Matrix) -> Matrix {
    var dx = Matrix(rows: dOutput.rows, columns: geometry.inputSize)
    switch operation {
    case .max:
      var winners = [Int](repeating: -1, count: dOutput.elements.count)
      forEachPair(samples: x.rows) { source, target in
        if winners[target] < 0 || x.elements[source] > x.elements[winners[target]] { winners[target] = source }
      }
      for (target, source) in winners.enumerated() { dx.elements[source] += dOutput.elements[target] }
    case .average:
      let window = Double(geometry.windowHeight * geometry.windowWidth)
      forEachPair(samples: x.rows) { source, target in dx.elements[source] += dOutput.elements[target] / window }
    }
    return dx
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
