/// The shape of a transformer language model, and how many parameters each kind of layer holds.
///
/// A decoder like GPT-2 (or an encoder like BERT) is L identical blocks between an embedding and
/// an output head. Each block has attention — four d×d matrices Q, K, V, O — and an MLP of width F
/// (two matrices, or three when gated as in LLaMA), each with its norms. Counting them shows where
/// a large model's parameters live: mostly in the MLPs and, for small models, the embedding.
public struct TransformerShape: Equatable, Sendable {
  public var layers: Int
  /// d, the width of every token's vector.
  public var dimension: Int
  public var heads: Int
  public var vocabulary: Int
  /// The longest sequence; with learned positions, one d-vector per position.
  public var context: Int
  /// F, the MLP's hidden width (4·d unless given).
  public var feedForward: Int
  /// Whether the output head reuses the token embedding (GPT-2) or has its own matrix (LLaMA).
  public var tiedEmbeddings = true
  /// Whether linear layers have biases (GPT-2, BERT) or not (LLaMA).
  public var biases = true
  /// LayerNorm has a scale and a shift (2·d); RMSNorm only a scale (d).
  public var rmsNorm = false
  /// A gated MLP (SwiGLU) has three matrices — gate, up, down — instead of two.
  public var gatedMLP = false
  /// Learned position embeddings (GPT-2, BERT); `false` for rotary positions (LLaMA), which have
  /// no parameters.
  public var learnedPositions = true
  /// BERT's segment ("token type") embeddings: this many d-vectors.
  public var tokenTypes = 0
  /// BERT's pooler: one more d×d layer with bias on the first token.
  public var pooler = false
  /// A norm right after the embeddings (BERT, whose blocks normalise after each step)…
  public var embeddingNorm = false
  /// …or one after the last block (GPT-2 and LLaMA, which normalise before each step).
  public var finalNorm = true

  public init(
    layers: Int, dimension: Int, heads: Int, vocabulary: Int, context: Int, feedForward: Int? = nil
  ) {
    self.layers = layers
    self.dimension = dimension
    self.heads = heads
    self.vocabulary = vocabulary
    self.context = context
    self.feedForward = feedForward ?? 4 * dimension
  }

  /// One kind of parameter: its name, its count formula in words, how many per block (or in
  /// all, for those outside the blocks), and the total.
  public struct Part: Equatable, Sendable {
    public var name: String
    public var formula: String
    public var total: Int
  }

  /// Every kind of parameter, in the order data flows through the model, or `nil` if a count
  /// does not fit in an `Int` (more than 9.2·10¹⁸: every factor is allowed to be large, and
  /// their products can overflow).
  public var parts: [Part]? {
    let (d, f, v, L) = (dimension, feedForward, vocabulary, layers)
    let b = biases ? 1 : 0
    let norm = rmsNorm ? d : 2 * d
    let normFormula = rmsNorm ? "d" : "2·d"
    var parts: [(name: String, formula: String, total: Int?)] = [
      ("token embedding", "V·d", product(v, d))
    ]
    if learnedPositions { parts.append(("position embedding", "C·d", product(context, d))) }
    if tokenTypes > 0 {
      parts.append(("token type embedding", "\(tokenTypes)·d", product(tokenTypes, d)))
    }
    if embeddingNorm { parts.append(("embedding norm", normFormula, norm)) }
    parts += [
      (
        "attention Q, K, V, O", "L·4·(d·d\(biases ? " + d" : ""))",
        product(L, 4, sum(product(d, d), product(b, d)))
      ),
      ("attention norm", "L·\(normFormula)", product(L, norm)),
    ]
    if gatedMLP {
      parts.append(
        (
          "MLP gate, up, down", "L·3·d·F\(biases ? " + L·(2·F + d)" : "")",
          product(L, sum(product(3, d, f), product(b, sum(product(2, f), d))))
        ))
    } else {
      parts.append(
        (
          "MLP up, down", "L·2·d·F\(biases ? " + L·(F + d)" : "")",
          product(L, sum(product(2, d, f), product(b, sum(f, d))))
        ))
    }
    parts.append(("MLP norm", "L·\(normFormula)", product(L, norm)))
    if finalNorm { parts.append(("final norm", normFormula, norm)) }
    if pooler { parts.append(("pooler", "d·d + d", sum(product(d, d), d))) }
    // An untied head is a linear layer like the others: with biases, one per token (as nnrepl's
    // `layer dense V softmax`); LLaMA's has none.
    if tiedEmbeddings {
      parts.append(("output head", "0 (tied to the token embedding)", 0))
    } else {
      parts.append(("output head", biases ? "V·d + V" : "V·d", sum(product(v, d), product(b, v))))
    }
    var counted: [Part] = []
    for part in parts {
      guard let total = part.total else { return nil }
      counted.append(Part(name: part.name, formula: part.formula, total: total))
    }
    return counted
  }

  /// Every parameter, or `nil` if the count does not fit in an `Int`.
  public var total: Int? { parts.flatMap { parts in sum(parts.map(\.total)) } }

  /// The matrices of a block that LoRA can adapt.
  public enum Matrix: String, CaseIterable, Sendable {
    case q, k, v, o, gate, up, down
  }

  /// The trainable parameters of rank-r LoRA on the given matrices of every block: r·(in + out)
  /// for each, where Q, K, V, O are d×d, and gate and up are d×F and down is F×d; `nil` if the
  /// count does not fit in an `Int`.
  public func loraParameters(rank r: Int, on matrices: Set<Matrix>) -> Int? {
    let (d, f) = (dimension, feedForward)
    let perBlock = matrices.map { matrix -> Int? in
      switch matrix {
      case .q, .k, .v, .o: product(r, sum(d, d))
      case .gate: gatedMLP ? product(r, sum(d, f)) : 0
      case .up, .down: product(r, sum(d, f))
      }
    }
    return product(layers, sum(perBlock))
  }
}

/// a·b·…, or `nil` if a factor is `nil` or the product overflows.
private func product(_ factors: Int?...) -> Int? {
  factors.reduce(1 as Int?) { result, factor in
    guard let result, let factor else { return nil }
    let (value, overflow) = result.multipliedReportingOverflow(by: factor)
    return overflow ? nil : value
  }
}

/// a + b + …, or `nil` if a term is `nil` or the sum overflows.
private func sum(_ terms: Int?...) -> Int? { sum(terms) }

private func sum(_ terms: [Int?]) -> Int? {
  terms.reduce(0 as Int?) { result, term in
    guard let result, let term else { return nil }
    let (value, overflow) = result.addingReportingOverflow(term)
    return overflow ? nil : value
  }
}

extension TransformerShape {
  /// Published models, whose totals these shapes reproduce exactly.
  public enum Preset: String, CaseIterable, Sendable {
    case gpt2Small = "gpt2-small", gpt2Medium = "gpt2-medium", gpt2Large = "gpt2-large", gpt2XL =
      "gpt2-xl"
    case bertBase = "bert-base", llama7B = "llama-7b"

    public var shape: TransformerShape {
      switch self {
      case .gpt2Small:
        TransformerShape(layers: 12, dimension: 768, heads: 12, vocabulary: 50257, context: 1024)
      case .gpt2Medium:
        TransformerShape(layers: 24, dimension: 1024, heads: 16, vocabulary: 50257, context: 1024)
      case .gpt2Large:
        TransformerShape(layers: 36, dimension: 1280, heads: 20, vocabulary: 50257, context: 1024)
      case .gpt2XL:
        TransformerShape(layers: 48, dimension: 1600, heads: 25, vocabulary: 50257, context: 1024)
      case .bertBase:
        {
          var shape = TransformerShape(
            layers: 12, dimension: 768, heads: 12, vocabulary: 30522, context: 512)
          (shape.tokenTypes, shape.pooler, shape.embeddingNorm, shape.finalNorm) = (
            2, true, true, false
          )
          return shape
        }()
      case .llama7B:
        {
          var shape = TransformerShape(
            layers: 32, dimension: 4096, heads: 32, vocabulary: 32000, context: 2048,
            feedForward: 11008)
          (
            shape.tiedEmbeddings, shape.biases, shape.rmsNorm, shape.gatedMLP,
            shape.learnedPositions
          ) = (false, false, true, true, false)
          return shape
        }()
      }
    }
  }
}
