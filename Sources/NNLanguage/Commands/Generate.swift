import NNEngine
import NNRender

/// `generate <count> [from "<prompt>"] [temperature <τ>] [top <k>]`: a language model writes,
/// one token at a time, each drawn from its scores for the next (`TokenSampler`), and each shown
/// as soon as it is drawn.
public struct Generate: CommandDefinition {
  /// How many tokens (characters) to write after the prompt.
  public var count: Int
  /// The text to start from; nil starts after a new line.
  public var prompt: String?
  /// Where the prompt was written, quotes included, and where each of its characters is in
  /// that text (`\n` is one character written as two), for an error about one of them.
  public var promptRange: SourceRange?
  public var promptOffsets: [Int] = []
  public var temperature = 1.0
  public var top: Int?

  static let help = CommandHelp(
    "generate", synopsis: "generate <count> [from \"<prompt>\"] [temperature <τ>] [top <k>]",
    summary:
      "let a language model write: each next character drawn from its scores, shown as it comes",
    details: """
      The model reads the last T characters of the text (its window) and scores every token of
      the vocabulary for the next one; the next is drawn from p = softmax(z/τ) over the k
      likeliest and added to the text. A text shorter than the window fills its first positions
      and the rest is padding, which causal attention keeps every position from seeing.
      from "…"     the prompt to continue (shown first; \\n in it is a new line); without it
                   the text starts after a new line (or the vocabulary's first token)
      temperature  τ, default 1: below 1 the likely characters more often, above 1 wilder
      top          only the k likeliest characters (top 1: always the likeliest, greedy)
      The same seed, model and prompt write the same text: 'seed 7' for another. Ctrl-C stops
      it. 'show attention 1' then shows what each position of the last window looked at.
      """,
    examples: ["generate 200", "generate 200 from \"ROMEO:\" temperature 0.8 top 40"])

  /// The stream of the seed that sampling draws from.
  static let stream: UInt64 = 0x4745_4E45

  /// generate <count:Int> [from <string>] [temperature <τ:Double>] [top <k:Int>], options in any order
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    var command = Generate(
      count: try parser.expectInteger("how many characters to write", in: 1...1_000_000))
    var seen: Set<String> = []
    while let token = parser.current {
      guard token.kind == .word, ["from", "temperature", "top"].contains(token.text) else {
        throw Diagnostic(
          .unexpectedToken(
            token.text, after: "'generate'",
            expected: "'from', 'temperature', 'top' or the end of the line"),
          at: token.range)
      }
      guard seen.insert(token.text).inserted else {
        throw .syntax(
          "parser.repeatedOption", "'\(token.text)' is given twice", at: token.range,
          notes: [.init("give each of 'from', 'temperature' and 'top' once")])
      }
      parser.advance()
      switch token.text {
      case "from":
        (command.prompt, command.promptOffsets, command.promptRange) = try parsePrompt(&parser)
      case "temperature": command.temperature = try parseTemperature(&parser)
      default: command.top = try parseTop(&parser)
      }
    }
    return Command(command)
  }

  /// "<prompt>": text in double quotes, where `\n` is a new line (a text's lines end with one,
  /// and a prompt such as "JULIET:\n" asks for a speech to start). Returns the text, where each
  /// of its characters was written (counted from the first after the quote), and the range.
  private static func parsePrompt(_ parser: inout Parser) throws(Diagnostic) -> (
    String, [Int], SourceRange
  ) {
    guard let token = parser.current, token.kind == .string else {
      throw .syntax(
        "parser.expectedPrompt",
        "expected the prompt in double quotes after 'from', found \(parser.found)",
        at: parser.currentRange,
        notes: [.init("for example: generate 200 from \"ROMEO:\"")])
    }
    parser.advance()
    var (text, offsets, written) = ("", [Int](), Array(token.text))
    var i = 0
    while i < written.count {
      offsets.append(i)
      let newLine = written[i] == "\\" && i + 1 < written.count && written[i + 1] == "n"
      text.append(newLine ? "\n" : written[i])
      i += newLine ? 2 : 1
    }
    return (text, offsets, token.range)
  }

  /// τ > 0.
  private static func parseTemperature(_ parser: inout Parser) throws(Diagnostic) -> Double {
    let range = parser.currentRange
    let temperature = try parser.expectNumber("the temperature, such as 0.8")
    guard temperature > 0, temperature.isFinite else {
      throw .syntax(
        "parser.temperature", "the temperature must be more than 0", at: range,
        notes: [
          .init(
            "p = softmax(z/τ): 1 samples the model as it is, 0.8 is more careful, 1.5 wilder; for the likeliest character every time, write 'top 1'"
          )
        ])
    }
    return temperature
  }

  /// k ≥ 1.
  private static func parseTop(_ parser: inout Parser) throws(Diagnostic) -> Int {
    let range = parser.currentRange
    let top = try parser.expectNumber("how many of the likeliest characters to keep, such as 40")
    guard top >= 1, top == top.rounded(), top <= 1_000_000 else {
      throw .syntax(
        "parser.topK", "top must keep at least 1 character, as a whole number", at: range,
        notes: [.init("'top 40' draws from the 40 likeliest; 'top 1' always takes the likeliest")])
    }
    return Int(top)
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let (network, vocabulary) = try languageModel(session, context)
    var ids = try promptIDs(vocabulary, context)
    try session.requireForwardMemory(
      samples: 1, of: network, withTargets: false, command: "'generate'", at: context.range)
    let window = network.inputWidth
    if ids.count < window, let l = Generate.notCausalLayer(of: network) {
      context.warn(notCausal(layer: l, window: window))
    }
    let sampler = TokenSampler(temperature: temperature, top: top)
    var generator = SeededGenerator(seed: session.seed, stream: Generate.stream)
    var pass = ForwardPass(input: Matrix(rows: 1, columns: window))
    if let prompt { context.say(.textPiece(prompt)) }
    var written = 0
    while written < count, !context.isCancelled() {
      let scores = Generate.nextScores(network, after: ids, into: &pass)
      guard scores.allSatisfy(\.isFinite) else {
        throw .runtime(
          "runtime.nonFiniteScores",
          "the model's scores for the next character are not all numbers (inf or nan)",
          notes: [.init("its weights have diverged; train again from 'init' with a smaller 'lr'")])
      }
      let next = sampler.sample(scores: scores, using: &generator)
      ids.append(next)
      written += 1
      context.say(.textPiece(vocabulary.decode([next])))
    }
    session.lastForward = pass
    context.say(
      written < count
        ? "interrupted after \(written) of \(counted(count, "character"))"
        : summary(seed: session.seed))
  }

  /// The network, if it is a language model over the session's vocabulary (the text's, or the
  /// model file's): token ids in, a score for every token out at every position.
  private func languageModel(_ session: Session, _ context: RunContext) throws(Diagnostic) -> (
    Network, CharacterVocabulary
  ) {
    guard let vocabulary = session.vocabulary else {
      throw .runtime(
        "runtime.noVocabulary",
        "there is no vocabulary to write with: it comes from a text, or from a model file saved with one",
        at: context.range,
        notes: [
          .init(
            "load the text the model learns from, such as 'data text lessons/data/tinyshakespeare.txt context 32', or a saved language model ('load model.json')"
          )
        ])
    }
    let network = try session.requireLayers(at: context.range)
    let v = vocabulary.count
    guard case .tokens(let t, let vocabularyIn) = network.inputShape else {
      throw .runtime(
        "runtime.generateInput",
        "'generate' needs a language model, which reads token ids, but this network reads \(network.inputShape)",
        at: context.range,
        notes: [
          .init("build one for the text with 'input tokens 32 vocab \(v)', 'layer embedding 64', …")
        ])
    }
    guard vocabularyIn == v else {
      throw .runtime(
        "runtime.generateVocabulary",
        "the network reads ids of \(counted(vocabularyIn, "token")), but the text's vocabulary has \(v)",
        at: context.range,
        notes: [.init("build the network for this text: 'input tokens \(t) vocab \(v)'")])
    }
    let last = network.layers[network.depth - 1]
    guard network.outputShape == .sequence(steps: t, features: v),
      [nil, .softmax, .linear].contains(last.finalActivation)
    else {
      throw .runtime(
        "runtime.generateOutput",
        "'generate' draws each character from the last layer's scores, \(v) a position, but layer \(network.depth) (\(last)) gives \(network.outputShape)",
        at: context.range,
        notes: [
          .init(
            "end the model with 'layer dense \(v) softmax' (or 'layer dense \(v) softmax tied')")
        ])
    }
    return (network, vocabulary)
  }

  /// The prompt's ids, or a new line's (the vocabulary's first token if it has none).
  private func promptIDs(_ vocabulary: CharacterVocabulary, _ context: RunContext)
    throws(Diagnostic) -> [Int]
  {
    guard let prompt, !prompt.isEmpty else { return [vocabulary.id(of: "\n") ?? 0] }
    if let ids = vocabulary.encode(prompt) { return ids }
    for (offset, character) in prompt.enumerated() {
      guard let missing = character.unicodeScalars.first(where: { vocabulary.id(of: $0) == nil })
      else { continue }
      let shown = CharacterVocabulary.shown(missing)
      var notes = [
        Diagnostic.Note(
          "the model knows only the \(counted(vocabulary.count, "character")) of its text ('show vocab' lists them); leave it out or write it as the text does"
        )
      ]
      let other =
        String(character).lowercased() == String(character)
        ? String(character).uppercased() : String(character).lowercased()
      if other != String(character),
        other.unicodeScalars.allSatisfy({ vocabulary.id(of: $0) != nil })
      {
        notes.insert(.init("did you mean '\(other)'?"), at: 0)
      }
      let range =
        promptRange.map {
          SourceRange(line: $0.line, column: $0.column + 1 + promptOffsets[offset], length: 1)
        } ?? context.range
      throw .runtime(
        "runtime.promptCharacter", "the prompt's '\(shown)' is not in the text's vocabulary",
        at: range, notes: notes)
    }
    preconditionFailure("a prompt that the vocabulary cannot encode has a missing character")
  }

  /// The model's scores for the token after `ids`: it reads the last T of them (fewer fill the
  /// window's first positions, then padding), and the scores are its output at the last one
  /// read — softmax's input z, or the output itself for a layer without an activation.
  static func nextScores(_ network: Network, after ids: [Int], into pass: inout ForwardPass)
    -> [Double]
  {
    let window = network.inputWidth
    let read = Array(ids.suffix(window))
    for p in 0..<window { pass.input[0, p] = Double(p < read.count ? read[p] : 0) }
    pass.textPositions = read.count < window ? read.count : nil
    network.forward(into: &pass)
    let last = pass.layers[pass.layers.count - 1]
    let z =
      network.layers[network.depth - 1].finalActivation == nil ? last.output : last.matrices[0]
    let v = z.columns
    return Array(z.elements[((read.count - 1) * v)..<(read.count * v)])
  }

  /// The first layer (counted from 1) whose attention sees later positions, if any.
  static func notCausalLayer(of network: Network) -> Int? {
    network.layers.firstIndex { AttentionView.attention(of: $0)?.isCausal == false }.map { $0 + 1 }
  }

  private func notCausal(layer l: Int, window: Int) -> Diagnostic {
    .warning(
      "warning.generateNotCausal",
      "layer \(l)'s attention is not causal: with a text shorter than the window of \(window), each position also sees the padding after it, and its scores depend on that",
      notes: [
        .init(
          "a language model's blocks are causal ('layer transformer heads 4 causal'); or start from a prompt of \(window) characters or more"
        )
      ])
  }

  /// What the closing line says: the settings, and how to get the same text or another.
  private func summary(seed: UInt64) -> String {
    let top = top.map { ", top \($0)" } ?? ""
    return
      "generated \(counted(count, "character")) at temperature \(NumberFormat.scalar(temperature))\(top), seed \(seed): the same seed, model and prompt write the same text ('seed \(seed == 7 ? 8 : 7)' for another)"
  }
}
