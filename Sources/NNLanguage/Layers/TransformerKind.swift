import NNEngine
import NNRender

/// `layer transformer heads <H> [causal]`: one GPT-2 block (`NNEngine/Layers/TransformerBlock.swift`).
enum TransformerKind: LayerKind {
  static let name = "transformer"
  static let synopsis = "layer transformer heads <H> [causal]"
  static let summary = "append a GPT-2 block: x + attention(layernorm(x)), then + MLP(layernorm(·))"
  static let details = """
    On a sequence of T positions of D numbers (D divisible by H): r = x + attention(layernorm(x)),
    then out = r + gelu(layernorm(r)·Wup + bup)·Wdown + bdown, with a hidden width of 4·D and
    GELU in GPT-2's tanh form. Its parameters, named apart from a dense layer's W and b:
    gammaAttn{l}, betaAttn{l} (the first layer norm), Wq{l} bq{l} Wk{l} bk{l} Wv{l} bv{l} Wo{l}
    bo{l} (the attention), gammaMLP{l}, betaMLP{l} (the second), Wup{l} (D × 4D), bup{l},
    Wdown{l} (4D × D), bdown{l}: 4·D² + 4·D + 2·2·D + 8·D² + 5·D = 12·D² + 13·D in all
    (7,087,872 at D = 768, as in GPT-2 small). LoRA ('adapt l lora 4 on q v', or 'on mlp')
    adds Aq{l}, Bq{l} … Aup{l}, Bup{l}, Adown{l}, Bdown{l} and trains only them.
    """
  static let examples = [
    "input tokens 16 vocab 27", "layer embedding 32", "layer positions",
    "layer transformer heads 4 causal",
  ]
  static let parameterNames =
    TransformerBlock.parameterNames + ProjectionAdapters.names(Projection.allCases)
  static let passNames = [
    "meanAttn", "rstdAttn", "xhatAttn", "normAttn", "qkv", "att", "heads", "attn", "resid",
    "meanMLP", "rstdMLP", "xhatMLP", "normMLP", "u", "h", "out",
  ]

  struct Request: LayerRequest {
    var heads: Int
    var causal: Bool

    func parameterCount(inputShape: SampleShape) -> Int {
      let d = inputShape.featuresPerPosition
      return 12 * d * d + 13 * d
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      let (steps, width) = try SequenceShapes.require(inputShape, "a transformer block", at: range)
      guard width % heads == 0 else {
        throw .runtime(
          "runtime.layerShape", "\(width) numbers per position cannot be split into \(heads) heads",
          at: range,
          notes: [
            .init(
              "choose a number of heads that divides \(width), such as \(Self.divisor(of: width, near: heads))"
            )
          ])
      }
      var generator = SeededGenerator(seed: session.seed, stream: UInt64(number))
      return TransformerBlock(
        width: width, heads: heads, causal: causal, positions: steps,
        initialization: session.initialization,
        using: &generator)
    }

    /// The divisor of `width` closest to `heads`, for the hint.
    static func divisor(of width: Int, near heads: Int) -> Int {
      (1...width).filter { width % $0 == 0 }.min { abs($0 - heads) < abs($1 - heads) } ?? 1
    }
  }

  /// layer transformer heads <H:Int> [causal]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expect(word: "heads", after: "'transformer'")
    let heads = try parser.expectInteger("the number of heads", in: 1...Limits.width)
    let causal = parser.eat(word: "causal")
    try parser.expectEnd(after: causal ? "'causal'" : "the number of heads")
    return Request(heads: heads, causal: causal)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 0 ? ["heads"] : position == 2 ? ["causal"] : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    guard let block = layer as? TransformerBlock else { return [:] }
    return [
      "heads": .number(Double(block.attention.heads)),
      "causal": .text(block.attention.isCausal ? "yes" : "no"),
    ]
    .merging(ProjectionAdapters.configuration(of: block)) { $1 }
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard case .sequence(let steps, let d) = inputShape else {
      throw .init("a transformer block needs a sequence as its input")
    }
    let heads = try ModelFile.count(configuration, "heads", in: 1...Limits.width)
    let causal = try ModelFile.text(configuration, "causal") == "yes"
    guard d % heads == 0 else { throw .init("its \(heads) heads do not divide \(d)") }
    var block = TransformerBlock(
      attentionNorm: LayerNormLayer(width: d),
      attention: AttentionLayer(
        queryWeights: Matrix(rows: d, columns: d), queryBias: Matrix(rows: 1, columns: d),
        keyWeights: Matrix(rows: d, columns: d),
        keyBias: Matrix(rows: 1, columns: d), valueWeights: Matrix(rows: d, columns: d),
        valueBias: Matrix(rows: 1, columns: d),
        outputWeights: Matrix(rows: d, columns: d), outputBias: Matrix(rows: 1, columns: d),
        heads: heads, causal: causal,
        positions: steps),
      mlpNorm: LayerNormLayer(width: d), upWeights: Matrix(rows: d, columns: 4 * d),
      upBias: Matrix(rows: 1, columns: 4 * d),
      downWeights: Matrix(rows: 4 * d, columns: d), downBias: Matrix(rows: 1, columns: d))
    try ProjectionAdapters.read(into: &block, configuration: configuration, parameters: parameters)
    let expected = block.parameters
    for (index, parameter) in expected.enumerated() {
      guard let value = parameters[parameter.name], value.shape == parameter.value.shape else {
        throw .init("its \(parameter.name) should be \(parameter.value.shape)")
      }
      block.updateParameter(at: index) { $0 = value }
    }
    return block
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    guard let block = layer as? TransformerBlock else {
      return LayerSummary(equation: "", arithmetic: "", gradientNorm: { _ in nil })
    }
    let d = block.width
    return LayerSummary(
      equation:
        "out\(l) = GPT-2 block\(block.attention.isCausal ? " (causal)" : "")(\(input)), \(block.attention.heads) heads"
        + ProjectionAdapters.equationNote(of: block),
      arithmetic:
        "(4×\(d)×\(d) + 4×\(d)) + 2×2×\(d) + (2×\(d)×\(4 * d) + \(4 * d) + \(d))\(ProjectionAdapters.arithmetic(of: block)) = \(NumberFormat.grouped(block.parameterCount + ProjectionAdapters.count(of: block)))",
      trainable: ProjectionAdapters.trainable(of: block),
      gradientNorm: { $0.parameters.first?.norm },
      // The attention's, then the MLP's two products, T·D·4D up and T·4D·D down.
      multiplyAdds: AttentionKind.multiplyAdds(of: block.attention) + 8 * block.inputShape.positions
        * d * d)
  }
}
