/// `reset`: start again from an empty session.
public struct Reset: CommandWithoutArguments {
  static let help = CommandHelp(
    "reset", synopsis: "reset",
    summary: "forget the network, the data, the vocabulary and every setting, and start again",
    examples: ["reset"])

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    // the memory limit belongs to the program, not the session's work
    let limit = session.maxNumbers
    session = Session()
    session.maxNumbers = limit
    context.say(
      "reset: no network, no data, no vocabulary, default settings (seed 42, lr 0.1, init xavier)")
  }
}
