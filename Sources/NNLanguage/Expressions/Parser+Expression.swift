/// The grammar of expressions, lowest precedence first (as in Crafting Interpreters' `expression`
/// rules, one function per rule):
///
///     expression     := multiplicative { ('+' | '-') multiplicative }
///     multiplicative := unary { ('*' | '/' | '@') unary }
///     unary          := '-' unary | power
///     power          := postfix [ '**' ['-'] number ]
///     postfix        := primary { '.T' | '[' int [',' int] ']' }
///     primary        := number | literal | name | function '(' expression ')' | '(' expression ')'
extension Parser {
  /// expression := multiplicative { ('+' | '-') multiplicative }
  mutating func parseExpression() throws(Diagnostic) -> Expression {
    var result = try parseMultiplicative()
    while let token = current, let op = BinaryOperator(rawValue: token.text), op == .add || op == .subtract,
      token.kind == .symbol
    {
      advance()
      result = .binary(op, result, try parseMultiplicative(), token.range)
    }
    return result
  }

  /// multiplicative := unary { ('*' | '/' | '@') unary }
  private mutating func parseMultiplicative() throws(Diagnostic) -> Expression {
    var result = try parseUnary()
    while let token = current, token.kind == .symbol, let op = BinaryOperator(rawValue: token.text),
      op == .multiply || op == .divide || op == .matmul
    {
      advance()
      result = .binary(op, result, try parseUnary(), token.range)
    }
    return result
  }

  /// unary := '-' unary | power
  private mutating func parseUnary() throws(Diagnostic) -> Expression {
    let start = currentRange
    if eat(symbol: "-") { return .negate(try parseUnary(), start) }
    return try parsePower()
  }

  /// power := postfix [ '**' ['-'] number ]
  private mutating func parsePower() throws(Diagnostic) -> Expression {
    let base = try parsePostfix()
    let operatorRange = currentRange
    guard eat(symbol: "**") else { return base }
    guard current?.isNumber == true || (current?.isSymbol("-") == true) else {
      throw .syntax(
        "parser.powerNotNumber", "expected a number after '**', found \(found)", at: currentRange,
        notes: [.init("'**' raises every entry to a fixed power, such as 'x ** 2'")])
    }
    return .power(base, try expectNumber("a power"), operatorRange)
  }

  /// postfix := primary { '.T' | '[' int [',' int] ']' }
  private mutating func parsePostfix() throws(Diagnostic) -> Expression {
    var result = try parsePrimary()
    while true {
      let start = currentRange
      if eat(symbol: ".") {
        guard current?.isWord("T") == true else {
          throw .syntax("parser.expectedTranspose", "expected 'T' after '.', found \(found)", at: currentRange,
                        notes: [.init("'.T' transposes a matrix, as in 'W1.T'")])
        }
        advance()
        result = .transpose(result, start.extended(through: previousRange))
      } else if eat(symbol: "[") {
        let row = try expectInteger("a row index", in: 0...Int.max / 2)
        let column = eat(symbol: ",") ? try expectInteger("a column index", in: 0...Int.max / 2) : nil
        try expect(symbol: "]", after: "the index")
        result = .index(result, row, column, start.extended(through: previousRange))
      } else {
        return result
      }
    }
  }

  /// primary := number | literal | name | function '(' expression ')' | '(' expression ')'
  private mutating func parsePrimary() throws(Diagnostic) -> Expression {
    guard let token = current else {
      throw .syntax("parser.expectedExpression", "expected an expression, found the end of the line", at: endRange)
    }
    switch token.kind {
    case .number(let value):
      advance()
      return .number(value, token.range)
    case .word:
      advance()
      guard let function = Function(rawValue: token.text), current?.isSymbol("(") == true else {
        return .name(token.text, token.range)
      }
      advance()
      let argument = try parseExpression()
      try expect(symbol: ")", after: "the argument of '\(function.rawValue)'")
      return .call(function, argument, token.range)
    case .symbol where token.text == "[":
      return .literal(try expectMatrixLiteral("a matrix"))
    case .symbol where token.text == "(":
      advance()
      let inner = try parseExpression()
      try expect(symbol: ")", after: "the expression")
      return inner
    default:
      throw .syntax("parser.expectedExpression", "expected an expression, found '\(token.text)'", at: token.range)
    }
  }
}
