/// `show <name> [all]`: any named matrix of the session; a large one by its corners unless `all`.
/// `show attention <block> [head <h>]`: a block's attention weights, labelled by the tokens.
public struct Show: CommandDefinition {
  public var name: String
  public var range: SourceRange
  /// Every entry, even of a large matrix.
  public var whole = false
  /// The attention weights asked for with `show attention 1`.
  public var attention: AttentionView?

  static let help = CommandHelp(
    "show", synopsis: "show <name> [all] | show attention <block> [head <h>]",
    summary: "show a named matrix: X y Y W1 b1 z1 a1 yhat delta1 …",
    details: """
      X             the inputs, one sample per row
      y             the labels
      Y             the targets (labels one-hot)
      W1 b1         layer 1's weights and biases
      z1 a1         layer 1's pre-activation and activation (after forward)
      yhat          the output ŷ (after forward)
      delta1        ∂J/∂z1 (after backward)
      dW1 db1       ∂J/∂W1 and ∂J/∂b1 (after backward)
      vocab         the tokens of 'data text', in id order
      attention 1   block 1's attention weights for the last forward pass or 'generate', one
                    table per head ('head 2' for one): row i is the position looking, column j
                    the one it looks at, labelled by the tokens (blocks are the layers with
                    attention, counted from 1)

      Also any name given with 'let'. A matrix of more than 12 rows or columns shows its
      corners; 'show X all' shows every entry.
      """,
    examples: ["show W1", "show yhat", "show X all", "show attention 1 head 2"], seed: "§3.1")

  /// show <name> [all] | show attention <block:Int> [head <h:Int>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord("a name such as 'W1' or 'X'")
    if token.text == "attention", parser.current?.isNumber == true {
      let view = try AttentionView.parse(&parser)
      try parser.expectEnd(after: view.head == nil ? "the block (or 'head')" : "the head")
      return Command(Show(name: token.text, range: token.range, attention: view))
    }
    let whole = parser.eat(word: "all")
    try parser.expectEnd(after: whole ? "'all'" : "the name")
    return Command(Show(name: token.text, range: token.range, whole: whole))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if let attention {
      attention.show(try attention.weights(in: session, at: context.range), context)
      return
    }
    if name == "vocab", session.variables[name] == nil {
      guard let vocabulary = session.vocabulary else {
        throw .runtime(
          "runtime.noVocabulary",
          "there is no vocabulary: it comes from a text, or from a saved language model", at: range,
          notes: [
            .init(
              "load one with 'data text lessons/data/tinyshakespeare.txt context 32' (or 'load model.json')"
            )
          ])
      }
      for line in vocabulary.listing { context.say(line) }
      return
    }
    let value = try session.tensor(named: name, at: range)
    context.say(.matrix(name: name, rows: value.rowArrays, whole: whole))
  }
}
