/// A cursor over one line's tokens, with the small reading steps every command's parser shares:
/// take a word, a whole number, a number, a keyword from a list, a matrix literal, the end.
///
/// Each step either returns what it read or throws a syntax `Diagnostic` that points at the
/// offending token and says what was expected and what was found.
public struct Parser {
  /// The line being read, for messages and for commands that take the rest of it as text.
  public let text: String
  let tokens: [Token]
  private(set) var position = 0
  let line: Int
  /// How many brackets and minus signs of an expression are open at the current token.
  var nesting = 0

  public init(text: String, line: Int) {
    self.text = text
    self.line = line
    self.tokens = Lexer.tokens(in: text, line: line)
  }

  /// The next token, or `nil` at the end of the line.
  public var current: Token? { position < tokens.count ? tokens[position] : nil }

  /// Whether every token has been read.
  public var isAtEnd: Bool { position >= tokens.count }

  /// Where "the end of the line" is, for messages about something missing.
  var endRange: SourceRange {
    let last = tokens.last.map { $0.range.column + $0.range.length } ?? (Array(text).count + 1)
    return SourceRange(line: line, column: last + 1, length: 1)
  }

  /// The range of the current token, or the end of the line.
  var currentRange: SourceRange { current?.range ?? endRange }

  /// A description of the current token for "found …" in messages.
  var found: String { current.map { "'\($0.text)'" } ?? "the end of the line" }

  /// Moves past the current token and returns it.
  @discardableResult
  mutating func advance() -> Token? {
    defer { position += 1 }
    return current
  }

  /// Reads the symbol `symbol` if it is next.
  mutating func eat(symbol: String) -> Bool {
    guard current?.isSymbol(symbol) == true else { return false }
    position += 1
    return true
  }

  /// Reads the word `word` if it is next.
  mutating func eat(word: String) -> Bool {
    guard current?.isWord(word) == true else { return false }
    position += 1
    return true
  }

  /// Reads the symbol `symbol`, or fails saying it was expected after `context`.
  mutating func expect(symbol: String, after context: String) throws(Diagnostic) {
    guard eat(symbol: symbol) else {
      throw Diagnostic(.expectedSymbol(symbol, after: context, found: found), at: currentRange)
    }
  }

  /// Reads the word `word`, or fails with a suggestion if something close to it was written.
  mutating func expect(word: String, after context: String) throws(Diagnostic) {
    guard eat(word: word) else {
      var error = Diagnostic(.expectedWord(word, after: context, found: found), at: currentRange)
      if let current, current.kind == .word {
        error.notes = Suggestions.note(for: current.text, among: [word], at: current.range)
      }
      throw error
    }
  }

  /// Reads a word (a name).
  mutating func expectWord(_ what: String) throws(Diagnostic) -> Token {
    guard let token = current, token.kind == .word else {
      throw Diagnostic(.expectedName(what, found: found), at: currentRange)
    }
    position += 1
    return token
  }

  /// Reads a whole number in `range`, such as a count of units or epochs.
  mutating func expectInteger(_ what: String, in allowed: ClosedRange<Int>) throws(Diagnostic)
    -> Int
  {
    guard let token = current, case .number = token.kind else {
      throw Diagnostic(.expectedInteger(what, found: found), at: currentRange)
    }
    guard token.text.allSatisfy(\.isASCIIDigit) else {
      throw Diagnostic(.expectedWholeNumber(what, found: token.text), at: token.range)
    }
    guard let value = token.integerValue, allowed.contains(value) else {
      throw Diagnostic(
        .integerOutOfRange(what, allowed: allowed, found: token.text), at: token.range)
    }
    position += 1
    return value
  }

  /// Reads a number, with an optional leading minus sign.
  mutating func expectNumber(_ what: String) throws(Diagnostic) -> Double {
    let start = currentRange
    let negative = eat(symbol: "-")
    guard let token = current, case .number(let value) = token.kind else {
      throw Diagnostic(.expectedNumber(what, found: found), at: negative ? currentRange : start)
    }
    position += 1
    return negative ? -value : value
  }

  /// Reads one of a keyword type's words, such as an activation, suggesting the closest one when
  /// the word is not known.
  mutating func expectKeyword<Keyword: RawRepresentable & CaseIterable>(
    _ type: Keyword.Type, _ what: String
  ) throws(Diagnostic) -> Keyword where Keyword.RawValue == String {
    let names = Keyword.allCases.map(\.rawValue)
    let choices = names.map { "'\($0)'" }.joined(separator: ", ")
    guard let token = current, token.kind == .word else {
      throw Diagnostic(.expectedKeyword(what, choices: choices, found: found), at: currentRange)
    }
    guard let keyword = Keyword(rawValue: token.text) else {
      var notes = Suggestions.note(for: token.text, among: names, at: token.range)
      if notes.isEmpty { notes = [Diagnostic.Note("\(what) is one of \(choices)")] }
      throw Diagnostic(.unknownKeyword(what, token.text), at: token.range, notes: notes)
    }
    position += 1
    return keyword
  }

  /// Fails unless the whole line has been read: something is left over after `context`.
  func expectEnd(after context: String) throws(Diagnostic) {
    guard let token = current else { return }
    throw Diagnostic(.unexpectedToken(token.text, after: context), at: token.range)
  }

  /// The text of the line from the current token on, for commands that run another line.
  mutating func restOfLine() -> (text: String, column: Int)? {
    guard let token = current else { return nil }
    position = tokens.count
    let start = token.range.column - 1
    return (String(Array(text)[start...]), token.range.column)
  }
}

extension Diagnostic {
  /// A syntax error: the line could not be read.
  static func syntax(_ id: String, _ message: String, at range: SourceRange?, notes: [Note] = [])
    -> Diagnostic
  {
    Diagnostic(.error, .syntax, id: id, message, at: range, notes: notes)
  }

  /// A runtime error: the line was read but cannot run in this session.
  static func runtime(
    _ id: String, _ message: String, at range: SourceRange? = nil, notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.error, .runtime, id: id, message, at: range, notes: notes)
  }

  /// A warning: the line runs, but what it asks for is doubtful.
  static func warning(
    _ id: String, _ message: String, at range: SourceRange? = nil, notes: [Note] = []
  ) -> Diagnostic {
    Diagnostic(.warning, .runtime, id: id, message, at: range, notes: notes)
  }
}

extension Parser {
  /// The text of the line from the start of `first` to the end of `last`, as written.
  func source(from first: SourceRange, through last: SourceRange) -> String {
    let characters = Array(text)
    let start = min(max(first.column - 1, 0), characters.count)
    let end = min(max(last.column - 1 + last.length, start), characters.count)
    return String(characters[start..<end])
  }
}

extension Parser {
  /// A file path: a quoted string, or characters up to the next space (`data/iris.csv`).
  mutating func expectPath(_ what: String) throws(Diagnostic) -> (path: String, range: SourceRange)
  {
    guard let first = current else {
      throw Diagnostic(.expectedPath(what), at: endRange)
    }
    if first.kind == .string {
      advance()
      return (first.text, first.range)
    }
    var last = first
    advance()
    while let next = current, next.kind != .string,
      next.range.column == last.range.column + last.range.length
    {
      last = next
      advance()
    }
    let range = first.range.extended(through: last.range)
    return (source(from: first.range, through: last.range), range)
  }
}
