/// Splits one line into tokens. It never fails: a character that starts no token becomes an
/// `.invalid` token, which the parser reports with its position.
///
/// Everything from `#` to the end of the line is a comment, which the lexer skips.
public enum Lexer {
  /// Symbols of two characters, tried before the one-character ones.
  static let twoCharacterSymbols: Set<String> = ["==", "!=", "<=", ">=", "**"]
  /// Symbols of one character.
  static let oneCharacterSymbols: Set<Character> = [
    "[", "]", "(", ")", ",", "=", "<", ">", "+", "-", "*", "/", "@", ".", ":", "?",
  ]

  /// The tokens of `text`, which is line `line` of its source.
  public static func tokens(in text: String, line: Int) -> [Token] {
    let characters = Array(text)
    var tokens: [Token] = []
    var i = 0
    func range(from start: Int) -> SourceRange {
      SourceRange(line: line, column: start + 1, length: i - start)
    }
    while i < characters.count {
      let c = characters[i]
      let start = i
      if c == "#" { break }
      if c.isWhitespace {
        i += 1
      } else if c.isLetter || c == "_" {
        while i < characters.count,
          characters[i].isLetter || characters[i].isNumber || characters[i] == "_"
        {
          i += 1
        }
        tokens.append(Token(.word, String(characters[start..<i]), range(from: start)))
      } else if c == "\"" {
        i += 1
        while i < characters.count, characters[i] != "\"" { i += 1 }
        let closed = i < characters.count
        let text = String(characters[(start + 1)..<i])
        if closed { i += 1 }
        tokens.append(Token(closed ? .string : .invalid, closed ? text : "\"", range(from: start)))
      } else if c.isASCIIDigit
        || (c == "." && i + 1 < characters.count && characters[i + 1].isASCIIDigit)
      {
        i = endOfNumber(in: characters, from: i)
        let text = String(characters[start..<i])
        tokens.append(Token(.number(Double(text) ?? .nan), text, range(from: start)))
      } else if c == "?", i + 2 < characters.count, characters[i + 1] == "?",
        characters[i + 2] == "?"
      {
        i += 3
        tokens.append(Token(.blank, "???", range(from: start)))
      } else if i + 1 < characters.count,
        twoCharacterSymbols.contains(String(characters[i...(i + 1)]))
      {
        i += 2
        tokens.append(Token(.symbol, String(characters[start..<i]), range(from: start)))
      } else {
        i += 1
        let kind: Token.Kind = oneCharacterSymbols.contains(c) ? .symbol : .invalid
        tokens.append(Token(kind, String(c), range(from: start)))
      }
    }
    return tokens
  }

  /// The index just past the number starting at `start`: digits, an optional fraction, and an
  /// optional exponent (`1e-6`, `2.5E+3`).
  private static func endOfNumber(in characters: [Character], from start: Int) -> Int {
    var i = start
    func digits() { while i < characters.count, characters[i].isASCIIDigit { i += 1 } }
    digits()
    if i < characters.count, characters[i] == "." { i += 1; digits() }
    if i < characters.count, characters[i] == "e" || characters[i] == "E" {
      var j = i + 1
      if j < characters.count, characters[j] == "+" || characters[j] == "-" { j += 1 }
      if j < characters.count, characters[j].isASCIIDigit {
        i = j
        digits()
      }
    }
    return i
  }
}
