/// `batch <size> | batch full`: how many samples each update sees.
public struct Batch: CommandDefinition {
  /// Samples per update; `nil` for all of them.
  public var size: Int?

  static let help = CommandHelp(
    "batch", synopsis: "batch <size> | batch full",
    summary: "set how many samples each update uses (default full)",
    details: """
      full   one update per epoch on all the data: gradient descent.
      <n>    the data is shuffled each epoch and cut into batches of n, one update each:
             mini-batch stochastic gradient descent. Noisier steps, but many more of them.
      On a text ('data text'), each step of 'train' is one update on n windows drawn at random;
      'full' there means 32 windows, since a text has as many windows as characters.
      """,
    examples: ["batch 32", "batch full"], seed: "§3.3")

  /// batch <size:Int> | batch full
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.eat(word: "full") {
      try parser.expectEnd(after: "'full'")
      return Command(Batch(size: nil))
    }
    let size = try parser.expectInteger("a batch size (or 'full')", in: 1...Limits.samples)
    try parser.expectEnd(after: "the batch size")
    return Command(Batch(size: size))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.batchSize = size
    if session.corpus != nil {
      return context.say(
        "batch: \(counted(size ?? Session.corpusBatch, "window")) of the text per update, drawn at random"
          + (size == nil ? " (a text's 'full' batch)" : ""))
    }
    context.say(
      size.map { "batch: \(counted($0, "sample")) per update, shuffled each epoch" }
        ?? "batch: full (one update per epoch on all the data)")
  }
}
