import NNEngine

/// `shuffle`: put the training samples in a random order.
public struct Shuffle: CommandWithoutArguments {
  static let help = CommandHelp(
    "shuffle", synopsis: "shuffle",
    summary: "put the training samples in a random (seeded) order",
    details: "Mini-batch training shuffles every epoch by itself; this reorders X and y for good.",
    examples: ["shuffle"])

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let data = try session.requireData(at: context.range)
    session.data = data.samples(at: session.shuffler.permutation(of: data.count))
    session.dataChanged()
    context.say("shuffled \(counted(data.count, "sample"))")
  }
}
