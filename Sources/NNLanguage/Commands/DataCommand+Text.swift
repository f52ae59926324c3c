import NNEngine
import NNRender

/// `data text <file> context <T> [split <fraction>]`: a text file as a language model's data —
/// its characters as token ids (`CharacterVocabulary`), cut into a training part and a held-out
/// tail (`TokenCorpus`). `data` parses it; it is a command of its own because it fills the
/// session's corpus rather than its X and y.
public struct TextDataCommand: CommandDefinition {
  public var path: String
  /// T, the ids in one window.
  public var context: Int
  /// The share of the text to train on; the tail is held out for validation.
  public var split: Double

  static let help = DataCommand.help

  /// The fraction of the text kept for training unless `split` says otherwise, as nanoGPT does.
  static let defaultSplit = 0.9

  /// data text <path> context <T:Int> [split <fraction:Double>] — `data text` already read.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let path = try parser.expectPath("a text file's path")
    try parser.expect(word: "context", after: "the text file's path")
    let context = try parser.expectInteger("the window length, such as 32", in: 1...Limits.width)
    var split = defaultSplit
    if parser.eat(word: "split") {
      let range = parser.currentRange
      split = try parser.expectNumber("the fraction to train on")
      guard split > 0, split < 1 else {
        throw .syntax(
          "parser.splitFraction", "the fraction must be between 0 and 1", at: range,
          notes: [.init("0.9 trains on the first 90% and validates on the last 10%")])
      }
    }
    try parser.expectEnd(after: split == defaultSplit ? "the context" : "the split")
    return Command(TextDataCommand(path: path.path, context: context, split: split))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let model = TextDataCommand.modelVocabulary(of: session)
    let corpus = try load(session, numberedBy: model, context)
    let shape = SampleShape.tokens(count: corpus.context, vocabulary: corpus.vocabulary.count)
    if let network = session.network, network.inputShape != shape {
      throw .runtime(
        "runtime.textInput",
        "the network takes \(network.inputShape) per sample, but this text gives \(shape)",
        at: context.range,
        notes: [
          .init(
            "start a network for it with 'input tokens \(corpus.context) vocab \(corpus.vocabulary.count)'"
          )
        ])
    }
    session.corpus = corpus
    session.vocabulary = corpus.vocabulary
    session.data = nil
    session.testData = nil
    session.normalization = nil
    session.dataChanged()
    context.say(TextDataCommand.describe(corpus, path: path, byModel: model != nil))
  }

  /// The vocabulary a new text must be numbered by: the session's, while its network reads ids
  /// of that many tokens — the model learned those ids, so a text to fine-tune it on needs the
  /// same ones. Nil (the text's own) without such a network.
  static func modelVocabulary(of session: Session) -> CharacterVocabulary? {
    guard let vocabulary = session.vocabulary,
      case .tokens(_, let v)? = session.network?.inputShape, v == vocabulary.count
    else { return nil }
    return vocabulary
  }

  /// Reads and checks the file, then tokenizes it, by `model`'s vocabulary if there is one,
  /// else by its own: every refusal says where and what to do.
  private func load(
    _ session: Session, numberedBy model: CharacterVocabulary?, _ context: RunContext
  ) throws(Diagnostic) -> TokenCorpus {
    let text: String
    do {
      text = try context.files.read(path)
    } catch {
      throw Diagnostic(
        .cannotRead(path, reason: error.reason), at: context.range,
        notes: error.reason.hasSuffix("not UTF-8 text")
          ? [.init("'data text' reads plain text encoded as UTF-8; save the file as UTF-8 first")]
          : [])
    }
    let length = text.unicodeScalars.count
    guard length > 0 else {
      throw .runtime(
        "runtime.emptyText", "'\(path)' is empty: there is no text to learn from",
        at: context.range,
        notes: [
          .init(
            "give a text file with some writing in it, such as lessons/data/tinyshakespeare.txt")
        ])
    }
    if let (line, column) = TextDataCommand.firstNul(in: text) {
      throw .runtime(
        "runtime.binaryText",
        "'\(path)' looks binary, not text: it has a NUL character at line \(line), column \(column)",
        at: context.range,
        notes: [
          .init(
            "'data text' reads plain text; a binary file (an image, a program) is not a text to learn from"
          )
        ])
    }
    guard length <= session.maxNumbers else {
      throw .runtime(
        "runtime.textTooLarge",
        "'\(path)' has \(NumberFormat.grouped(length)) characters, more than the memory limit allows",
        at: context.range, notes: [session.memoryNote])
    }
    let trainingCount = Int((Double(length) * split).rounded())
    guard trainingCount > self.context, length - trainingCount > self.context else {
      let needed = Int((Double(self.context + 1) / min(split, 1 - split)).rounded(.up))
      let longest = min(trainingCount, length - trainingCount) - 1
      let shorter =
        longest >= 1 ? "use a context of at most \(longest) ('context \(longest)'), or " : ""
      throw .runtime(
        "runtime.textTooShort",
        "'\(path)' has \(NumberFormat.grouped(length)) characters, too few for windows of \(self.context) split \(NumberFormat.scalar(split)) : \(NumberFormat.scalar(1 - split)): each part needs at least \(self.context + 1) (a window and the character after it)",
        at: context.range,
        notes: [
          .init("\(shorter)give a text of at least \(NumberFormat.grouped(needed)) characters")
        ])
    }
    if let model {
      return TokenCorpus(
        vocabulary: model, ids: try ids(of: text, by: model, context), context: self.context,
        trainingCount: trainingCount)
    }
    let vocabulary = CharacterVocabulary(of: text)
    guard vocabulary.count >= 2 else {
      throw .runtime(
        "runtime.oneCharacter",
        "'\(path)' has only one distinct character: there is nothing to predict", at: context.range,
        notes: [.init("a language model needs a text with at least two different characters")])
    }
    // Every scalar is in the text's own vocabulary.
    let ids = text.unicodeScalars.compactMap { vocabulary.id(of: $0).map(Int32.init) }
    return TokenCorpus(
      vocabulary: vocabulary, ids: ids, context: self.context, trainingCount: trainingCount)
  }

  /// The text's ids in the model's vocabulary, or a refusal naming the first character it lacks,
  /// where it is, and how many other characters are missing too.
  private func ids(of text: String, by vocabulary: CharacterVocabulary, _ context: RunContext)
    throws(Diagnostic) -> [Int32]
  {
    var ids: [Int32] = []
    ids.reserveCapacity(text.unicodeScalars.count)
    var first: (scalar: Unicode.Scalar, line: Int, column: Int)?
    var missing: Set<Unicode.Scalar> = []
    var (line, column) = (1, 0)
    for scalar in text.unicodeScalars {
      column += 1
      if let id = vocabulary.id(of: scalar) {
        ids.append(Int32(id))
      } else {
        if first == nil { first = (scalar, line, column) }
        missing.insert(scalar)
      }
      if scalar == "\n" { (line, column) = (line + 1, 0) }
    }
    guard let first else { return ids }
    let others =
      missing.count > 1 ? " (and \(counted(missing.count - 1, "other character")) it lacks)" : ""
    throw .runtime(
      "runtime.textCharacter",
      "'\(path)' has '\(CharacterVocabulary.shown(first.scalar))' (U+\(TextDataCommand.codePoint(first.scalar))) at line \(first.line), column \(first.column), which is not one of the model's \(counted(vocabulary.count, "token"))\(others)",
      at: context.range,
      notes: [
        .init(
          "the model learned the ids of its own text's characters ('show vocab' lists them), so a text to go on training it may use only those: replace or remove that character in the file"
        ),
        .init(
          "to learn this text with its own characters instead, start a new model: 'reset', then 'data text \(path) context \(self.context)' and 'input tokens …'"
        ),
      ])
  }

  /// A scalar's code point as Unicode writes it: at least four hex digits, 0040 for '@'.
  static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// The line and column (from 1) of the first NUL, which no text file holds.
  static func firstNul(in text: String) -> (line: Int, column: Int)? {
    var (line, column) = (1, 0)
    for scalar in text.unicodeScalars {
      column += 1
      if scalar == "\0" { return (line, column) }
      if scalar == "\n" { (line, column) = (line + 1, 0) }
    }
    return nil
  }

  /// What `data text` says; `byModel` when the text was numbered by the model's vocabulary.
  static func describe(_ corpus: TokenCorpus, path: String, byModel: Bool) -> String {
    let (training, validation) = (
      corpus.range(of: .training).count, corpus.range(of: .validation).count
    )
    let tokens =
      byModel
      ? "numbered by the model's vocabulary of \(counted(corpus.vocabulary.count, "token"))"
      : counted(corpus.vocabulary.count, "distinct one")
    return """
      text: '\(path)', \(NumberFormat.grouped(corpus.ids.count)) characters, \(tokens) ('show vocab'); \
      training \(NumberFormat.grouped(training)), validation \(NumberFormat.grouped(validation)); \
      samples are windows of \(corpus.context) ids, the next \(corpus.context) their targets: 'input tokens \(corpus.context) vocab \(corpus.vocabulary.count)'
      """
  }
}

extension CharacterVocabulary {
  /// A token as `show vocab` writes it: itself, or an escape for what would not be seen — `\n`,
  /// `\t`, `␠` for the space, `\u{7F}` for other control and format characters.
  static func shown(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\r": return "\\r"
    case " ": return "␠"
    default:
      switch scalar.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate,
        .unassigned, .privateUse:
        return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: return String(scalar)
      }
    }
  }

  /// What `show vocab` says: the count, then every token in id order.
  var listing: [String] {
    [
      "vocab: \(counted(count, "token")), ids 0 to \(count - 1) in this order (␠ is the space, \\n a new line):",
      scalars.map(CharacterVocabulary.shown).joined(separator: " "),
    ]
  }
}
