/// Markdown prose as a terminal shows it in a lesson: wrapped to the terminal's width, headings
/// in bold, `code` in colour, list bullets as •, `**strong**` in bold, `*emphasis*` in italics and
/// `$…$` math as readable Unicode. Without colour the markup stays as written (except the math,
/// which is always turned into Unicode, and the wrapping).
public enum TerminalProse {
  /// `markdown` laid out in `width` columns (no wrapping when `width` is `nil`).
  public static func render(_ markdown: String, style: TextStyle, width: Int? = nil) -> String {
    var lines: [String] = []
    for block in ProseBlock.parse(markdown) {
      switch block {
      case .gap: lines.append("")
      case .heading(let level, let text):
        let words = self.words(text, style: style, bold: true)
        let marker =
          style == .ansi ? [] : [Word(text: String(repeating: "#", count: level), width: level)]
        lines += wrap(marker + words, width: width, indent: "")
      case .paragraph(let text):
        lines += wrap(self.words(text, style: style), width: width, indent: "")
      case .item(let marker, let text, _):
        let shown = marker == "-" && style == .ansi ? "•" : marker
        let indent = String(repeating: " ", count: TextWidth.of(shown) + 1)
        lines += wrap(
          [Word(text: shown, width: TextWidth.of(shown))] + self.words(text, style: style),
          width: width, indent: indent)
      case .verbatim(let code):
        lines += code.map { style.colored($0, .cyan) }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// A word as shown, with its width in columns (its colour codes take none).
  public struct Word {
    public var text: String
    public var width: Int
    /// Whether a space separates it from the word before; Chinese characters follow each other
    /// with none, and a line may break between any two.
    public var spaced: Bool

    public init(text: String, width: Int, spaced: Bool = true) {
      (self.text, self.width, self.spaced) = (text, width, spaced)
    }
  }

  /// Greedy wrapping: as many words on a line as fit in `width`; later lines start with `indent`.
  /// A word wider than the line gets a line of its own.
  public static func wrap(_ words: [Word], width: Int?, indent: String) -> [String] {
    var lines: [String] = []
    var line = ""
    var used = 0
    for word in words.flatMap({ broken($0, width: (width ?? .max) - indent.count) }) {
      let space = used > 0 && word.spaced ? 1 : 0
      if let width, used > 0, used + space + word.width > width {
        lines.append(line)
        (line, used) = (indent + word.text, indent.count + word.width)
      } else {
        line += (space > 0 ? " " : "") + word.text
        used += space + word.width
      }
    }
    if used > 0 || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// A word wider than `width` in pieces that fit; a colour open at a break is closed there and
  /// opened again on the next line.
  static func broken(_ word: Word, width: Int) -> [Word] {
    guard word.width > width, width > 0 else { return [word] }
    var pieces: [Word] = []
    var current = Word(text: "", width: 0, spaced: word.spaced)
    var escape = ""
    var openStyle = ""
    for character in word.text {
      if !escape.isEmpty || character == "\u{1B}" {
        escape.append(character)
        if character.isLetter {
          openStyle = escape == "\u{1B}[0m" ? "" : escape
          current.text += escape
          escape = ""
        }
        continue
      }
      let columns = TextWidth.of(String(character))
      if current.width + columns > width {
        pieces.append(
          Word(
            text: current.text + (openStyle.isEmpty ? "" : "\u{1B}[0m"), width: current.width,
            spaced: current.spaced))
        current = Word(text: openStyle, width: 0, spaced: false)
      }
      current.text.append(character)
      current.width += columns
    }
    pieces.append(current)
    return pieces
  }

  /// The text's words, styled. A `code` span or a formula is one word, however many spaces it
  /// holds, so that it is never broken across lines.
  static func words(_ text: String, style: TextStyle, bold: Bool = false) -> [Word] {
    var words: [Word] = []
    var current: Word?
    /// Whether a space came before the word about to start.
    var spaced = true
    /// Whether the last character added was a Chinese (wide) one: a line may break after it.
    var afterWide = false
    func add(_ shown: String, width: Int) {
      if current == nil {
        current = Word(text: "", width: 0, spaced: spaced)
        spaced = false
      }
      current?.text += shown
      current?.width += width
    }
    func finish() {
      if let current { words.append(current) }
      current = nil
    }
    func plain(_ piece: String) {
      var run = ""
      func flush() {
        if !run.isEmpty { add(bold ? style.bold(run) : run, width: TextWidth.of(run)) }
        run = ""
      }
      for character in piece {
        let columns = TextWidth.of(String(character))
        // A line may break before or after a wide character, but never before closing punctuation
        // nor after opening punctuation.
        let afterOpening = run.last.map(TerminalProse.opening.contains) ?? false
        if (columns == 2 || afterWide) && !TerminalProse.closing.contains(character)
          && !afterOpening
        {
          flush()
          finish()
        }
        run.append(character)
        afterWide = columns == 2
      }
      flush()
    }
    var rest = Substring(text)
    while let first = rest.first {
      if " `$*".contains(first) { afterWide = false }
      if first == " " {
        finish()
        spaced = true
        rest = rest.dropFirst()
      } else if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
        let code = String(rest[rest.index(after: rest.startIndex)..<end])
        let shown = style == .ansi ? code : "`\(code)`"
        add(style.colored(shown, .cyan, bold: bold), width: TextWidth.of(shown))
        rest = rest[rest.index(after: end)...]
      } else if first == "$", let formula = mathSpan(rest) {
        let shown = MathText.unicode(String(formula.latex))
        add(bold ? style.bold(shown) : shown, width: TextWidth.of(shown))
        rest = formula.rest
      } else if style == .ansi, rest.hasPrefix("**"),
        let end = rest.dropFirst(2).firstRange(of: "**")
      {
        let inner = self.words(
          String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]), style: style,
          bold: true)
        for (index, word) in inner.enumerated() {
          if index > 0 {
            finish()
            spaced = word.spaced
          }
          add(word.text, width: word.width)
        }
        rest = rest[end.upperBound...]
      } else if style == .ansi, first == "*",
        rest.dropFirst().first.map({ $0 != " " && $0 != "*" }) == true,
        let end = rest.dropFirst().firstIndex(of: "*")
      {
        let inner = String(rest[rest.index(after: rest.startIndex)..<end])
        for (index, piece) in inner.split(separator: " ").enumerated() {
          if index > 0 {
            finish()
            spaced = true
          }
          add("\u{1B}[3m\(piece)\u{1B}[0m", width: TextWidth.of(String(piece)))
        }
        rest = rest[rest.index(after: end)...]
      } else {
        let piece = rest.prefix { $0 != " " && $0 != "`" && $0 != "$" && $0 != "*" }
        let taken = piece.isEmpty ? String(first) : String(piece)
        plain(taken)
        rest = rest.dropFirst(taken.count)
      }
    }
    finish()
    return words
  }

  /// Punctuation a line must not start with: it stays with the character before it.
  static let closing: Set<Character> = [
    "，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》", "〉", "】", ",", ".", ";", ":", "?", "!",
    ")",
  ]

  /// Punctuation a line must not end with: it stays with the character after it.
  static let opening: Set<Character> = ["（", "「", "『", "《", "〈", "【", "(", "“", "‘"]

  /// `$…$` at the start of `text`: the formula inside and what follows. As in Pandoc, the
  /// opening `$` is followed by a non-space and the closing one preceded by one, so "$5 and $6"
  /// is not math.
  static func mathSpan(_ text: Substring) -> (latex: Substring, rest: Substring)? {
    let inner = text.dropFirst()
    guard let firstCharacter = inner.first, firstCharacter != " ", firstCharacter != "$",
      let end = inner.firstIndex(of: "$"), end > inner.startIndex,
      inner[inner.index(before: end)] != " "
    else { return nil }
    return (inner[..<end], inner[inner.index(after: end)...])
  }
}
