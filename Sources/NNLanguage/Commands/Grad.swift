import NNEngine

/// `grad <parameter>`: the gradient of the loss with respect to one parameter matrix.
public struct Grad: CommandDefinition {
  public var name: String
  public var range: SourceRange

  static let help = CommandHelp(
    "grad", synopsis: "grad <parameter>",
    summary: "show ∂J/∂W or ∂J/∂b from the last 'backward'",
    details: """
      The gradient has the parameter's shape: entry (i, j) of ∇W1 says how fast the loss grows
      when W1[i, j] grows. Gradient descent moves each parameter the other way.
      """,
    examples: ["grad W1", "grad b2"], seed: "§3.2, §4.2")

  /// grad <parameter:Name>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord("a parameter name such as 'W1' or 'b2'")
    try parser.expectEnd(after: "the parameter name")
    return .grad(Grad(name: token.text, range: token.range))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: range)
    let parameters = (1...network.depth).flatMap { ["W\($0)", "b\($0)"] }
    guard let parsed = Session.TensorName(name), parsed.family == .W || parsed.family == .b,
      parsed.layer <= network.depth
    else {
      throw .runtime(
        "runtime.notAParameter", "'\(name)' is not a parameter of this network", at: range,
        notes: Suggestions.note(for: name, among: parameters) + [.init("the parameters are \(parameters.joined(separator: " "))")])
    }
    guard let gradients = session.gradients else {
      throw .runtime(
        "runtime.noGradients", "no gradient for '\(name)': \(session.gradientsMissingReason)", at: range,
        notes: [.init("run 'backward' first")])
    }
    let index = parsed.layer - 1
    let gradient = parsed.family == .W ? gradients.weights[index] : gradients.biases[index]
    context.say(.matrix(name: "∇\(name)", rows: gradient.rowArrays))
  }
}
