import NNEngine
import NNRender

/// `forward [sample]`: the forward pass, layer by layer.
public struct Forward: CommandDefinition {
  /// One sample (or several) to pass; `nil` means the whole data.
  public var sample: Matrix?

  static let help = CommandHelp(
    "forward", synopsis: "forward [<sample>]",
    summary: "run the forward pass: z = a·W + b and a = f(z), layer by layer",
    details: """
      With a sample, shows z and a of every layer for it. Without, runs the whole data X and
      shows the output ŷ (yhat) and the loss. Afterwards 'show z1', 'show a1', 'show yhat' work.
      """,
    examples: ["forward [1, 0]", "forward"], seed: "§3.1, §4.4")

  /// forward [<sample>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    Command(Forward(sample: try parser.parseOptionalSample()))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    if let sample {
      try session.checkWidth(of: sample, against: network, what: "the sample", at: context.range)
      try session.requireForwardMemory(
        samples: sample.rows, of: network, withTargets: false, command: "'forward'",
        at: context.range)
      let pass = network.forward(sample)
      session.lastForward = pass
      for (index, layer) in pass.layers.enumerated() {
        for (name, matrix) in zip(layer.names, layer.matrices) {
          let positions = network.layers[index].outputShape.positions
          context.say(
            .matrix(
              name: "\(name)\(index + 1)",
              rows: session.bySample(matrix, positions: positions).rowArrays))
        }
      }
      return
    }
    let data = try session.requireData(at: context.range)
    try session.checkWidth(of: data.inputs, against: network, what: "the data", at: context.range)
    try session.requireForwardMemory(
      samples: data.count, of: network, withTargets: session.loss != nil, command: "'forward'",
      at: context.range)
    let pass = network.forward(data.inputs)
    session.lastForward = pass
    context.say(
      .matrix(
        name: "yhat",
        rows: session.bySample(pass.output, positions: network.outputShape.positions).rowArrays))
    guard let loss = session.loss else {
      context.say("no loss chosen yet: 'loss crossentropy' or 'loss mse' to measure ŷ against y")
      return
    }
    let targets = try session.targets(at: context.range)
    try session.requireTargetsSuitLoss(targets, at: context.range)
    context.say(.value(name: "loss", value: network.loss(of: pass, targets: targets, loss: loss)))
  }
}
