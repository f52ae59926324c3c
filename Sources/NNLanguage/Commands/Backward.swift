import NNEngine

/// `backward`: backpropagation over the whole data.
public struct Backward: CommandWithoutArguments {
  static let help = CommandHelp(
    "backward", synopsis: "backward",
    summary: "backpropagate: compute every gradient ∇W, ∇b and delta δ over the data",
    details: """
      Starts at the output with δL = ∂J/∂zL (for softmax + crossentropy: (ŷ − Y)/n) and walks back:
        ∇W{l} = a{l−1}ᵀ·δ{l}     ∇b{l} = Σrows δ{l}     δ{l−1} = (δ{l}·W{l}ᵀ) ⊙ f′(z{l−1})
      where a0 is X. Then 'grad W1', 'show delta2'. Changing a parameter discards the gradients.
      """,
    examples: ["backward", "grad W1"], seed: "§3.2, §4.2, §4.4")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let (network, data, loss, targets) = try session.requireTrainingSetup(
      for: "'backward'", at: context.range
    ) { network, data in
      PassWork(
        forward: [data.count], backward: data.count,
        other: [("the targets", Session.targetNumbers(samples: data.count, of: network))])
    }
    if let note = session.chooseImpliedLoss() { context.say(note) }
    if let warning = session.lossWarning { context.warn(warning) }
    let pass = network.forward(data.inputs)
    session.lastForward = pass
    session.gradients = .computed(
      network.backward(pass, targets: targets, loss: loss), source: .backward)
    let names = session.parameterNames.joined(separator: " ")
    context.say(.value(name: "loss", value: network.loss(of: pass, targets: targets, loss: loss)))
    context.say("gradients of \(names) from \(counted(data.count, "sample")): 'grad W1' shows one")
  }
}
