@testable import NNLanguage
import Testing

@Suite("Lexer")
struct LexerTests {
  @Test("words, numbers and symbols, with their columns")
  func tokens() {
    let tokens = Lexer.tokens(in: "layer dense 4 sigmoid", line: 3)
    #expect(tokens.map(\.text) == ["layer", "dense", "4", "sigmoid"])
    #expect(tokens.map(\.range.column) == [1, 7, 13, 15])
    #expect(tokens.allSatisfy { $0.range.line == 3 })
    #expect(tokens[2].kind == .number(4) && tokens[2].integerValue == 4)
  }

  @Test("numbers with fractions and exponents; a minus sign is its own token")
  func numbers() {
    let tokens = Lexer.tokens(in: "lr 1e-3 0.25 -2.5E+2 .5 4.0", line: 1)
    #expect(
      tokens.map(\.kind) == [
        .word, .number(0.001), .number(0.25), .symbol, .number(250), .number(0.5), .number(4),
      ])
    #expect(tokens.last?.integerValue == nil, "4.0 is not written as a whole number")
  }

  @Test("two-character operators are one token")
  func operators() {
    #expect(
      Lexer.tokens(in: "<= >= == != ** < @", line: 1).map(\.text) == [
        "<=", ">=", "==", "!=", "**", "<", "@",
      ])
  }

  @Test("a comment runs to the end of the line, in any language")
  func comments() {
    let tokens = Lexer.tokens(in: "seed 42  # 随机种子：每次都一样", line: 1)
    #expect(tokens.map(\.text) == ["seed", "42"])
    #expect(Lexer.tokens(in: "# 只有注释", line: 1).isEmpty)
  }

  @Test("an unknown character becomes an invalid token instead of stopping the lexer")
  func invalidCharacter() {
    let tokens = Lexer.tokens(in: "lr $ 0.1", line: 1)
    #expect(tokens.map(\.kind) == [.word, .invalid, .number(0.1)])
    #expect(tokens[1].range.column == 4)
  }

  @Test("columns count characters, so text after Chinese lines up")
  func unicodeColumns() {
    let tokens = Lexer.tokens(in: "let 权重 = [1]", line: 1)
    #expect(tokens.map(\.text) == ["let", "权重", "=", "[", "1", "]"])
    #expect(tokens[2].range.column == 8)
  }
}

@Suite("Source files")
struct SourceFileTests {
  @Test("Windows line ends split lines as Unix ones do")
  func lineEnds() {
    #expect(
      SourceFile(name: "a.nn", text: "input 2\r\nsummary\r\n").lines == ["input 2", "summary"])
    #expect(SourceFile(name: "a.nn", text: "input 2\nsummary").lines == ["input 2", "summary"])
  }
}
