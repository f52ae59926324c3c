/// Where the windows of a convolution or a pooling layer fall on each input sample.
///
/// A sample is an image of height × width pixels with `channels` numbers each, stored row by row,
/// then column, then channel (a sequence of T steps of F features is the image 1 × T × F). A
/// window of windowHeight × windowWidth pixels slides over it `stride` pixels at a time. With
/// `valid` padding every window lies inside the image, so there are ⌊(in − window) / stride⌋ + 1
/// positions along each side; with `same` padding the image is surrounded by zeros so that there
/// are ⌈in / stride⌉, as Keras and TensorFlow do (any odd zero goes after, below and right).
public struct ConvolutionGeometry: Equatable, Hashable, Sendable {
  /// How the edges are treated: `valid` (windows inside the image) or `same` (zeros around it).
  public enum Padding: String, CaseIterable, Sendable {
    case valid
    case same
  }

  public var height: Int
  public var width: Int
  public var channels: Int
  public var windowHeight: Int
  public var windowWidth: Int
  public var stride: Int
  public var padding: Padding

  public init(
    height: Int, width: Int, channels: Int, windowHeight: Int, windowWidth: Int, stride: Int = 1,
    padding: Padding = .valid
  ) {
    (self.height, self.width, self.channels) = (height, width, channels)
    (self.windowHeight, self.windowWidth) = (windowHeight, windowWidth)
    (self.stride, self.padding) = (stride, padding)
  }

  /// The number of window positions down the image.
  public var outputHeight: Int {
    Self.positions(height, window: windowHeight, stride: stride, padding: padding)
  }
  /// The number of window positions across the image.
  public var outputWidth: Int {
    Self.positions(width, window: windowWidth, stride: stride, padding: padding)
  }
  /// Whether at least one window fits: false for a 5×5 kernel on a 3×3 image with `valid` padding.
  public var fits: Bool { outputHeight >= 1 && outputWidth >= 1 && stride >= 1 }
  /// The numbers in one window, all channels: a row of the patch matrix.
  public var windowSize: Int { windowHeight * windowWidth * channels }
  /// The numbers in one input sample, h·w·c.
  public var inputSize: Int { height * width * channels }

  /// The input's shape: an image, or a sequence of `width` steps when the windows slide along one
  /// (conv1d, pooling a sequence).
  public func inputShape(readsSequence: Bool) -> SampleShape {
    readsSequence
      ? .sequence(steps: width, features: channels)
      : .image(height: height, width: width, channels: channels)
  }

  /// The output's shape, one number of each of `channels` channels at each window position.
  public func outputShape(channels: Int, readsSequence: Bool) -> SampleShape {
    readsSequence
      ? .sequence(steps: outputWidth, features: channels)
      : .image(height: outputHeight, width: outputWidth, channels: channels)
  }

  /// ⌊(in − window) / stride⌋ + 1 for `valid`, ⌈in / stride⌉ for `same`.
  static func positions(_ size: Int, window: Int, stride: Int, padding: Padding) -> Int {
    guard stride >= 1 else { return 0 }
    switch padding {
    case .valid: return size >= window ? (size - window) / stride + 1 : 0
    case .same: return (size + stride - 1) / stride
    }
  }

  /// The zeros added above the image (left, for `leadingPadding(width…)`): half of the total
  /// (out − 1)·stride + window − in, rounded down, as TensorFlow does.
  static func leadingPadding(_ size: Int, window: Int, stride: Int, padding: Padding) -> Int {
    guard padding == .same else { return 0 }
    let out = positions(size, window: window, stride: stride, padding: padding)
    return max((out - 1) * stride + window - size, 0) / 2
  }

  var top: Int {
    Self.leadingPadding(height, window: windowHeight, stride: stride, padding: padding)
  }
  var left: Int {
    Self.leadingPadding(width, window: windowWidth, stride: stride, padding: padding)
  }

  /// Calls `body(patch, offset, pixel)` for every window position and every pixel of its window
  /// that lies inside the image: `patch` counts positions over all samples (sample, row, column),
  /// `offset` is the pixel's place in the window (row, column), and `pixel` is the index of its
  /// first channel in the sample's row of the batch. The padding zeros are simply skipped.
  func forEachWindowPixel(
    samples n: Int, _ body: (_ patch: Int, _ offset: Int, _ sample: Int, _ pixel: Int) -> Void
  ) {
    let (outH, outW, top, left) = (outputHeight, outputWidth, top, left)
    for s in 0..<n {
      for oy in 0..<outH {
        for ox in 0..<outW {
          let patch = (s * outH + oy) * outW + ox
          for ky in 0..<windowHeight {
            let y = oy * stride + ky - top
            guard y >= 0 && y < height else { continue }
            for kx in 0..<windowWidth {
              let x = ox * stride + kx - left
              guard x >= 0 && x < width else { continue }
              body(patch, ky * windowWidth + kx, s, (y * width + x) * channels)
            }
          }
        }
      }
    }
  }

  /// im2col: the n × (h·w·c) batch as a patch matrix of (n·outH·outW) × (kh·kw·c), one row per
  /// window position, holding the window's pixels in (row, column, channel) order (zeros for
  /// padding). A convolution is then one matrix product, `patches · K`.
  public func patches(of x: Matrix) -> Matrix {
    precondition(
      x.columns == inputSize,
      "a sample of \(x.columns) numbers is not \(height)×\(width)×\(channels)")
    var patches = Matrix(rows: x.rows * outputHeight * outputWidth, columns: windowSize)
    let c = channels
    forEachWindowPixel(samples: x.rows) { patch, offset, sample, pixel in
      for k in 0..<c {
        patches.elements[patch * windowSize + offset * c + k] =
          x.elements[sample * inputSize + pixel + k]
      }
    }
    return patches
  }

  /// col2im, the transpose of `patches(of:)`: adds each entry of a patch-matrix gradient back onto
  /// the input pixel it was copied from. A pixel that sits in several windows collects the sum.
  public func imageGradient(fromPatches dPatches: Matrix, samples n: Int) -> Matrix {
    var dx = Matrix(rows: n, columns: inputSize)
    let c = channels
    forEachWindowPixel(samples: n) { patch, offset, sample, pixel in
      for k in 0..<c {
        dx.elements[sample * inputSize + pixel + k] +=
          dPatches.elements[patch * windowSize + offset * c + k]
      }
    }
    return dx
  }
}
