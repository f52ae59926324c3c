import NNEngine

/// `grad <parameter>` or `grad <expression> wrt <name>`: a gradient, from backprop or from an
/// expression written by hand.
public struct Grad: CommandDefinition {
  /// What to differentiate.
  public enum Form: Equatable, Sendable {
    /// ∂J/∂W or ∂J/∂b of the network, from the last `backward`.
    case parameter(String, SourceRange)
    /// The gradient of a 1×1 expression (written as `text`) with respect to a name, kept under
    /// the name after `as` if one is given.
    case expression(Expression, text: String, withRespectTo: String, SourceRange, keptAs: String?)
  }

  public var form: Form

  static let help = CommandHelp(
    "grad", synopsis: "grad <parameter> | grad <expression> wrt <name> [as <name>]",
    summary: "show ∂J/∂W or ∂J/∂b from the last 'backward', or differentiate an expression",
    details: """
      'grad W1' shows the gradient that 'backward' computed: it has W1's shape, and entry (i, j)
      says how fast the loss grows when W1[i, j] grows. Gradient descent moves the other way.
      'grad J wrt W1' differentiates any expression with a 1×1 value, following names defined
      with 'let' back to W1 (reverse mode: a name used twice adds both gradients).
      'as G' also keeps the result under the name G, to compare: 'expect G == dW1 within 1e-12'.
      """,
    examples: [
      "grad W1", "grad -sum(Y * log(yhat)) / 4 wrt W2", "grad y wrt x", "grad J wrt W1 as G",
    ], seed: "§3.2, §4.2")

  /// grad <parameter> | grad <expression> wrt <name> [as <name>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let start = parser.currentRange
    let expression = try parser.parseExpression()
    let text = parser.source(from: start, through: parser.previousRange)
    if parser.isAtEnd, case .name(let name, let range) = expression {
      return Command(Grad(form: .parameter(name, range)))
    }
    try parser.expect(word: "wrt", after: "the expression")
    let variable = try parser.expectWord("the name to differentiate with respect to")
    let keptAs =
      parser.eat(word: "as")
      ? try parser.expectWord("a name for the gradient after 'as'").text : nil
    try parser.expectEnd(after: keptAs == nil ? "the name" : "the name after 'as'")
    return Command(
      Grad(
        form: .expression(
          expression, text: text, withRespectTo: variable.text, variable.range, keptAs: keptAs)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    switch form {
    case .parameter(let name, let range):
      context.say(
        .matrix(
          name: "∇\(name)", rows: try Grad.parameterGradient(name, at: range, in: session).rowArrays
        ))
      if case .computed(_, let source) = session.gradients, let note = source.note {
        context.say(note)
      }
    case .expression(let expression, let text, let variable, let range, let keptAs):
      // the name must have a value
      let shape = try session.tensor(named: variable, at: range).shape
      let (_, gradient) = try session.gradient(
        of: expression, withRespectTo: variable, at: context.range, isCancelled: context.isCancelled
      )
      let result = gradient ?? Matrix(rows: shape.rows, columns: shape.columns)
      if gradient == nil {
        context.say("the expression does not depend on '\(variable)': its gradient is 0")
      }
      if let keptAs {
        try Let.checkAssignable(keptAs, at: context.range)
        if SessionName(keptAs).layer != nil {
          throw .runtime(
            "runtime.keepAsParameter",
            "'\(keptAs)' names a parameter; keep the gradient under another name",
            at: context.range, notes: [.init("for example 'as G'")])
        }
        session.variables[keptAs] = result
        session.definitions[keptAs] = nil
      }
      let name =
        keptAs
        ?? "∂\(SessionName(text).layer != nil || !text.contains(" ") ? text : "(\(text))")/∂\(variable)"
      context.say(
        result.rows == 1 && result.columns == 1
          ? .value(name: name, value: result[0, 0]) : .matrix(name: name, rows: result.rowArrays))
    }
  }

  /// The gradient of parameter `name` from the last `backward`.
  static func parameterGradient(_ name: String, at range: SourceRange, in session: Session)
    throws(Diagnostic) -> Matrix
  {
    let (layer, parameter) = try session.parameter(named: name, at: range)
    guard let gradients = session.gradients.value else {
      throw Diagnostic(
        .noGradients("gradient for '\(name)'", reason: session.gradients.missingReason), at: range,
        notes: [.init("run 'backward' first")])
    }
    return gradients.layers[layer - 1].parameters[parameter]
  }
}
