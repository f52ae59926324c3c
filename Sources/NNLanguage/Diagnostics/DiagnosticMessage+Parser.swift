import NNRender

/// The messages of reading a line: the command catalog, the `Parser` cursor's steps, matrix
/// literals and expressions. Each member's name is its id after `parser.`.
extension DiagnosticMessage {
  // MARK: The command catalog

  /// exercise.unanswered
  static var unanswered: Self { Self(.exercise, "not answered: replace '???' with your answer") }

  static func unknownCommand(_ word: String) -> Self { .syntax("unknown command '\(word)'") }

  static func invalidCharacter(_ character: String) -> Self {
    .syntax("unexpected character '\(character)'")
  }

  // MARK: The parser's steps

  static func expectedSymbol(_ symbol: String, after context: String, found: String) -> Self {
    .syntax("expected '\(symbol)' after \(context), found \(found)")
  }

  static func expectedWord(_ word: String, after context: String, found: String) -> Self {
    .syntax("expected '\(word)' after \(context), found \(found)")
  }

  static func expectedName(_ what: String, found: String) -> Self {
    .syntax("expected \(what), found \(found)")
  }

  static func expectedInteger(_ what: String, found: String) -> Self {
    .syntax("expected \(what), found \(found)")
  }

  static func expectedWholeNumber(_ what: String, found written: String) -> Self {
    .syntax("expected \(what) as a whole number, found '\(written)'")
  }

  static func integerOutOfRange(_ what: String, allowed: ClosedRange<Int>, found written: String)
    -> Self
  {
    .syntax(
      "\(what) must be between \(allowed.lowerBound) and \(allowed.upperBound), found \(written)")
  }

  static func expectedNumber(_ what: String, found: String) -> Self {
    .syntax("expected \(what), found \(found)")
  }

  static func expectedKeyword(_ what: String, choices: String, found: String) -> Self {
    .syntax("expected \(what) (\(choices)), found \(found)")
  }

  /// A word that is not one of a keyword list's (an activation, a loss, a layer kind).
  static func unknownKeyword(_ what: String, _ word: String) -> Self {
    .syntax("unknown \(what) '\(word)'")
  }

  /// `token` where the line should have ended (after `context`), or where only the words
  /// `expected` lists may stand.
  static func unexpectedToken(_ token: String, after context: String, expected: String? = nil)
    -> Self
  {
    guard let expected else { return .syntax("unexpected '\(token)' after \(context)") }
    return .syntax("expected \(expected), found '\(token)'")
  }

  /// A word after `params <model>` that is not one of its options.
  static func unknownOption(_ word: String) -> Self { .syntax("unknown option '\(word)'") }

  static func expectedPath(_ what: String) -> Self {
    .syntax("expected \(what), found the end of the line")
  }

  /// `0,1` for 0.1: `written` is the whole number as typed.
  static func decimalComma(_ written: String) -> Self {
    .syntax("use a decimal point: '\(written.replacing(",", with: "."))', not '\(written)'")
  }

  static func expectedComparison(_ what: String, choices: String, found: String) -> Self {
    .syntax("expected a \(what) (\(choices)), found \(found)")
  }

  // MARK: Matrix literals

  static func expectedLiteral(_ what: String, found: String) -> Self {
    .syntax("expected \(what) such as [[1, 0], [0, 1]], found \(found)")
  }

  /// Row `row` (from 1) has `entries` numbers where row 1 has `expected`.
  static func raggedMatrix(row: Int, entries: Int, expected: Int) -> Self {
    .syntax("row \(row) has \(counted(entries, "entry", "entries")) but row 1 has \(expected)")
  }

  static func expectedEntry(in list: String, found: String) -> Self {
    .syntax("expected a number or ']' in the \(list), found \(found)")
  }

  static func emptyLiteral(_ list: String) -> Self {
    .syntax("a \(list) needs at least one number")
  }

  // MARK: Expressions

  static func expectedExpression(found: String) -> Self {
    .syntax("expected an expression, found \(found)")
  }

  static func expressionTooDeep(limit: Int) -> Self {
    .syntax("this expression nests more than \(NumberFormat.grouped(limit)) operations deep")
  }

  static func nestingTooDeep(limit: Int) -> Self {
    .syntax("brackets, calls and minus signs nest more than \(limit) deep here")
  }

  static func powerNotNumber(found: String) -> Self {
    .syntax("expected a number after '**', found \(found)")
  }

  static func expectedTranspose(found: String) -> Self {
    .syntax("expected 'T' after '.', found \(found)")
  }
}
