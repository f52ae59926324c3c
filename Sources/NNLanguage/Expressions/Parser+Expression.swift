import NNRender

/// The grammar of expressions, lowest precedence first (as in Crafting Interpreters' `expression`
/// rules, one function per rule):
///
///     expression     := multiplicative { ('+' | '-') multiplicative }
///     multiplicative := unary { ('*' | '/' | '@') unary }
///     unary          := '-' unary | power
///     power          := postfix [ '**' ['-'] number ]
///     postfix        := primary { '.T' | '[' int [',' int] ']' }
///     primary        := number | literal | name | function '(' expression ')' | '(' expression ')'
///
/// Every operation may sit at most `Limits.expressionDepth` operations deep (a long sum
/// `1 + 1 + …` is a tree as deep as it is long), and brackets, calls and minus signs nest at most
/// `Limits.nesting` deep (each level is six calls of the rules below). The parser and the tree's
/// own destruction recurse that deep, so bounding it here is what keeps a hostile line from
/// overflowing the stack.
extension Parser {
  /// expression := multiplicative { ('+' | '-') multiplicative }
  mutating func parseExpression() throws(Diagnostic) -> Expression {
    try parseSum().expression
  }

  /// An expression and how many operations deep it is.
  struct Tree {
    var expression: Expression
    var depth: Int
  }

  /// `.binary(op, lhs, rhs)`, refused if it would sit deeper than the limit.
  private func combine(_ op: BinaryOperator, _ lhs: Tree, _ rhs: Tree, at range: SourceRange)
    throws(Diagnostic) -> Tree
  {
    try deeper(
      Tree(
        expression: .binary(op, lhs.expression, rhs.expression, range),
        depth: max(lhs.depth, rhs.depth) + 1), at: range)
  }

  /// `tree`, unless it is deeper than `Limits.expressionDepth`.
  private func deeper(_ tree: Tree, at range: SourceRange) throws(Diagnostic) -> Tree {
    guard tree.depth > Limits.expressionDepth else { return tree }
    throw Parser.tooDeep(at: range)
  }

  /// The refusal of an expression nested too deep.
  static func tooDeep(at range: SourceRange) -> Diagnostic {
    Diagnostic(
      .expressionTooDeep(limit: Limits.expressionDepth), at: range,
      notes: [
        .init(
          "an expression is at most \(NumberFormat.grouped(Limits.expressionDepth)) operations deep; name parts of it with 'let' and combine the names"
        )
      ])
  }

  /// Counts one more bracket, call or minus sign being read, refusing the one past
  /// `Limits.nesting` before reading further, so that the parser's own recursion stays bounded.
  private mutating func enter(at range: SourceRange) throws(Diagnostic) {
    guard nesting < Limits.nesting else {
      throw Diagnostic(
        .nestingTooDeep(limit: Limits.nesting), at: range,
        notes: [
          .init(
            "they may nest at most \(Limits.nesting) deep; name the inner part with 'let' and use the name"
          )
        ])
    }
    nesting += 1
  }

  /// expression := multiplicative { ('+' | '-') multiplicative }
  private mutating func parseSum() throws(Diagnostic) -> Tree {
    var result = try parseMultiplicative()
    while let token = current, let op = BinaryOperator(rawValue: token.text),
      op == .add || op == .subtract,
      token.kind == .symbol
    {
      advance()
      result = try combine(op, result, try parseMultiplicative(), at: token.range)
    }
    return result
  }

  /// multiplicative := unary { ('*' | '/' | '@') unary }
  private mutating func parseMultiplicative() throws(Diagnostic) -> Tree {
    var result = try parseUnary()
    while let token = current, token.kind == .symbol, let op = BinaryOperator(rawValue: token.text),
      op == .multiply || op == .divide || op == .matmul
    {
      advance()
      result = try combine(op, result, try parseUnary(), at: token.range)
    }
    return result
  }

  /// unary := '-' unary | power
  private mutating func parseUnary() throws(Diagnostic) -> Tree {
    let start = currentRange
    guard eat(symbol: "-") else { return try parsePower() }
    try enter(at: start)
    defer { nesting -= 1 }
    let operand = try parseUnary()
    return try deeper(
      Tree(expression: .negate(operand.expression, start), depth: operand.depth + 1), at: start)
  }

  /// power := postfix [ '**' ['-'] number ]
  private mutating func parsePower() throws(Diagnostic) -> Tree {
    let base = try parsePostfix()
    let operatorRange = currentRange
    guard eat(symbol: "**") else { return base }
    guard current?.isNumber == true || (current?.isSymbol("-") == true) else {
      throw Diagnostic(
        .powerNotNumber(found: found), at: currentRange,
        notes: [.init("'**' raises every entry to a fixed power, such as 'x ** 2'")])
    }
    let power = try expectNumber("a power")
    return try deeper(
      Tree(expression: .power(base.expression, power, operatorRange), depth: base.depth + 1),
      at: operatorRange)
  }

  /// postfix := primary { '.T' | '[' int [',' int] ']' }
  private mutating func parsePostfix() throws(Diagnostic) -> Tree {
    var result = try parsePrimary()
    while true {
      let start = currentRange
      if eat(symbol: ".") {
        guard current?.isWord("T") == true else {
          throw Diagnostic(
            .expectedTranspose(found: found), at: currentRange,
            notes: [.init("'.T' transposes a matrix, as in 'W1.T'")])
        }
        advance()
        let range = start.extended(through: previousRange)
        result = try deeper(
          Tree(expression: .transpose(result.expression, range), depth: result.depth + 1), at: range
        )
      } else if eat(symbol: "[") {
        let row = try expectInteger("a row index", in: 0...Int.max / 2)
        let column =
          eat(symbol: ",") ? try expectInteger("a column index", in: 0...Int.max / 2) : nil
        try expect(symbol: "]", after: "the index")
        let range = start.extended(through: previousRange)
        result = try deeper(
          Tree(expression: .index(result.expression, row, column, range), depth: result.depth + 1),
          at: range)
      } else {
        return result
      }
    }
  }

  /// primary := number | literal | name | function '(' expression ')' | '(' expression ')'
  private mutating func parsePrimary() throws(Diagnostic) -> Tree {
    guard let token = current else {
      throw Diagnostic(.expectedExpression(found: "the end of the line"), at: endRange)
    }
    switch token.kind {
    case .number(let value):
      advance()
      return Tree(expression: .number(value, token.range), depth: 1)
    case .word:
      advance()
      guard let function = Function(rawValue: token.text), current?.isSymbol("(") == true else {
        return Tree(expression: .name(token.text, token.range), depth: 1)
      }
      try enter(at: currentRange)
      defer { nesting -= 1 }
      advance()
      let argument = try parseSum()
      try expect(symbol: ")", after: "the argument of '\(function.rawValue)'")
      return try deeper(
        Tree(
          expression: .call(function, argument.expression, token.range), depth: argument.depth + 1),
        at: token.range)
    case .symbol where token.text == "[":
      return Tree(expression: .literal(try expectMatrixLiteral("a matrix")), depth: 1)
    case .symbol where token.text == "(":
      try enter(at: token.range)
      defer { nesting -= 1 }
      advance()
      let inner = try parseSum()
      try expect(symbol: ")", after: "the expression")
      return inner
    default:
      throw Diagnostic(.expectedExpression(found: "'\(token.text)'"), at: token.range)
    }
  }
}
