import NNEngine
import NNRender

/// `layer maxpool 2x2`, `layer avgpool 2x2` (and `2` on a sequence): pooling, no parameters
/// (`NNEngine/Layers/PoolingLayer.swift`).
enum MaxPoolKind: PoolingKind {
  static let name = "maxpool"
  static let synopsis = "layer maxpool <k>x<k> | layer maxpool <k>"
  static let summary =
    "append max pooling: each k×k window of each channel becomes its largest number"
  static let details = """
    maxpool, avgpool: each k×k window of each channel becomes its largest number (the gradient
      goes to that one entry) or its mean (shared out equally). The windows do not overlap and
      stop at the edge, as in Keras: 5×4 pooled 2x2 is 2×2. On a sequence, 'k' pools k steps.
    """
  static let examples = ["layer maxpool 2x2", "layer maxpool 2"]
  static let operation = PoolingLayer.Operation.max
  static let windowBecomes = "max"
}

/// `layer avgpool 2x2`: each window becomes its mean.
enum AvgPoolKind: PoolingKind {
  static let name = "avgpool"
  static let synopsis = "layer avgpool <k>x<k> | layer avgpool <k>"
  static let summary = "append average pooling: each k×k window of each channel becomes its mean"
  static let details = ""
  static let examples = ["layer avgpool 2x2", "layer avgpool 2"]
  static let operation = PoolingLayer.Operation.average
  static let windowBecomes = "mean"
}

/// What the two pooling kinds share: all but their help and their operation.
protocol PoolingKind: LayerKind {
  static var operation: PoolingLayer.Operation { get }
  /// What the summary says each window becomes: `max`.
  static var windowBecomes: String { get }
}

extension PoolingKind {
  static var parameterNames: [String] { [] }
  static var passNames: [String] { ["a"] }

  /// layer maxpool|avgpool <k>x<k> | <k>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    let range = parser.currentRange
    let window = try Input.parseDimensions(&parser, "the window's size (2x2, or 2 on a sequence)")
    guard window.count <= 2, window.allSatisfy({ $0 == window[0] }) else {
      throw .syntax(
        "parser.badWindow", "a pooling window is square (2x2) or a number of steps (2)", at: range,
        notes: [.init("write 2x2 for an image, 2 for a sequence")])
    }
    try parser.expectEnd(after: "the window")
    return PoolingRequest(operation: operation, window: window[0], dimensions: window.count)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 0 ? ["2x2", "2"] : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    let pooling = layer.concrete(PoolingLayer.self)
    return ["window": .number(Double(pooling.geometry.windowWidth))]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    let window = try ModelFile.count(configuration, "window", in: 1...Limits.width)
    switch inputShape {
    case .image(let height, let width, let channels) where window <= height && window <= width:
      return PoolingLayer(
        operation, height: height, width: width, channels: channels, window: window)
    case .sequence(let steps, let features) where window <= steps:
      return PoolingLayer(
        operation, height: 1, width: steps, channels: features, window: window, readsSequence: true)
    default: throw .init("its window of \(window) does not fit its \(inputShape) input")
    }
  }

  /// `a2 = max over 2×2 windows of a1` and `0`.
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let pooling = layer.concrete(PoolingLayer.self)
    let window =
      pooling.readsSequence
      ? "\(pooling.geometry.windowWidth) steps"
      : "\(pooling.geometry.windowHeight)×\(pooling.geometry.windowWidth)"
    return LayerSummary(
      equation: "a\(l) = \(windowBecomes) of each \(window) of \(input)", arithmetic: "0",
      trainable: nil, gradientNorm: { _ in nil },
      multiplyAdds: 0)
  }
}

/// What `layer maxpool 2x2` asks for.
struct PoolingRequest: LayerRequest {
  var operation: PoolingLayer.Operation
  var window: Int
  /// 2 for `2x2` (an image), 1 for `2` (a sequence).
  var dimensions: Int

  func parameterCount(inputShape: SampleShape) -> Int { 0 }

  func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
    throws(Diagnostic)
    -> any NNEngine.Layer
  {
    let kind = operation == .max ? "maxpool" : "avgpool"
    switch (inputShape, dimensions) {
    case (.image(let height, let width, let channels), 2):
      guard window <= height && window <= width else {
        throw .runtime(
          "runtime.layerShape",
          "a \(window)×\(window) window does not fit in the \(inputShape) input", at: range,
          notes: [.init("pool with a smaller window, or before the image gets this small")])
      }
      return PoolingLayer(
        operation, height: height, width: width, channels: channels, window: window)
    case (.sequence(let steps, let features), 1):
      guard window <= steps else {
        throw .runtime(
          "runtime.layerShape",
          "a window of \(window) steps does not fit in the \(inputShape) input", at: range,
          notes: [.init("pool fewer steps at a time")])
      }
      return PoolingLayer(
        operation, height: 1, width: steps, channels: features, window: window, readsSequence: true)
    case (.image, _):
      throw .runtime(
        "runtime.layerShape", "an image is pooled in square windows", at: range,
        notes: [.init("write '\(kind) \(window)x\(window)'")])
    case (.sequence, _):
      throw .runtime(
        "runtime.layerShape", "a sequence is pooled along its steps", at: range,
        notes: [.init("write '\(kind) \(window)'")])
    default:
      throw .runtime(
        "runtime.layerShape",
        "\(kind) reads an image or a sequence, not \(Convolution.describe(inputShape))", at: range,
        notes: [.init("give the input a shape: 'input 8x8x1' or 'input 16x3'")])
    }
  }
}

/// `layer flatten`: an image or a sequence as one row of plain features
/// (`NNEngine/Layers/FlattenLayer.swift`).
enum FlattenKind: ArgumentlessKind {
  static let name = "flatten"
  static let synopsis = "layer flatten"
  static let summary = "append a flatten layer: an image or a sequence becomes one row of features"
  static let details = """
    flatten: h×w×C (or T×F) becomes h·w·C features in (row, column, channel) order, as Keras
      flattens; the numbers do not move, only the shape the next layer sees.
    """
  static let examples = ["layer flatten"]
  static let parameterNames: [String] = []
  static let passNames = ["a"]

  struct Request: ArgumentlessRequest {
    func parameterCount(inputShape: SampleShape) -> Int { 0 }
    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      try NumberInput.check(inputShape, "flatten", at: range)
      return FlattenLayer(inputShape: inputShape)
    }
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    if case .tokens = inputShape { throw .init("it cannot flatten token ids") }
    return FlattenLayer(inputShape: inputShape)
  }
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    LayerSummary(
      equation: "a\(l) = \(input) as \(layer.outputShape) features", arithmetic: "0",
      trainable: nil, gradientNorm: { _ in nil }, multiplyAdds: 0)
  }
}
