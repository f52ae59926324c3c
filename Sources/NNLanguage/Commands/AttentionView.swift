import NNEngine
import NNRender

/// What `show attention <block> [head <h>]` and `plot attention <block> [head <h>]` draw: the
/// attention weights of one block of the last forward pass (`generate`'s last window, or
/// `forward`'s first sample), a T×T matrix per head whose row i says how much position i takes
/// from each position j — softmax(Q·Kᵀ/√K) by rows, the `att` its layer keeps.
///
/// Blocks are counted from 1 among the layers with attention (attention and transformer), as
/// GPT-2 numbers its blocks: in the usual model block 1 is layer 3, after the embedding and
/// the positions.
public struct AttentionView: Equatable, Sendable {
  /// The block, counted from 1, and where it was written.
  public var block: Int
  public var blockRange: SourceRange
  /// One head, counted from 1; nil: every head.
  public var head: Int?
  public var headRange: SourceRange?

  /// <block:Int> [head <h:Int>], after `attention`.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> AttentionView {
    let blockRange = parser.currentRange
    let block = try parser.expectInteger(
      "the block, counted from 1 among the layers with attention", in: 1...Limits.width)
    var view = AttentionView(block: block, blockRange: blockRange)
    if parser.eat(word: "head") {
      view.headRange = parser.currentRange
      view.head = try parser.expectInteger("the head, counted from 1", in: 1...Limits.width)
    }
    return view
  }

  /// One block's weights, cut to the positions that hold text.
  struct Weights {
    /// The layer (counted from 1) and what it is.
    var layer: Int
    var description: String
    /// Each head's k×k weights, heads counted from 0.
    var heads: [Matrix]
    /// Each position's token, as `show vocab` writes it.
    var tokens: [String]
    var isCausal: Bool
  }

  /// The weights of the last forward pass, or a diagnostic saying what is missing.
  func weights(in session: Session, at range: SourceRange) throws(Diagnostic) -> Weights {
    let network = try session.requireLayers(at: range)
    let attentions = network.layers.enumerated().compactMap { l, layer in
      AttentionView.attention(of: layer).map { (l, $0) }
    }
    let blocks = attentions.map(\.0)
    guard !blocks.isEmpty else {
      throw .runtime(
        "runtime.noAttention", "the network has no attention to show", at: range,
        notes: [
          .init(
            "attention comes with 'layer attention heads 4 causal' or 'layer transformer heads 4 causal'"
          )
        ])
    }
    guard block <= blocks.count else {
      let layers = blocks.map { String($0 + 1) }.joined(separator: ", ")
      throw .runtime(
        "runtime.noSuchBlock",
        "there is no block \(block): the network has \(counted(blocks.count, "block")) with attention (layer\(blocks.count == 1 ? "" : "s") \(layers))",
        at: blockRange,
        notes: [.init("blocks are counted from 1: 'show attention 1' is layer \(blocks[0] + 1)")])
    }
    let (l, attention) = attentions[block - 1]
    if let head, head > attention.heads {
      throw .runtime(
        "runtime.noSuchHead",
        "block \(block) has \(counted(attention.heads, "head")), so there is no head \(head)",
        at: headRange ?? range,
        notes: [.init("heads are counted from 1 to \(attention.heads)")])
    }
    guard let pass = session.lastForward, let att = pass.layers[l]["att"] else {
      throw .runtime(
        "runtime.noForward", "there is no forward pass to show the attention of", at: range,
        notes: [.init("write some text first with 'generate 1 from \"ROMEO:\"', or run 'forward'")])
    }
    let t = attention.positions
    let k = pass.textPositions ?? t
    let heads = (0..<attention.heads).map { h in
      Matrix(
        rows: k, columns: k,
        elements: (0..<k).flatMap { i in (0..<k).map { j in att[h * t + i, j] } })
    }
    return Weights(
      layer: l + 1, description: "\(network.layers[l])", heads: heads,
      tokens: (0..<k).map { AttentionView.token(pass.input[0, $0], session) },
      isCausal: attention.isCausal)
  }

  /// The attention of a layer that has one.
  static func attention(of layer: any NNEngine.Layer) -> AttentionLayer? {
    (layer as? AttentionLayer) ?? (layer as? TransformerBlock)?.attention
  }

  /// Token `id` as `show vocab` writes it, or the id itself without a vocabulary.
  static func token(_ id: Double, _ session: Session) -> String {
    guard let vocabulary = session.vocabulary, Int(id) < vocabulary.count else {
      return NumberFormat.exact(id)
    }
    return CharacterVocabulary.shown(vocabulary.scalars[Int(id)])
  }

  /// The most positions a table shows: more would not fit a terminal's width.
  static let shownPositions = 12

  /// `show attention`: for each head asked for, a table whose rows are the positions looking and
  /// whose columns are the positions looked at, labelled by their tokens.
  func show(_ weights: Weights, _ context: RunContext) {
    let k = weights.tokens.count
    let shown = max(0, k - AttentionView.shownPositions)..<k
    var intro =
      "block \(block) (layer \(weights.layer), \(weights.description)): row i is the position that looks, column j the one it looks at, and each row sums to 1"
    if weights.isCausal { intro += "; · is a later position, which causal attention hides" }
    if shown.lowerBound > 0 {
      intro +=
        ". The last \(shown.count) of \(k) positions: a row's weights on the \(shown.lowerBound) before them are left out ('plot attention \(block)' draws them all)"
    }
    context.say(intro)
    for h in (head.map { [$0 - 1] } ?? Array(weights.heads.indices)) {
      let matrix = weights.heads[h]
      let rows = shown.map { i in
        [weights.tokens[i]]
          + shown.map { j in weights.isCausal && j > i ? "·" : AttentionView.weight(matrix[i, j]) }
      }
      context.say("head \(h + 1):")
      context.say(
        .table(
          Table(
            header: [""] + shown.map { weights.tokens[$0] }, rows: rows,
            rightAligned: Set(1...shown.count))))
    }
  }

  /// A weight in [0, 1] with two decimals, so the columns line up: 0.42, 1.00.
  static func weight(_ w: Double) -> String {
    let hundredths = Int((w * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
  }

  /// `plot attention`: one head's weights as a heat map, row 0 at the top.
  func plot(_ weights: Weights) -> Plot {
    let h = (head ?? 1) - 1
    // A few positions are named by their tokens; many would not fit in the title or under the axis.
    let few = weights.tokens.count <= AttentionView.shownPositions
    let tokens = few ? ": " + weights.tokens.joined(separator: " ") : ""
    let text = few ? "'\(weights.tokens.joined())'" : "\(weights.tokens.count) positions"
    // Weights go from 0 (white) to 1 (red), on the same scale in every plot.
    return PlotCommand.heatMap(
      weights.heads[h], title: "block \(block) head \(h + 1) on \(text)",
      xLabel: "looked at\(tokens)",
      yLabel: "looking\(tokens)", coloring: .diverging(low: 0, high: 1))
  }
}
