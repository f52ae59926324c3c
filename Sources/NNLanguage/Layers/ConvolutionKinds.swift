import NNEngine
import NNRender

/// `layer conv2d <filters> <h>x<w> …` and `layer conv1d <filters> kernel <k> …`: convolutions over
/// images and over sequences (`NNEngine/Layers/ConvolutionLayer.swift`). The two kinds share one
/// engine type and everything here but their grammar and the shape they read.
enum Conv2DKind: ConvolutionKind {
  static let name = "conv2d"
  static let synopsis =
    "layer conv2d <filters> <h>x<w> [stride <s>] [padding valid|same] <activation>"
  static let summary = "append a 2-D convolution: the same filters at every window of an image"
  static let details = """
    conv2d: each of C filters reads an h×w window of all C_in channels, one number per position:
      z = patches·K + b (im2col: a row of patches per window), a = f(z). Layer l owns K{l},
      (h·w·C_in)×C, rows in (row, column, input channel) order, and b{l}, 1×C: h·w·C_in·C + C
      parameters whatever the image's size (3·3·3·32 + 32 = 896; PyTorch counts the same).
      \(Convolution.optionsText)
    """
  static let examples = [
    "layer conv2d 8 3x3 relu", "layer conv2d 16 3x3 stride 2 padding same relu",
  ]
  static let readsSequence = false

  /// layer conv2d <filters:Int> <h>x<w> [stride <Int>] [padding valid|same] <activation>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let filters = try parser.expectInteger(
      "the number of filters after 'conv2d'", in: 1...Limits.width)
    let range = parser.currentRange
    let window = try Input.parseDimensions(&parser, "the window's size (3x3)")
    guard window.count == 2 else {
      throw .syntax(
        "parser.badWindow",
        "expected a window such as 3x3, found \(window.count == 1 ? "one number" : "\(window.count) sizes")",
        at: range, notes: [.init("write height x width: 3x3")])
    }
    return try Convolution.parseRest(
      &parser, filters: filters, window: (window[0], window[1]), sequence: readsSequence,
      range: range.extended(through: parser.previousRange))
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 1 ? ["3x3", "5x5"] : Convolution.optionWords
  }
}

/// `layer conv1d <filters> kernel <k> …`: a convolution along the steps of a sequence.
enum Conv1DKind: ConvolutionKind {
  static let name = "conv1d"
  static let synopsis =
    "layer conv1d <filters> kernel <k> [stride <s>] [padding valid|same] <activation>"
  static let summary = "append a 1-D convolution: the same filters at every window of k steps"
  static let details = """
    conv1d: the same along a sequence's steps, each filter reading k steps of all C_in features.
      Layer l owns K{l}, (k·C_in)×C, rows in (offset, input channel) order, and b{l}, 1×C:
      k·C_in·C + C parameters whatever the length (3·2·3 + 3 = 21).
    """
  static let examples = [
    "layer conv1d 8 kernel 3 relu", "layer conv1d 4 kernel 5 stride 2 padding same tanh",
  ]
  static let readsSequence = true

  /// layer conv1d <filters:Int> kernel <Int> [stride <Int>] [padding valid|same] <activation>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let filters = try parser.expectInteger(
      "the number of filters after 'conv1d'", in: 1...Limits.width)
    try parser.expect(word: "kernel", after: "the number of filters")
    let range = parser.currentRange
    let size = try parser.expectInteger("the kernel's length in steps", in: 1...Limits.width)
    return try Convolution.parseRest(
      &parser, filters: filters, window: (1, size), sequence: readsSequence, range: range)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 1 ? ["kernel"] : position == 2 ? [] : Convolution.optionWords
  }
}

/// What the two convolution kinds share.
enum Convolution {
  static let optionWords =
    ["stride", "padding", "valid", "same"] + Activation.allCases.map(\.rawValue)

  static let optionsText = """
    'stride s' moves the window s at a time (default 1); 'padding same' adds zeros round the
      edge to keep ⌈size/s⌉ positions, as TensorFlow does; 'padding valid' (the default) does not.
    """

  /// What `layer conv2d 8 3x3 relu` asks for.
  struct Request: LayerRequest {
    var filters: Int
    var windowHeight: Int
    var windowWidth: Int
    var stride: Int
    var padding: ConvolutionGeometry.Padding
    var activation: Activation
    var sequence: Bool
    /// Where the window was written, for an error when it does not fit.
    var windowRange: SourceRange? = nil

    func parameterCount(inputShape: SampleShape) -> Int {
      windowHeight * windowWidth * inputShape.featuresPerPosition * filters + filters
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      let geometry = try Convolution.checkedGeometry(self, on: inputShape, at: range)
      return ConvolutionLayer(
        number: number, filters: filters, geometry: geometry, readsSequence: sequence,
        activation: activation,
        initialization: session.initialization, seed: session.seed)
    }
  }

  /// The windows of `request` on samples of `shape`, or a diagnostic saying why they do not fit.
  static func checkedGeometry(_ request: Request, on shape: SampleShape, at range: SourceRange)
    throws(Diagnostic) -> ConvolutionGeometry
  {
    guard let geometry = geometry(request, on: shape) else {
      let kind = request.sequence ? "conv1d" : "conv2d"
      let reads = request.sequence ? "a sequence (input 16x3)" : "an image (input 28x28x1)"
      let hint =
        request.sequence
        ? "give the input as steps x features: 'input 16x3'"
        : "give the input as height x width x channels: 'input 8x8x1'"
      throw .runtime(
        "runtime.layerShape", "\(kind) reads \(reads), not \(describe(shape))", at: range,
        notes: [.init(hint)])
    }
    guard geometry.fits else {
      let window =
        request.sequence
        ? "a kernel of \(request.windowWidth) steps"
        : "a \(request.windowHeight)×\(request.windowWidth) window"
      throw .runtime(
        "runtime.layerShape", "\(window) does not fit in the \(shape) input",
        at: request.windowRange ?? range,
        notes: [.init("use a smaller window, or 'padding same' to add zeros round the edge")])
    }
    return geometry
  }

  /// The windows of `request` on samples of `shape`, if it is the shape the kind reads.
  static func geometry(_ request: Request, on shape: SampleShape) -> ConvolutionGeometry? {
    switch (shape, request.sequence) {
    case (.image(let height, let width, let channels), false):
      ConvolutionGeometry(
        height: height, width: width, channels: channels, windowHeight: request.windowHeight,
        windowWidth: request.windowWidth, stride: request.stride, padding: request.padding)
    case (.sequence(let steps, let features), true):
      ConvolutionGeometry(
        height: 1, width: steps, channels: features, windowHeight: 1,
        windowWidth: request.windowWidth,
        stride: request.stride, padding: request.padding)
    default: nil
    }
  }

  static func describe(_ shape: SampleShape) -> String {
    switch shape {
    case .features(let n): "\(n) plain features"
    case .sequence: "a \(shape) sequence"
    case .image: "a \(shape) image"
    case .tokens: "token ids (\(shape))"
    }
  }

  /// [stride <Int>] [padding valid|same] <activation>, after the window.
  static func parseRest(
    _ parser: inout Parser, filters: Int, window: (Int, Int), sequence: Bool, range: SourceRange
  ) throws(Diagnostic) -> any LayerRequest {
    var stride = 1
    var padding = ConvolutionGeometry.Padding.valid
    while true {
      if parser.eat(word: "stride") {
        stride = try parser.expectInteger("the stride", in: 1...Limits.width)
      } else if parser.eat(word: "padding") {
        padding = try parser.expectKeyword(ConvolutionGeometry.Padding.self, "padding")
      } else {
        break
      }
    }
    let activation = try parser.expectKeyword(Activation.self, "activation")
    try parser.expectEnd(after: "the activation")
    return Request(
      filters: filters, windowHeight: window.0, windowWidth: window.1, stride: stride,
      padding: padding, activation: activation,
      sequence: sequence, windowRange: range)
  }
}

/// What the two convolution kinds share besides `Convolution`'s parsing: all but their grammar
/// and the shape they read.
protocol ConvolutionKind: LayerKind {
  /// Whether the kind reads a sequence (conv1d) rather than an image.
  static var readsSequence: Bool { get }
}

extension ConvolutionKind {
  static var parameterNames: [String] { ["K", "b"] }
  static var passNames: [String] { ["patches", "z", "a"] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    let convolution = layer.concrete(ConvolutionLayer.self)
    let g = convolution.geometry
    return [
      "filters": .number(Double(convolution.filters)),
      "windowHeight": .number(Double(g.windowHeight)),
      "windowWidth": .number(Double(g.windowWidth)), "stride": .number(Double(g.stride)),
      "padding": .text(g.padding.rawValue),
      "activation": .text(convolution.activation.rawValue),
    ]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let filters = try ModelFile.count(configuration, "filters", in: 1...Limits.width)
    let (height, width) = (
      try ModelFile.count(configuration, "windowHeight", in: 1...Limits.width),
      try ModelFile.count(configuration, "windowWidth", in: 1...Limits.width)
    )
    let stride = try ModelFile.count(configuration, "stride", in: 1...Limits.width)
    guard
      let padding = ConvolutionGeometry.Padding(
        rawValue: try ModelFile.text(configuration, "padding"))
    else {
      throw .init("its padding should be 'valid' or 'same'")
    }
    guard let activation = Activation(rawValue: try ModelFile.text(configuration, "activation"))
    else {
      throw .init("it has an unknown activation")
    }
    let request = Convolution.Request(
      filters: filters, windowHeight: height, windowWidth: width, stride: stride, padding: padding,
      activation: activation,
      sequence: readsSequence)
    guard let geometry = Convolution.geometry(request, on: inputShape), geometry.fits else {
      throw .init("its \(height)×\(width) window does not fit its \(inputShape) input")
    }
    guard let k = parameters["K"], let b = parameters["b"],
      k.shape == Shape(rows: geometry.windowSize, columns: filters),
      b.shape == Shape(rows: 1, columns: filters)
    else { throw .init("its K should be \(geometry.windowSize)×\(filters) and b 1×\(filters)") }
    return ConvolutionLayer(
      kernel: k, bias: b, activation: activation, geometry: geometry, readsSequence: readsSequence)
  }

  /// `a1 = relu(X ⊛ K1 + b1)` and `3·3·3·32 + 32 = 896`.
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let convolution = layer.concrete(ConvolutionLayer.self)
    let g = convolution.geometry
    let window =
      convolution.readsSequence ? "\(g.windowWidth)" : "\(g.windowHeight)·\(g.windowWidth)"
    let positions = g.outputHeight * g.outputWidth
    return LayerSummary(
      equation: "a\(l) = \(convolution.activation.rawValue)(\(input) ⊛ K\(l) + b\(l))",
      arithmetic:
        "\(window)·\(g.channels)·\(convolution.filters) + \(convolution.filters) = \(NumberFormat.grouped(convolution.parameterCount))",
      trainable: nil, gradientNorm: { $0.parameters.first?.norm },
      multiplyAdds: positions * g.windowSize * convolution.filters)
  }
}
