import NNEngine

/// `let <name> = <matrix>`: sets a parameter by hand, or names a matrix.
public struct Let: CommandDefinition {
  public var name: String
  public var nameRange: SourceRange
  public var value: MatrixLiteral

  static let help = CommandHelp(
    "let", synopsis: "let <name> = <matrix>",
    summary: "set a parameter such as W1 or b1 by hand, or give a matrix a name",
    details: """
      A parameter keeps its shape: W1 of a 2-4-3 network takes a 2×4 matrix, b1 a list of 4.
      Setting a parameter discards the last forward pass and gradients, which used the old value.
      """,
    examples: ["let W1 = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]", "let b1 = [0, 0, 0, 0]"],
    seed: "§4.4")

  /// let <name> '=' <matrix>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord("a name after 'let'")
    try parser.expect(symbol: "=", after: "'\(token.text)'")
    let value = try parser.expectMatrixLiteral("a matrix")
    try parser.expectEnd(after: "the matrix")
    return .assign(Let(name: token.text, nameRange: token.range, value: value))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if ["X", "y", "Y", "yhat"].contains(name) { throw computedName("'data' sets X and y; 'forward' computes yhat") }
    guard let parsed = Session.TensorName(name) else {
      session.variables[name] = value.matrix
      context.say(.matrix(name: name, rows: value.rows))
      return
    }
    guard parsed.family == .W || parsed.family == .b else {
      throw computedName("'forward' and 'backward' compute z, a and delta from the parameters")
    }
    var network = try session.requireLayers(at: nameRange)
    guard parsed.layer <= network.depth else {
      throw .runtime("runtime.noSuchLayer", "there is no '\(name)': the network has \(counted(network.depth, "layer"))", at: nameRange)
    }
    let index = parsed.layer - 1
    let old = parsed.family == .W ? network.layers[index].weights : network.layers[index].bias
    let new = parsed.family == .b && value.isFlat ? Matrix(row: value.rows[0]) : value.matrix
    guard new.shape == old.shape else {
      throw .runtime(
        "runtime.assignShape", "'\(name)' is \(old.shape) but the value is \(new.shape)", at: value.range,
        notes: [
          .init(parsed.family == .W ? "W\(parsed.layer) has one row per input and one column per unit" : "b\(parsed.layer) has one entry per unit"),
          .init("layer \(parsed.layer) was declared here", at: session.layerRanges[index]),
        ])
    }
    if parsed.family == .W { network.layers[index].weights = new } else { network.layers[index].bias = new }
    session.network = network
    session.parametersChanged(by: "'\(name)' was set")
    context.say(.matrix(name: name, rows: new.rowArrays))
  }

  private func computedName(_ why: String) -> Diagnostic {
    .runtime("runtime.assignComputed", "'\(name)' cannot be set with 'let'", at: nameRange, notes: [.init(why)])
  }
}
