import NNEngine

/// Expressions over the session's matrices: their values and their gradients.
extension Session {
  /// The value of `expression`, reading names from the session.
  func evaluate(_ expression: Expression) throws(Diagnostic) -> Matrix {
    var tape = makeTape()
    let result = try tape.record(expression)  // record first: the values exist only afterwards
    return tape.values[result]
  }

  /// The gradient of the 1×1 value of `expression` with respect to `name`, following the
  /// definitions of `let` names back to `name` — or `nil` if the value does not depend on it.
  /// An expression whose value is not 1×1 is an error pointing at `range`.
  func gradient(of expression: Expression, withRespectTo name: String, at range: SourceRange? = nil) throws(Diagnostic) -> (value: Matrix, gradient: Matrix?) {
    var tape = makeTape()
    let output = try tape.record(expanded(expression, keeping: name))
    let value = tape.values[output]
    guard value.shape == Shape(rows: 1, columns: 1) else {
      throw .runtime(
        "runtime.gradientOfMatrix", "'grad … wrt' needs an expression with one number, but this one is \(value.shape)",
        at: range, notes: [.init("reduce it to one number first, for example with sum(…) or mean(…)")])
    }
    return (value, tape.gradient(of: output, withRespectTo: name))
  }

  /// `expression` with every name defined by `let` replaced by its formula, again and again,
  /// except `kept`. Definitions never refer to themselves (`let` checks), so this ends.
  func expanded(_ expression: Expression, keeping kept: String? = nil) -> Expression {
    var formulas = definitions
    if let kept { formulas[kept] = nil }
    var result = expression
    while !result.names.isDisjoint(with: formulas.keys) { result = result.substituting(formulas) }
    return result
  }

  /// A tape that reads names from this session and keeps to its memory limit.
  private func makeTape() -> Tape {
    let session = self
    return Tape(maxNumbers: maxNumbers, limitNote: memoryNote) { name, range throws(Diagnostic) in
      try session.tensor(named: name, at: range)
    }
  }
}
