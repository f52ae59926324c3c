import NNEngine

/// `seed <n>`: the seed of every random choice.
public struct Seed: CommandDefinition {
  public var seed: UInt64

  static let help = CommandHelp(
    "seed", synopsis: "seed <n>",
    summary: "set the seed of every random choice (default 42)",
    details: """
      Each layer draws its weights from its own stream of this seed, so the same seed and the
      same layers give the same weights, in any order and on any machine. Setting the seed does
      not change weights already drawn; 'init' draws them again.
      """,
    examples: ["seed 7"])

  /// seed <n:Int>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let seed = try parser.expectInteger("a seed", in: 0...Limits.seed)
    try parser.expectEnd(after: "the seed")
    return Command(Seed(seed: UInt64(seed)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.seed = seed
    session.shuffler = SeededGenerator(seed: seed, stream: Session.shuffleStream)
    let layers = session.network?.depth ?? 0
    context.say(
      layers == 0
        ? "seed \(seed)"
        : "seed \(seed): the \(layers) existing layer\(layers == 1 ? " keeps its" : "s keep their") weights; 'init' draws new ones from this seed"
    )
  }
}
