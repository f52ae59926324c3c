import NNEngine

/// `loss mse | crossentropy`: the loss function J to minimise.
public struct LossCommand: CommandDefinition {
  public var loss: Loss

  static let help = CommandHelp(
    "loss", synopsis: "loss mse | crossentropy",
    summary: "choose the loss J that training makes smaller",
    details: """
      Both are means over the n samples, so the best learning rate does not depend on n.
      mse            J = (1/n) · Σ_samples ½ · Σ_outputs (ŷ − y)²
      crossentropy   after softmax (classes):    J = −(1/n) · Σ_samples Σ_classes y·log ŷ
                     after sigmoid (yes/no):     J = −(1/n) · Σ [y·log ŷ + (1 − y)·log(1 − ŷ)]
      With softmax + crossentropy (or sigmoid + crossentropy) the output delta is simply
      δ = (ŷ − y)/n. The course text's §4.4 uses that formula but calls the loss MSE: with MSE the
      delta also passes through the softmax's derivative.
      When the output is a sequence (a dense layer after 'input 16x3'), each of the T positions
      is a row: the mean is over the n·T rows, samples and positions alike, as GPT training does.
      """,
    examples: ["loss crossentropy", "loss mse"], seed: "§3.1, §4.4")

  /// loss <loss>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let loss = try parser.expectKeyword(Loss.self, "loss")
    try parser.expectEnd(after: "the loss")
    return Command(LossCommand(loss: loss))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.loss = loss
    if let warning = session.lossWarning { context.warn(warning) }
    session.gradients.invalidate(because: "the loss changed since the last 'backward'")
    context.say("loss: \(loss.rawValue)")
  }
}
