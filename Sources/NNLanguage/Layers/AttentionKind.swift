import NNEngine
import NNRender

/// `layer attention heads <H> [size <K>] [causal]`: multi-head self-attention
/// (`NNEngine/Layers/AttentionLayer.swift`).
enum AttentionKind: LayerKind {
  static let name = "attention"
  static let synopsis = "layer attention heads <H> [size <K>] [causal]"
  static let summary =
    "append multi-head self-attention: each position mixes the values of the positions it attends to"
  static let details = """
    On a sequence of T positions of D numbers. Each of the H heads (of size K, D/H unless given)
    projects every position to a query, a key and a value, scores each query against every key
    (Q·Kᵀ/√K; with 'causal', only keys at or before the query), turns the scores into weights by
    softmax (att{l}) and mixes the values; the heads side by side go through Wo.
    Parameters: Wq{l}, Wk{l}, Wv{l} (D × H·K), bq{l}, bk{l}, bv{l} (1 × H·K), Wo{l} (H·K × D),
    bo{l} (1 × D): 4·D·H·K + 3·H·K + D — with K = D/H, 4·D² + 4·D whatever the number of heads.
    LoRA ('adapt l lora 4 on q v') adds Aq{l}, Bq{l}, Av{l}, Bv{l} … and trains only them.
    """
  static let examples = ["input 8x16", "layer attention heads 4 causal"]
  static let parameterNames =
    AttentionLayer.parameterNames + ProjectionAdapters.names(Projection.attention)
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

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      let (steps, width) = try SequenceShapes.require(inputShape, "attention", at: range)
      if size == nil, width % heads != 0 {
        throw .runtime(
          "runtime.layerShape", "\(width) numbers per position cannot be split into \(heads) heads",
          at: range,
          notes: [
            .init(
              "choose a number of heads that divides \(width), or give each head its size: 'layer attention heads \(heads) size \(max(1, width / heads))'"
            )
          ])
      }
      var generator = SeededGenerator(seed: session.seed, stream: UInt64(number))
      return AttentionLayer(
        width: width, heads: heads, headSize: size ?? width / heads, causal: causal,
        positions: steps,
        initialization: session.initialization, using: &generator)
    }
  }

  /// layer attention heads <H:Int> [size <K:Int>] [causal]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> any LayerRequest {
    try parser.expect(word: "heads", after: "'attention'")
    let heads = try parser.expectInteger("the number of heads", in: 1...Limits.width)
    var size: Int?
    if parser.eat(word: "size") {
      size = try parser.expectInteger("the size of each head", in: 1...Limits.width)
    }
    let causal = parser.eat(word: "causal")
    try parser.expectEnd(after: causal ? "'causal'" : "the number of heads")
    return Request(heads: heads, size: size, causal: causal)
  }

  static func completions(at position: Int, after arguments: [String]) -> [String] {
    position == 0 ? ["heads"] : position >= 2 ? ["size", "causal"] : []
  }

  static func configuration(of layer: any NNEngine.Layer) -> [String: ModelFile.Setting] {
    guard let attention = layer as? AttentionLayer else { return [:] }
    return [
      "heads": .number(Double(attention.heads)), "size": .number(Double(attention.headSize)),
      "causal": .text(attention.isCausal ? "yes" : "no"),
    ]
    .merging(ProjectionAdapters.configuration(of: attention)) { $1 }
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard case .sequence(let steps, let d) = inputShape else {
      throw .init("attention needs a sequence as its input")
    }
    let heads = try ModelFile.count(configuration, "heads", in: 1...Limits.width)
    let size = try ModelFile.count(configuration, "size", in: 1...Limits.width)
    let causal = try ModelFile.text(configuration, "causal") == "yes"
    let hk = heads * size
    let shapes = [Shape(rows: d, columns: hk), Shape(rows: 1, columns: hk)]
    let expected = [
      shapes[0], shapes[1], shapes[0], shapes[1], shapes[0], shapes[1], Shape(rows: hk, columns: d),
      Shape(rows: 1, columns: d),
    ]
    let matrices = AttentionLayer.parameterNames.compactMap { parameters[$0] }
    guard matrices.count == 8, zip(matrices, expected).allSatisfy({ $0.shape == $1 }) else {
      throw .init(
        "its Wq, Wk, Wv should be \(d)×\(hk), bq, bk, bv 1×\(hk), Wo \(hk)×\(d) and bo 1×\(d)")
    }
    var attention = AttentionLayer(
      queryWeights: matrices[0], queryBias: matrices[1], keyWeights: matrices[2],
      keyBias: matrices[3],
      valueWeights: matrices[4], valueBias: matrices[5], outputWeights: matrices[6],
      outputBias: matrices[7],
      heads: heads, causal: causal, positions: steps)
    try ProjectionAdapters.read(
      into: &attention, configuration: configuration, parameters: parameters)
    return attention
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    guard let attention = layer as? AttentionLayer else {
      return LayerSummary(equation: "", arithmetic: "", gradientNorm: { _ in nil })
    }
    let (d, hk) = (attention.width, attention.heads * attention.headSize)
    return LayerSummary(
      equation:
        "out\(l) = attention\(attention.isCausal ? " (causal)" : "")(\(input)), \(attention.heads) heads of \(attention.headSize)"
        + ProjectionAdapters.equationNote(of: attention),
      arithmetic:
        "4×\(d)×\(hk) + 3×\(hk) + \(d)\(ProjectionAdapters.arithmetic(of: attention)) = \(NumberFormat.grouped(attention.parameterCount + ProjectionAdapters.count(of: attention)))",
      trainable: ProjectionAdapters.trainable(of: attention),
      gradientNorm: { $0.parameters.first?.norm },
      multiplyAdds: multiplyAdds(of: attention))
  }

  /// One sample's multiply-adds, the full T×T products although a causal mask discards half:
  /// the projections T·D·3HK in and T·HK·D out, then Q·Kᵀ and att·V, T·T·K for each head.
  static func multiplyAdds(of attention: AttentionLayer) -> Int {
    let (t, d, hk) = (
      attention.inputShape.positions, attention.width, attention.heads * attention.headSize
    )
    return t * 4 * d * hk + 2 * t * t * hk
  }
}

/// The LoRA adapters of a layer with projections (attention, transformer blocks), as their
/// kinds write them: parameter names, model-file settings, and the summary's words.
enum ProjectionAdapters {
  /// `Aq`, `Bq`, … for `projections`: names `show Aq3` and `grad dBq3` reach.
  static func names(_ projections: [Projection]) -> [String] {
    projections.flatMap { [$0.downName, $0.upName] }
  }

  /// The model file's setting for the adapter on `projection`'s α: `loraAlphaQ`, `loraAlphaUp`.
  static func alphaKey(_ projection: Projection) -> String {
    "loraAlpha" + projection.rawValue.prefix(1).uppercased() + projection.rawValue.dropFirst()
  }

  /// Each adapter's α (its A and B are saved with the other parameters, by name).
  static func configuration(of layer: some ProjectionAdaptable) -> [String: ModelFile.Setting] {
    var settings: [String: ModelFile.Setting] = [:]
    for projection in layer.adaptedProjections {
      if let adapter = layer[adapter: projection] {
        settings[alphaKey(projection)] = .number(adapter.alpha)
      }
    }
    return settings
  }

  /// Gives `layer` the adapters a model file describes: one for each α it sets, from its A and B.
  static func read(
    into layer: inout some ProjectionAdaptable, configuration: [String: ModelFile.Setting],
    parameters: [String: Matrix]
  ) throws(ModelFile.Problem) {
    for projection in layer.projections {
      guard let setting = configuration[alphaKey(projection)] else { continue }
      let shape = layer.weightShape(of: projection)
      guard case .number(let alpha) = setting, alpha > 0, alpha.isFinite,
        let a = parameters[projection.downName],
        let b = parameters[projection.upName], a.rows == shape.rows, a.columns >= 1,
        b.rows == a.columns, b.columns == shape.columns
      else {
        throw .init(
          "its LoRA adapter on \(projection.weightName) should have \(projection.downName) of \(shape.rows)×r and \(projection.upName) of r×\(shape.columns), and α > 0"
        )
      }
      layer[adapter: projection] = LowRankAdapter(down: a, up: b, alpha: alpha)
    }
  }

  /// The adapters' parameters: r·(in + out) each.
  static func count(of layer: some ProjectionAdaptable) -> Int {
    layer.adaptedProjections.compactMap { layer[adapter: $0]?.parameterCount }.reduce(0, +)
  }

  /// ` + 4·(64 + 64) + 4·(64 + 64)` for the summary's arithmetic, or nothing.
  static func arithmetic(of layer: some ProjectionAdaptable) -> String {
    layer.adaptedProjections.compactMap { projection in
      let shape = layer.weightShape(of: projection)
      return layer[adapter: projection].map { " + \($0.rank)·(\(shape.rows) + \(shape.columns))" }
    }.joined()
  }

  /// `, LoRA on q, v` for the summary's equation, or nothing.
  static func equationNote(of layer: some ProjectionAdaptable) -> String {
    let adapted = layer.adaptedProjections
    return adapted.isEmpty ? "" : ", LoRA on \(adapted.map(\.rawValue).joined(separator: ", "))"
  }

  /// The trainable column under adapters: `LoRA 1,024`.
  static func trainable(of layer: some ProjectionAdaptable) -> String? {
    layer.adaptedProjections.isEmpty || layer.isFrozen
      ? nil : "LoRA \(NumberFormat.grouped(layer.trainableParameterCount))"
  }
}

/// The inputs a sequence layer can read.
enum SequenceShapes {
  /// T and D of a sequence input, or a located error saying what to add first.
  static func require(_ inputShape: SampleShape, _ what: String, at range: SourceRange)
    throws(Diagnostic) -> (steps: Int, width: Int)
  {
    switch inputShape {
    case .sequence(let steps, let features): return (steps, features)
    case .tokens:
      throw .runtime(
        "runtime.layerShape", "\(what) reads a sequence of vectors, not token ids (\(inputShape))",
        at: range,
        notes: [
          .init(
            "turn each token into a vector first with 'layer embedding 16' (and 'layer positions')")
        ])
    case .features, .image:
      throw .runtime(
        "runtime.layerShape", "\(what) reads a sequence, but its input is \(inputShape)", at: range,
        notes: [
          .init(
            "start with a sequence input such as 'input 16x8' (16 positions of 8 numbers), or tokens and 'layer embedding'"
          )
        ])
    }
  }
}
