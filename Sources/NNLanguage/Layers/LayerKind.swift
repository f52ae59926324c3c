import NNEngine
import NNRender

/// One kind of layer in the language: its grammar, help, completion words, summary row and
/// model-file configuration. Each kind is one file in this folder (`DenseKind.swift`) and one
/// line in `LayerKinds.all`; its numbers live in the engine (`NNEngine/Layers/DenseLayer.swift`).
protocol LayerKind: Sendable {
  /// The word after `layer`, and the layer's `kind` in model files: `dense`.
  static var name: String { get }
  /// The grammar: `layer dense <units> <activation>`.
  static var synopsis: String { get }
  /// One line for `help layer`.
  static var summary: String { get }
  /// More for `help layer`: what the arguments mean, the parameters' names and shapes.
  static var details: String { get }
  /// Lines to try.
  static var examples: [String] { get }
  /// The per-layer names this kind's layers have: parameters (`W`, `b`, `A`, `B`) and the
  /// matrices of their forward pass (`z`, `a`). `show W1` and `grad dW1` know them from here.
  static var parameterNames: [String] { get }
  static var passNames: [String] { get }
  /// Completion words for the argument at `position` (0 is the first after the kind's name).
  static func completions(at position: Int, after arguments: [String]) -> [String]
  /// Parses the arguments after the kind's name, to the end of the line.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest
  /// The layer's settings for a model file (dense: units, activation); its parameters are saved
  /// by name without the kind's help.
  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting]
  /// The layer a model file describes, checked: `configuration`'s settings, the named parameter
  /// matrices, on samples of `inputShape`. Throws a sentence saying what is wrong.
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer
  /// The same, given the layers below it (a tied head checks the embedding it reads); by
  /// default the form above on their output's shape.
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], below: Network
  ) throws(ModelFile.Problem) -> any NNEngine.Layer
  /// The layer's row of `summary`: its equation and its parameter count as arithmetic.
  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary
  /// `explain forward`: layer `l`'s steps on one sample, whose input (named `input`: x, a1) is
  /// `value`, with the numbers of `pass`.
  static func explainForward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass
  ) -> [String]
  /// `explain backward`: layer `l`'s parameter gradients, and what it sends back to the layer
  /// below — its name (`δ2·W2ᵀ`) and value — if anything. `value` is the layer's input and `pass`
  /// its forward pass, for a kind whose gradient sent back needs them (max pooling, recurrence,
  /// layer norm).
  static func explainBackward(
    _ layer: any NNEngine.Layer, number l: Int, input: String, value: Matrix, pass: LayerPass,
    gradients: LayerGradients
  ) -> (lines: [String], sentBack: SentBack)
  /// `explain backward`: how layer `l` turns what the layer above sent back into its own delta.
  static func explainReceived(
    _ layer: any NNEngine.Layer, number l: Int, from sentBack: SentBack, pass: LayerPass,
    gradients: LayerGradients
  ) -> [String]
}

/// What a `layer …` line asks for, parsed; `build` makes it once the input's shape is known.
protocol LayerRequest: Equatable, Sendable {
  /// The parameters the layer will have on samples of `inputShape`: checked against the memory
  /// limit before anything is drawn.
  func parameterCount(inputShape: SampleShape) -> Int
  /// The layer, as layer number `number` on samples of `inputShape`, with the session's seed
  /// and initialisation; or a diagnostic at `range` if the shapes do not fit.
  func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
    throws(Diagnostic)
    -> any NNEngine.Layer
}

/// A layer's row in `summary`.
struct LayerSummary {
  /// `a1 = tanh(X·W1 + b1)`.
  var equation: String
  /// `2×4 + 4 = 12`.
  var arithmetic: String
  /// The trainable column when it is not simply yes or frozen: `LoRA 6`.
  var trainable: String?
  /// The size of the gradient `summary` shows after `backward` (dense: ‖∇W‖), if any.
  var gradientNorm: (LayerGradients) -> Double?
  /// The multiply-adds of the layer's matrix products for one sample (torchinfo's "Mult-Adds"):
  /// dense i·u per position, a convolution positions·window·C; none for a layer without one.
  var multiplyAdds = 0
  /// A note under the table, where another framework counts differently: PyTorch's nn.LSTM.
  var note: String? = nil
}

/// What a layer sends back to the layer below in `explain backward`: ∂J/∂(its input) for one
/// sample, how to write it (`δ2·W2ᵀ`), and what it went back through (`W2`).
struct SentBack {
  var name: String
  var through: String
  var value: Matrix
}

extension LayerKind {
  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], below: Network
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    try layer(configuration: configuration, parameters: parameters, inputShape: below.outputShape)
  }
}

extension LayerRequest {
  func isEqual(to other: any LayerRequest) -> Bool { (other as? Self) == self }
}

/// A kind written without arguments (`layer flatten`): its layer takes everything from its
/// input's shape, so there is nothing to parse but the end of the line, nothing to complete and
/// no setting to save.
protocol ArgumentlessKind: LayerKind {
  associatedtype Request: ArgumentlessRequest
}

/// What an argumentless kind asks for: nothing but the kind.
protocol ArgumentlessRequest: LayerRequest {
  init()
}

extension ArgumentlessKind {
  /// layer <name>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expectEnd(after: "'\(name)'")
    return Request()
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] { [] }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] { [:] }
}

/// The inputs that layers of numbers (flatten, the normalizations, dropout) can read: numbers,
/// not token ids.
enum NumberInput {
  static func check(_ inputShape: SampleShape, _ what: String, at range: SourceRange)
    throws(Diagnostic)
  {
    if case .tokens = inputShape {
      throw .runtime(
        "runtime.layerShape", "\(what) reads numbers, not token ids (\(inputShape))", at: range,
        notes: [.init("turn each token into a vector first with 'layer embedding 16'")])
    }
  }
}

extension NNEngine.Layer {
  /// The layer with its parameters drawn as layer `number` of `session`, from its seed and with
  /// its initialization: what `build` returns for a kind whose engine type starts empty.
  func drawn(number: Int, in session: Session) -> Self {
    var layer = self
    layer.drawParameters(number: number, initialization: session.initialization, seed: session.seed)
    return layer
  }
}
