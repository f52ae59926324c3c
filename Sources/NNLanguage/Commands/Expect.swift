import NNEngine
import NNRender

/// `expect …`: a check that stops a script when it is false. Lessons guard every number they
/// state with one, and exercises are graded by them.
public struct Expect: CommandDefinition {
  /// What an `expect` line checks.
  public indirect enum Check: Equatable, Sendable {
    /// A number of the session compared with a value, within an optional tolerance.
    case comparison(Quantity, Comparison, Double, tolerance: Double?)
    /// Another line, which must fail with an error (lessons show mistakes this way).
    case error(Result<Command?, Diagnostic>)
  }

  /// A number the session can be asked for.
  public enum Quantity: Equatable, Sendable {
    case loss, accuracy, depth, params
    /// An entry of a named matrix: `W1[0, 1]`, or `b1[2]` for a matrix with one row or column.
    case entry(name: String, row: Int, column: Int?, range: SourceRange)

    var description: String {
      switch self {
      case .loss: "loss"
      case .accuracy: "accuracy"
      case .depth: "depth"
      case .params: "params"
      case .entry(let name, let row, let column, _): column.map { "\(name)[\(row), \($0)]" } ?? "\(name)[\(row)]"
      }
    }
  }

  public enum Comparison: String, CaseIterable, Sendable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
  }

  public var check: Check

  static let help = CommandHelp(
    "expect", synopsis: "expect <quantity> <op> <number> [within <tolerance>] | expect error <line>",
    summary: "check a number (loss, accuracy, depth, params, W1[0, 1]); a script stops if it is false",
    details: """
      Operators: < <= > >= == !=. '==' without 'within' asks for the exact value; with it,
      |actual − expected| ≤ tolerance. 'expect error' runs a line that must fail, prints its
      error and goes on: how a lesson shows a mistake on purpose. A failed expectation ends a
      script with exit status 1.
      """,
    examples: ["expect loss < 0.05", "expect W1[0, 1] == -0.378 within 0.001", "expect error layer dense 4 sigmod"])

  /// expect error <line> | expect <quantity> <comparison> <number> [within <number>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.current?.isWord("error") == true {
      parser.advance()
      guard let rest = parser.restOfLine() else {
        throw .syntax("parser.expectedLine", "expected a line that should fail after 'expect error'", at: parser.endRange)
      }
      // Keep the inner line's columns: pad it to where it starts.
      let inner = String(repeating: " ", count: rest.column - 1) + rest.text
      return .expect(Expect(check: .error(Result { () throws(Diagnostic) in try CommandCatalog.parse(line: inner, number: parser.line) })))
    }
    let quantity = try parseQuantity(&parser)
    let comparison = try parser.expectSymbolKeyword(Comparison.self, "comparison")
    let expected = try parser.expectNumber("a number to compare with")
    var tolerance: Double?
    if parser.eat(word: "within") { tolerance = abs(try parser.expectNumber("a tolerance")) }
    try parser.expectEnd(after: tolerance == nil ? "the number" : "the tolerance")
    return .expect(Expect(check: .comparison(quantity, comparison, expected, tolerance: tolerance)))
  }

  /// quantity := loss | accuracy | depth | params | <name> '[' <row> [',' <column>] ']'
  private static func parseQuantity(_ parser: inout Parser) throws(Diagnostic) -> Quantity {
    let token = try parser.expectWord("what to check, such as 'loss', 'accuracy' or 'W1[0, 1]'")
    switch token.text {
    case "loss": return .loss
    case "accuracy": return .accuracy
    case "depth": return .depth
    case "params": return .params
    default:
      try parser.expect(symbol: "[", after: "'\(token.text)' (an entry is written '\(token.text)[0, 1]')")
      let row = try parser.expectInteger("a row index", in: 0...Int.max / 2)
      let column = parser.eat(symbol: ",") ? try parser.expectInteger("a column index", in: 0...Int.max / 2) : nil
      try parser.expect(symbol: "]", after: "the index")
      return .entry(name: token.text, row: row, column: column, range: token.range.extended(through: parser.previousRange))
    }
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    switch check {
    case .error(let parsed):
      try expectFailure(parsed, session: session, context)
    case .comparison(let quantity, let comparison, let expected, let tolerance):
      let actual = try value(of: quantity, in: session, context)
      let holds = Expect.holds(actual, comparison, expected, tolerance: tolerance)
      let claim =
        "\(quantity.description) \(comparison.rawValue) \(NumberFormat.exact(expected))"
        + (tolerance.map { " within \(NumberFormat.exact($0))" } ?? "")
      guard holds else {
        throw Diagnostic(
          .error, .expectation, id: "expect.failed", "expected \(claim), but \(quantity.description) = \(NumberFormat.exact(actual))",
          at: context.range)
      }
      context.say("✓ \(claim) (\(quantity.description) = \(NumberFormat.scalar(actual)))")
    }
  }

  /// Whether `actual` compares with `expected` as asked; equality may have a tolerance.
  static func holds(_ actual: Double, _ comparison: Comparison, _ expected: Double, tolerance: Double?) -> Bool {
    let equal = abs(actual - expected) <= (tolerance ?? 0)
    switch comparison {
    case .less: return actual < expected
    case .lessOrEqual: return actual <= expected || equal
    case .greater: return actual > expected
    case .greaterOrEqual: return actual >= expected || equal
    case .equal: return equal
    case .notEqual: return !equal
    }
  }

  private func value(of quantity: Quantity, in session: Session, _ context: RunContext) throws(Diagnostic) -> Double {
    switch quantity {
    case .loss: return try session.currentLoss(at: context.range)
    case .accuracy: return try session.accuracy(at: context.range).fraction
    case .depth: return Double(session.network?.depth ?? 0)
    case .params: return Double(session.network?.parameterCount ?? 0)
    case .entry(let name, let row, let column, let range):
      let matrix = try session.tensor(named: name, at: range)
      let (i, j) = column.map { (row, $0) } ?? (matrix.rows == 1 ? (0, row) : (row, 0))
      guard i < matrix.rows, j < matrix.columns, column != nil || matrix.rows == 1 || matrix.columns == 1 else {
        throw .runtime(
          "runtime.indexOutOfRange", "\(quantity.description) is outside '\(name)', which is \(matrix.shape)", at: range,
          notes: [.init("indices count from 0: rows 0 to \(matrix.rows - 1), columns 0 to \(matrix.columns - 1)")])
      }
      return matrix[i, j]
    }
  }

  /// Runs the inner line of `expect error` on a copy of the session; it must fail.
  private func expectFailure(_ parsed: Result<Command?, Diagnostic>, session: Session, _ context: RunContext) throws(Diagnostic) {
    var copy = session
    let quiet = RunContext(range: context.range, emit: { _ in }, isCancelled: context.isCancelled)
    do {
      if let command = try parsed.get() { try command.definition.run(in: &copy, quiet) }
    } catch {
      context.say("✓ error as expected: \(error.message)")
      return
    }
    throw Diagnostic(.error, .expectation, id: "expect.noError", "expected an error, but the line ran without one", at: context.range)
  }
}

extension Parser {
  /// Reads a symbol that is one of a keyword type's raw values, such as a comparison operator.
  mutating func expectSymbolKeyword<Keyword: RawRepresentable & CaseIterable>(
    _ type: Keyword.Type, _ what: String
  ) throws(Diagnostic) -> Keyword where Keyword.RawValue == String {
    guard let token = current, token.kind == .symbol, let keyword = Keyword(rawValue: token.text) else {
      let choices = Keyword.allCases.map(\.rawValue).joined(separator: " ")
      throw .syntax("parser.expectedComparison", "expected a \(what) (\(choices)), found \(found)", at: currentRange)
    }
    advance()
    return keyword
  }
}
