/// One word, number or symbol of a line, with where it is.
public struct Token: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    /// A name or keyword: `layer`, `sigmoid`, `W1`. Letters, digits and `_`, not starting with a digit.
    case word
    /// A number, such as `4`, `0.1` or `1e-6`. A leading minus sign is a separate symbol.
    case number(Double)
    /// Punctuation or an operator: `[ ] ( ) , = == != < <= > >= + - * / ** @ . :`.
    case symbol
    /// Text in double quotes, such as a file name with spaces: `"my data.csv"`. The token's
    /// text is what is between the quotes.
    case string
    /// `???`: a blank in an exercise, for the student to fill in.
    case blank
    /// A character that no token starts with. The lexer reports it and moves on.
    case invalid
  }

  public var kind: Kind
  /// The text exactly as written.
  public var text: String
  public var range: SourceRange

  public init(_ kind: Kind, _ text: String, _ range: SourceRange) {
    self.kind = kind
    self.text = text
    self.range = range
  }

  /// Whether this is the word `word`.
  public func isWord(_ word: String) -> Bool { kind == .word && text == word }

  /// Whether this is the symbol `symbol`.
  public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

  /// The value of a number token written without a fraction or exponent, such as `4` (not `4.0`),
  /// read from its digits rather than from the `Double`, so that it is exact past 2⁵³; `nil`
  /// past `Int.max`.
  public var integerValue: Int? {
    guard case .number = kind, text.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(text)
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Token {
  /// Whether this is a number.
  public var isNumber: Bool {
    if case .number = kind { return true }
    return false
  }
}
