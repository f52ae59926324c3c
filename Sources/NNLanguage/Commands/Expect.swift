import NNEngine
import NNRender

/// `expect …`: a check that stops a script when it is false. Lessons guard every number they
/// state with one, and exercises are graded by them.
public struct Expect: CommandDefinition {
  /// What an `expect` line checks.
  public indirect enum Check: Equatable, Sendable {
    /// Two expressions compared: numbers by the comparison, matrices entry by entry (== and !=
    /// only), within an optional tolerance.
    case comparison(Expression, Comparison, Expression, tolerance: Double?, text: Text)
    /// Another line, which must fail with an error (lessons show mistakes this way).
    case error(Result<Command?, Diagnostic>)
  }

  /// How the check was written, for messages: the whole check and its left side.
  public struct Text: Equatable, Sendable {
    public var check: String
    public var actual: String
  }

  public enum Comparison: String, CaseIterable, Sendable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==",
      notEqual = "!="
  }

  public var check: Check
  /// What the check is worth when an exercise is graded (`points 2`); 1 unless it says.
  public var points = 1
  /// The most a check may be worth: far more than any exercise needs.
  static let maxPoints = 1000

  static let help = CommandHelp(
    "expect",
    synopsis:
      "expect <expression> <op> <expression> [within <tolerance>] [points <n>] | expect error <line>",
    summary:
      "check a value (loss, accuracy, depth, params, W1[0, 1], z1 …); a script stops if it is false",
    details: """
      Operators: < <= > >= == !=. '==' without 'within' asks for the exact value; with it,
      |actual − expected| ≤ tolerance. Matrices compare entry by entry with == and !=.
      'expect error' runs a line that must fail, prints its error and goes on: how a lesson
      shows a mistake on purpose. A failed expectation ends a script with exit status 1.
      'points 2' makes a check worth 2 points when 'nnrepl check' grades an exercise (1 if not
      given).
      """,
    examples: [
      "expect loss < 0.05", "expect W1[0, 1] == -0.378 within 0.001",
      "expect z1 == X @ W1 + b1 within 1e-12", "expect d1 == delta1 within 1e-12 points 2",
      "expect error layer dense 4 sigmod",
    ])

  /// expect error <line> | expect <expression> <comparison> <expression> [within <number>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.current?.isWord("error") == true {
      parser.advance()
      guard let rest = parser.restOfLine() else {
        throw .syntax(
          "parser.expectedLine", "expected a line that should fail after 'expect error'",
          at: parser.endRange)
      }
      // Keep the inner line's columns: pad it to where it starts.
      let inner = String(repeating: " ", count: rest.column - 1) + rest.text
      return Command(
        Expect(
          check: .error(
            Result { () throws(Diagnostic) in
              try CommandCatalog.parse(line: inner, number: parser.line)
            })))
    }
    let start = parser.currentRange
    let actual = try parser.parseExpression()
    let actualText = parser.source(from: start, through: parser.previousRange)
    let comparison = try parser.expectSymbolKeyword(Comparison.self, "comparison")
    let expected = try parser.parseExpression()
    var tolerance: Double?
    if parser.eat(word: "within") { tolerance = abs(try parser.expectNumber("a tolerance")) }
    let text = Text(
      check: parser.source(from: start, through: parser.previousRange), actual: actualText)
    var points = 1
    if parser.eat(word: "points") {
      points = try parser.expectInteger("the check's points", in: 1...Expect.maxPoints)
    }
    try parser.expectEnd(
      after: points != 1 ? "the points" : tolerance == nil ? "the expected value" : "the tolerance")
    return Command(
      Expect(
        check: .comparison(actual, comparison, expected, tolerance: tolerance, text: text),
        points: points))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    switch check {
    case .error(let parsed):
      try expectFailure(parsed, session: session, context)
    case .comparison(
      let actualExpression, let comparison, let expectedExpression, let tolerance, let text):
      let actual = try session.evaluate(actualExpression, isCancelled: context.isCancelled)
      let expected = try session.evaluate(expectedExpression, isCancelled: context.isCancelled)
      if actual.shape == Shape(rows: 1, columns: 1) && expected.shape == Shape(rows: 1, columns: 1)
      {
        try compareNumbers(
          actual[0, 0], comparison, expected[0, 0], tolerance: tolerance, text: text, context)
      } else {
        try compareMatrices(actual, comparison, expected, tolerance: tolerance, text: text, context)
      }
    }
  }

  private func compareNumbers(
    _ actual: Double, _ comparison: Comparison, _ expected: Double, tolerance: Double?, text: Text,
    _ context: RunContext
  ) throws(Diagnostic) {
    if actual.isNaN || expected.isNaN {
      throw Diagnostic(
        .error, .expectation, id: "expect.nan",
        "expected \(text.check), but \(actual.isNaN ? text.actual : "the right side") is NaN (not a number)",
        at: context.range,
        notes: [
          .init(
            "NaN compares false with everything; it usually means training diverged or a log of 0 was taken"
          )
        ])
    }
    guard Expect.holds(actual, comparison, expected, tolerance: tolerance) else {
      throw Diagnostic(
        .failed(text.check, but: "\(text.actual) is \(NumberFormat.exact(actual))"),
        at: context.range,
        notes: tolerance.map {
          [
            .init(
              "it differs from \(NumberFormat.exact(expected)) by \(NumberFormat.exact(abs(actual - expected))), more than \(NumberFormat.exact($0))"
            )
          ]
        } ?? [])
    }
    // One short line: the check, and the value only when the check does not already state it.
    let shown = NumberFormat.scalar(actual)
    let stated =
      comparison == .equal
      && (shown == NumberFormat.scalar(expected) || text.check.hasSuffix("== \(shown)"))
    context.say(stated ? "✓ \(text.check)" : "✓ \(text.check)   (\(shown))")
  }

  /// Matrices are equal when their shapes are and every entry is within the tolerance.
  private func compareMatrices(
    _ actual: Matrix, _ comparison: Comparison, _ expected: Matrix, tolerance: Double?, text: Text,
    _ context: RunContext
  ) throws(Diagnostic) {
    guard comparison == .equal || comparison == .notEqual else {
      throw .runtime(
        "runtime.compareMatrices",
        "'\(comparison.rawValue)' compares numbers, but the sides are \(actual.shape) and \(expected.shape)",
        at: context.range,
        notes: [
          .init(
            "matrices can be compared with '==' or '!=' (entry by entry), or reduced to a number first"
          )
        ])
    }
    let difference =
      actual.shape == expected.shape ? (actual - expected).elements.map(abs).max() ?? 0 : .infinity
    let equal = difference <= (tolerance ?? 0)
    guard equal == (comparison == .equal) else {
      let detail =
        actual.shape != expected.shape
        ? "\(text.actual) is \(actual.shape) and the right side \(expected.shape)"
        : "the largest difference between entries is \(NumberFormat.exact(difference))"
      throw Diagnostic(.failed(text.check, but: detail), at: context.range)
    }
    context.say(
      "✓ \(text.check)   (\(actual.shape), largest difference \(NumberFormat.scalar(difference)))")
  }

  /// Whether `actual` compares with `expected` as asked; equality may have a tolerance.
  static func holds(
    _ actual: Double, _ comparison: Comparison, _ expected: Double, tolerance: Double?
  ) -> Bool {
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

  /// Runs the inner line of `expect error` on a copy of the session; it must fail.
  private func expectFailure(
    _ parsed: Result<Command?, Diagnostic>, session: Session, _ context: RunContext
  ) throws(Diagnostic) {
    var copy = session
    let quiet = RunContext(
      range: context.range, emit: { _ in }, isCancelled: context.isCancelled, files: context.files)
    do {
      if let command = try parsed.get() { try command.definition.run(in: &copy, quiet) }
    } catch {
      context.say("✓ error as expected: \(error.message)")
      return
    }
    throw Diagnostic(
      .error, .expectation, id: "expect.noError", "expected an error, but the line ran without one",
      at: context.range)
  }
}

extension Parser {
  /// Reads a symbol that is one of a keyword type's raw values, such as a comparison operator.
  mutating func expectSymbolKeyword<Keyword: RawRepresentable & CaseIterable>(
    _ type: Keyword.Type, _ what: String
  ) throws(Diagnostic) -> Keyword where Keyword.RawValue == String {
    guard let token = current, token.kind == .symbol, let keyword = Keyword(rawValue: token.text)
    else {
      let choices = Keyword.allCases.map(\.rawValue).joined(separator: " ")
      throw Diagnostic(.expectedComparison(what, choices: choices, found: found), at: currentRange)
    }
    advance()
    return keyword
  }
}
