import NNEngine

/// `shuffle`: put the training samples in a random order.
public struct Shuffle: CommandDefinition {
  static let help = CommandHelp(
    "shuffle", synopsis: "shuffle",
    summary: "put the training samples in a random (seeded) order",
    details: "Mini-batch training shuffles every epoch by itself; this reorders X and y for good.",
    examples: ["shuffle"])

  /// shuffle
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'shuffle'")
    return .shuffle(Shuffle())
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let data = try session.requireData(at: context.range)
    session.data = data.samples(at: session.shuffler.permutation(of: data.count))
    session.dataChanged()
    context.say("shuffled \(counted(data.count, "sample"))")
  }
}
