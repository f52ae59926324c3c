import NNEngine
import NNRender

/// `layer attention heads <H> [size <K>] [causal]`: multi-head self-attention
/// (`NNEngine/Layers/AttentionLayer.swift`).
enum AttentionKind: LayerKind {
  static let name = "attention"
  static let synopsis = "layer attention heads <H> [size <K>] [causal]"
  static let summary = "append multi-head self-attention: each position mixes the values of the positions it attends to"
  static let details = """
    On a sequence of T positions of D numbers. Each of the H heads (of size K, D/H unless given)
    projects every position to a query, a key and a value, scores each query against every key
    (Q·Kᵀ/√K; with 'causal', only keys at or before the query), turns the scores into weights by
    softmax (att{l}) and mixes the values; the heads side by side go through Wo.
    Parameters: Wq{l}, Wk{l}, Wv{l} (D × H·K), bq{l}, bk{l}, bv{l} (1 × H·K), Wo{l} (H·K × D),
    bo{l} (1 × D): 4·D·H·K + 3·H·K + D — with K = D/H, 4·D² + 4·D whatever the number of heads.
    """
  static let examples = ["input 8x16", "layer attention heads 4 causal"]
  static let parameterNames = AttentionLayer.parameterNames
  static let passNames = ["qkv", "att", "heads", "out"]

  struct Request: LayerRequest {
    var heads: Int
    var size: Int?
    var causal: Bool

    func parameterCount(inputShape: SampleShape) -> Int {
      let d = inputShape.featuresPerPosition
      let hk = heads * (size ?? max(1, d / heads))
      return 4 * d * hk + 3 * hk + d
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange) throws(Diagnostic)
      -> any NNEngine.Layer
    {
      let (steps, width) = try SequenceShapes.require(inputShape, "attention", at: range)
      if size == nil, width % heads != 0 {
        throw .runtime(
          "runtime.layerShape", "\(width) numbers per position cannot be split into \(heads) heads", at: range,
          notes: [.init("choose a number of heads that divides \(width), or give each head its size: 'layer attention heads \(heads) size \(max(1, width / heads))'")])
      }
      var generator = SeededGenerator(seed: session.seed, stream: UInt64(number))
      return AttentionLayer(
        width: width, heads: heads, headSize: size ?? width / heads, causal: causal, positions: steps,
        initialization: session.initialization, using: &generator)
    }
  }

  /// layer attention heads <H:Int> [size <K:Int>] [causal]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expect(word: "heads", after: "'attention'")
    let heads = try parser.expectInteger("the number of heads", in: 1...Limits.width)
    var size: Int?
    if parser.eat(word: "size") { size = try parser.expectInteger("the size of each head", in: 1...Limits.width) }
    let causal = parser.eat(word: "causal")
    try parser.expectEnd(after: causal ? "'causal'" : "the number of heads")
    return Request(heads: heads, size: size, causal: causal)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 0 ? ["heads"] : position >= 2 ? ["size", "causal"] : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    guard let attention = layer as? AttentionLayer else { return [:] }
    return ["heads": .number(Double(attention.heads)), "size": .number(Double(attention.headSize)), "causal": .text(attention.isCausal ? "yes" : "no")]
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix], inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard case .sequence(let steps, let d) = inputShape else { throw .init("attention needs a sequence as its input") }
    let heads = try ModelFile.count(configuration, "heads", in: 1...Limits.width)
    let size = try ModelFile.count(configuration, "size", in: 1...Limits.width)
    let causal = try ModelFile.text(configuration, "causal") == "yes"
    let hk = heads * size
    let shapes = [Shape(rows: d, columns: hk), Shape(rows: 1, columns: hk)]
    let expected = [shapes[0], shapes[1], shapes[0], shapes[1], shapes[0], shapes[1], Shape(rows: hk, columns: d), Shape(rows: 1, columns: d)]
    let matrices = AttentionLayer.parameterNames.compactMap { parameters[$0] }
    guard matrices.count == 8, zip(matrices, expected).allSatisfy({ $0.shape == $1 }) else {
      throw .init("its Wq, Wk, Wv should be \(d)×\(hk), bq, bk, bv 1×\(hk), Wo \(hk)×\(d) and bo 1×\(d)")
    }
    return AttentionLayer(
      queryWeights: matrices[0], queryBias: matrices[1], keyWeights: matrices[2], keyBias: matrices[3],
      valueWeights: matrices[4], valueBias: matrices[5], outputWeights: matrices[6], outputBias: matrices[7],
      heads: heads, causal: causal, positions: steps)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    guard let attention = layer as? AttentionLayer else { return LayerSummary(equation: "", arithmetic: "", gradientNorm: { _ in nil }) }
    let (d, hk) = (attention.width, attention.heads * attention.headSize)
    return LayerSummary(
      equation: "out\(l) = attention\(attention.isCausal ? " (causal)" : "")(\(input)), \(attention.heads) heads of \(attention.headSize)",
      arithmetic: "4×\(d)×\(hk) + 3×\(hk) + \(d) = \(NumberFormat.grouped(attention.parameterCount))",
      trainable: nil, gradientNorm: { $0.parameters.first?.norm })
  }
}

/// The inputs a sequence layer can read.
enum SequenceShapes {
  /// T and D of a sequence input, or a located error saying what to add first.
  static func require(_ inputShape: SampleShape, _ what: String, at range: SourceRange) throws(Diagnostic) -> (steps: Int, width: Int) {
    switch inputShape {
    case .sequence(let steps, let features): return (steps, features)
    case .tokens:
      throw .runtime(
        "runtime.layerShape", "\(what) reads a sequence of vectors, not token ids (\(inputShape))", at: range,
        notes: [.init("turn each token into a vector first with 'layer embedding 16' (and 'layer positions')")])
    case .features, .image:
      throw .runtime(
        "runtime.layerShape", "\(what) reads a sequence, but its input is \(inputShape)", at: range,
        notes: [.init("start with a sequence input such as 'input 16x8' (16 positions of 8 numbers), or tokens and 'layer embedding'")])
    }
  }
}
