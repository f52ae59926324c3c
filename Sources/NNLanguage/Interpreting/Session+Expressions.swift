import NNEngine

/// Expressions over the session's matrices: their values and their gradients.
extension Session {
  /// The value of `expression`, reading names from the session; stops early if `isCancelled`.
  func evaluate(_ expression: Expression, isCancelled: @escaping () -> Bool = { false })
    throws(Diagnostic) -> Matrix
  {
    var tape = makeTape(isCancelled: isCancelled)
    let result = try tape.record(expression)  // record first: the values exist only afterwards
    return tape.values[result]
  }

  /// The gradient of the 1×1 value of `expression` with respect to `name`, following the
  /// definitions of `let` names back to `name` — or `nil` if the value does not depend on it.
  /// An expression whose value is not 1×1 is an error pointing at `range`.
  func gradient(
    of expression: Expression, withRespectTo name: String, at range: SourceRange? = nil,
    isCancelled: @escaping () -> Bool = { false }
  ) throws(Diagnostic) -> (value: Matrix, gradient: Matrix?) {
    var formulas = definitions
    formulas[name] = nil
    var tape = makeTape(isCancelled: isCancelled, formulas: formulas)
    let output = try tape.record(expression)
    let value = tape.values[output]
    guard value.shape == Shape(rows: 1, columns: 1) else {
      throw .runtime(
        "runtime.gradientOfMatrix",
        "'grad … wrt' needs an expression with one number, but this one is \(value.shape)",
        at: range,
        notes: [.init("reduce it to one number first, for example with sum(…) or mean(…)")])
    }
    return (value, tape.gradient(of: output, withRespectTo: name))
  }

  /// Whether `name` is among `names` or among the names their definitions read, and theirs,
  /// and so on: a search of the definitions' graph, linear in its size however the
  /// definitions share each other.
  func reaches(_ name: String, from names: Set<String>) -> Bool {
    var seen: Set<String> = []
    var pending = Array(names)
    while let next = pending.popLast() {
      if next == name { return true }
      guard seen.insert(next).inserted, let formula = definitions[next] else { continue }
      pending += formula.names
    }
    return false
  }

  /// A tape that reads names from this session and keeps to its memory limit; `formulas` are
  /// the definitions it records in place of their names.
  private func makeTape(isCancelled: @escaping () -> Bool, formulas: [String: Expression] = [:])
    -> Tape
  {
    let session = self
    return Tape(
      maxNumbers: maxNumbers, limitNote: memoryNote, isCancelled: isCancelled,
      formula: { formulas[$0] }
    ) {
      name, range throws(Diagnostic) in
      try session.tensor(named: name, at: range)
    }
  }
}
