/// `accuracy`: the fraction of samples classified correctly.
public struct Accuracy: CommandWithoutArguments {
  static let help = CommandHelp(
    "accuracy", synopsis: "accuracy",
    summary: "show the fraction of samples whose predicted class is their label",
    examples: ["accuracy"], seed: "§5.2")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let result = try session.accuracy(at: context.range)
    context.say(.value(name: "accuracy", value: result.fraction))
    context.say("\(result.correct) of \(result.total) samples classified correctly")
  }
}
