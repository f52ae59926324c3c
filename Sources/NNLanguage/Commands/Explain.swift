import NNEngine
import NNRender

/// `explain forward [sample]` and `explain backward [index]`: each step's formula with one
/// sample's numbers plugged in.
public struct Explain: CommandDefinition {
  public enum Pass: Equatable, Sendable {
    /// The forward pass of a sample (`nil`: the data's first sample).
    case forward(Matrix?)
    /// The backward pass of sample number `index` of the data, on its own (n = 1).
    case backward(index: Int)
  }

  public var pass: Pass

  static let help = CommandHelp(
    "explain", synopsis: "explain forward [<sample>] | explain backward [<sample number>]",
    summary: "show each step of the forward or backward pass with one sample's numbers",
    details: """
      forward:  z = x·W + b and a = f(z) for every layer, with the numbers.
      backward: δ of the output layer, then for each layer below the chain rule
                δ{l} = (δ{l+1}·W{l+1}ᵀ) ⊙ f′(z{l}), and ∇W = aᵀ·δ, ∇b = δ.
      The backward pass is for one sample on its own (n = 1); 'backward' averages over all n.
      """,
    examples: ["explain forward [1, 0]", "explain backward", "explain backward 2"],
    seed: "§3.1, §4.2, §4.4")

  /// explain forward [<sample>] | explain backward [<int>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.eat(word: "backward") {
      let index =
        parser.isAtEnd ? 0 : try parser.expectInteger("a sample number", in: 0...Int.max / 2)
      try parser.expectEnd(after: "the sample number")
      return Command(Explain(pass: .backward(index: index)))
    }
    try parser.expect(word: "forward", after: "'explain' (or 'backward')")
    return Command(Explain(pass: .forward(try parser.parseOptionalSample())))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    switch pass {
    case .forward(let sample): try explainForward(sample, session, context)
    case .backward(let index): try explainBackward(index, session, context)
    }
  }

  private func explainForward(_ sample: Matrix?, _ session: Session, _ context: RunContext)
    throws(Diagnostic)
  {
    let network = try session.requireLayers(at: context.range)
    let x: Matrix
    if let sample {
      x = sample
    } else {
      x = try session.requireData(at: context.range).inputs.row(0)
    }
    try session.checkWidth(of: x, against: network, what: "the sample", at: context.range)
    guard x.rows == 1 else {
      throw .runtime(
        "runtime.explainOneSample", "'explain' shows one sample, but this is \(x.rows) rows",
        at: context.range)
    }
    try session.requireForwardMemory(
      samples: 1, of: network, withTargets: false, command: "'explain'", at: context.range)
    let pass = network.forward(x)
    var lines = ["forward pass of x = \(Explain.vector(x))"]
    for index in network.layers.indices {
      let (l, layer) = (index + 1, network.computingLayer(index))
      lines += LayerKinds.kind(of: layer).explainForward(
        layer, number: l, input: l == 1 ? "x" : "a\(l - 1)", value: pass.input(ofLayer: l),
        pass: pass.layers[index])
    }
    let output = "ŷ = a\(network.depth) = \(Explain.vector(pass.output))"
    if Explain.isClassifier(network) {
      lines.append("\(output): predicted class \(Session.predictedClasses(of: pass.output)[0])")
    } else {
      lines.append(output)
    }
    context.say(lines.joined(separator: "\n"))
  }

  /// Whether the network's output is one sample's class scores (softmax) or yes-probability
  /// (sigmoid): a regression's numbers, or a sequence's scores at every position, name no class.
  static func isClassifier(_ network: Network) -> Bool {
    guard case .features = network.outputShape else { return false }
    return [.softmax, .sigmoid].contains(network.layers.last?.finalActivation)
  }

  /// The output layer's δ from the loss, then each layer, last to first: its gradients, and how
  /// the error it sends back becomes the delta of the layer below (each kind explains its own).
  private func explainBackward(_ index: Int, _ session: Session, _ context: RunContext)
    throws(Diagnostic)
  {
    let (network, data, loss, targets) = try session.requireTrainingSetup(
      for: "'explain'", at: context.range
    ) { network, data in
      PassWork(
        forward: [1], backward: 1,
        other: [("the targets", Session.targetNumbers(samples: data.count, of: network))])
    }
    guard index < data.count else {
      throw .runtime(
        "runtime.noSuchSample",
        "there is no sample \(index): the data has \(counted(data.count, "sample"))",
        at: context.range, notes: [.init("samples are numbered from 0 to \(data.count - 1)")])
    }
    // A sequence output has a row of targets per position: the sample's T rows.
    let positions = network.outputShape.positions
    let (x, y) = (
      data.inputs.row(index), targets.rows(at: (index * positions)..<((index + 1) * positions))
    )
    let pass = network.forward(x)
    let gradients = network.backward(pass, targets: y, loss: loss)
    let depth = network.depth
    let output = network.layers[depth - 1].finalActivation ?? .linear
    var lines = [
      "backward pass of sample \(index) on its own (n = 1\(positions > 1 ? ", \(positions) positions: each δ is also divided by T = \(positions)" : "")): x = \(Explain.vector(x)), y = \(Explain.vector(y))",
      "ŷ = \(Explain.vector(pass.output)), loss = \(NumberFormat.scalar(network.loss(of: pass, targets: y, loss: loss)))",
      "output layer \(depth) (\(output.rawValue) with \(loss.rawValue)):",
      "  δ\(depth) = \(Explain.outputDeltaFormula(loss, output))",
    ]
    if (loss == .crossentropy && output.outputsProbabilities) || (loss == .mse && output == .linear)
    {
      lines.append("     = \(Explain.vector(pass.output)) − \(Explain.vector(y))")
    }
    lines.append("     = \(Explain.vector(gradients.layers[depth - 1].delta))")
    for l in stride(from: depth, through: 1, by: -1) {
      let layer = network.computingLayer(l - 1)
      let explanation = LayerKinds.kind(of: layer).explainBackward(
        layer, number: l, input: l == 1 ? "x" : "a\(l - 1)", value: pass.input(ofLayer: l),
        pass: pass.layers[l - 1],
        gradients: gradients.layers[l - 1])
      lines += explanation.lines
      guard l > 1 else { break }
      let below = network.computingLayer(l - 2)
      lines += LayerKinds.kind(of: below).explainReceived(
        below, number: l - 1, from: explanation.sentBack, pass: pass.layers[l - 2],
        gradients: gradients.layers[l - 2])
    }
    lines.append(
      "'backward' does this for all \(counted(data.count, "sample")) at once: δ is divided by n = \(data.count), and ∇W = aᵀ·δ sums over the samples"
    )
    context.say(lines.joined(separator: "\n"))
  }

  /// A one-row matrix as `[0.4748 -0.2824 0.3289]`, 4 significant digits.
  static func vector(_ m: Matrix) -> String {
    "[" + m.elements.map { NumberFormat.scalar($0, digits: 4) }.joined(separator: " ") + "]"
  }

  static func formula(of activation: Activation, _ z: String) -> String {
    switch activation {
    case .sigmoid: "1 / (1 + e^(−\(z)))"
    case .relu: "max(0, \(z))"
    case .tanh: "(e^\(z) − e^(−\(z))) / (e^\(z) + e^(−\(z)))"
    case .softmax: "e^\(z) / Σ e^\(z)"
    case .linear: z
    case .gelu: "½·\(z)·(1 + tanh(√(2/π)·(\(z) + 0.044715·\(z)³)))"
    }
  }

  static func derivativeFormula(_ activation: Activation, _ a: String, _ z: String) -> String {
    switch activation {
    case .sigmoid: "\(a) ⊙ (1 − \(a))"
    case .relu: "1 where \(z) > 0, else 0"
    case .tanh: "1 − \(a)²"
    case .linear: "1"
    case .gelu: "gelu′(\(z))"
    case .softmax: "the softmax Jacobian"
    }
  }

  /// f′(z) entry by entry, or `nil` for softmax, whose derivative is a matrix.
  static func slope(_ activation: Activation, z: Matrix, a: Matrix) -> Matrix? {
    activation == .softmax ? nil : z.map { activation.derivative(at: $0) ?? 1 }
  }

  static func outputDeltaFormula(_ loss: Loss, _ output: Activation) -> String {
    switch (loss, output) {
    case (.crossentropy, .softmax), (.crossentropy, .sigmoid):
      "ŷ − y   (the activation's slope cancels the loss's)"
    case (.mse, .linear): "ŷ − y"
    case (.mse, .softmax): "softmax's Jacobian applied to ŷ − y   (MSE does not cancel it)"
    case (.mse, _): "(ŷ − y) ⊙ \(output.rawValue)′(z)"
    case (.crossentropy, _): "(ŷ − y) / (ŷ(1 − ŷ)) ⊙ \(output.rawValue)′(z)"
    }
  }
}
