import NNEngine
import NNRender

/// `let <name> = <expression>`: names a matrix, or sets a parameter by hand.
public struct Let: CommandDefinition {
  public var name: String
  public var nameRange: SourceRange
  public var expression: Expression

  static let help = CommandHelp(
    "let", synopsis: "let <name> = <expression>",
    summary: "give a matrix a name, or set a parameter such as W1 or b1 by hand",
    details: """
      Expressions: numbers, [[1, 2], [3, 4]], names (X y Y W1 b1 z1 a1 yhat delta1 loss …),
      + - * / entry by entry (a 1×n row is added to every row; a number to every entry), @ the
      matrix product, ** a power, .T the transpose, [i, j] an entry, and the functions
      sigmoid relu tanh softmax exp log sum mean dsigmoid drelu dtanh.
      A name defined from other names remembers its formula, so 'grad … wrt' can follow it.
      A parameter keeps its shape: W1 of a 2-4-3 network takes a 2×4 matrix, b1 a 1×4 row.
      Setting a parameter discards the last forward pass and gradients.
      """,
    examples: [
      "let z1 = X @ W1 + b1", "let W1 = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]", "let x = -4",
    ],
    seed: "§3.1, §4.4")

  /// let <name> '=' <expression>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord("a name after 'let'")
    try parser.expect(symbol: "=", after: "'\(token.text)'")
    let expression = try parser.parseExpression()
    try parser.expectEnd(after: "the expression")
    return Command(Let(name: token.text, nameRange: token.range, expression: expression))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    try Let.checkAssignable(name, at: nameRange)
    let value = try session.evaluate(expression, isCancelled: context.isCancelled)
    if Session.computedNames.contains(name), session.variables[name] == nil,
      (try? session.tensor(named: name, at: nameRange)) != nil
    {
      context.warn(
        .warning(
          "warning.shadowsSessionName",
          "'\(name)' now names your value, hiding the session's '\(name)'", at: nameRange,
          notes: [.init("the network still trains on its own data; 'reset' forgets your names")]))
    }
    if case .parameter(let layer, let parameter) = SessionName(name) {
      try assignParameter(parameter, ofLayer: layer, value, in: &session)
    } else {
      define(value, in: &session, context)
    }
    context.say(
      value.rows == 1 && value.columns == 1
        ? .value(name: name, value: value[0, 0]) : .matrix(name: name, rows: value.rowArrays))
  }

  /// Fails for names that cannot hold a matrix of the student's: function names, and the
  /// session's per-layer results (z1, a1, delta1, dW1, db1).
  static func checkAssignable(_ name: String, at range: SourceRange) throws(Diagnostic) {
    if Function(rawValue: name) != nil {
      throw .runtime(
        "runtime.assignFunction", "'\(name)' is a function; it cannot name a matrix", at: range,
        notes: [.init("choose another name")])
    }
    let parsed = SessionName(name)
    if parsed.layer != nil, !parsed.isParameter {
      throw .runtime(
        "runtime.assignComputed", "'\(name)' cannot be set with 'let'", at: range,
        notes: [
          .init("'forward' and 'backward' compute z, a, delta, dW and db from the parameters")
        ])
    }
  }

  /// A name of the student's: its value, and its formula if it reads other names. A formula
  /// that reads the name itself (`let c = c + 1`) reads its old formula, as a new version of it
  /// would; if the old `c` was a plain value, the new `c` is one too. A formula that would grow
  /// past `Limits.formulaSize` operations or `Limits.expressionDepth` deep is not kept (the
  /// value is), and the student is told.
  private func define(_ value: Matrix, in session: inout Session, _ context: RunContext) {
    var formula = expression
    if let old = session.definitions[name] { formula = formula.substituting([name: old]) }
    session.variables[name] = value
    guard formula.fits(depth: Limits.expressionDepth, nodes: Limits.formulaSize) else {
      session.definitions[name] = nil
      context.warn(
        .warning(
          "warning.formulaTooLong",
          "'\(name)' keeps its value but not its formula, which would be longer than \(NumberFormat.grouped(Limits.formulaSize)) operations or deeper than \(NumberFormat.grouped(Limits.expressionDepth))",
          at: nameRange,
          notes: [.init("'grad … wrt' treats '\(name)' as a plain number from here on")]))
      return
    }
    let leadsBack = session.reaches(name, from: formula.names)
    session.definitions[name] = formula.names.isEmpty || leadsBack ? nil : formula
  }

  /// W{l}, b{l}, …: same shape as before, and the results computed with the old value are dropped.
  private func assignParameter(
    _ parameter: String, ofLayer layer: Int, _ value: Matrix, in session: inout Session
  ) throws(Diagnostic) {
    var network = try session.requireLayers(at: nameRange)
    guard layer <= network.depth else {
      throw Diagnostic(.noSuchLayer("'\(name)'", depth: network.depth), at: nameRange)
    }
    let index = try session.parameterIndex(parameter, ofLayer: layer, name, at: nameRange)
    let old = network.layers[layer - 1].parameters[index].value
    guard value.shape == old.shape else {
      throw .runtime(
        "runtime.assignShape", "'\(name)' is \(old.shape) but the value is \(value.shape)",
        at: nameRange,
        notes: [
          .init(
            parameter == "b"
              ? "b\(layer) is one row with an entry per unit"
              : parameter == "W"
                ? "W\(layer) has one row per input and one column per unit"
                : "\(name) is \(old.shape)"),
          .init("layer \(layer) was declared here", at: session.layerRanges[layer - 1]),
        ])
    }
    network.layers[layer - 1].updateParameter(at: index) { $0 = value }
    session.network = network
    session.parametersChanged(by: "'\(name)' was set")
  }
}
