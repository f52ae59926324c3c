/// Text broken into lines that fit a width, at spaces: never inside a word, unless the word alone
/// is wider than a line.
public enum TextWrap {
  /// `text`'s words in lines of at most `width` columns. The first line starts after `indent`
  /// columns that are already taken (and are not part of the result); the others will be indented
  /// by `hanging` columns (not part of the result either).
  public static func lines(_ text: String, width: Int, indent: Int = 0, hanging: Int = 0) -> [String] {
    let words = text.split(separator: " ").flatMap { pieces(of: String($0), room: max(1, width - hanging)) }
    var lines: [String] = []
    var line = ""
    var used = indent
    for word in words {
      let wordWidth = TextWidth.of(word)
      if line.isEmpty && lines.isEmpty && indent > hanging && indent + wordWidth > width {
        lines.append("")  // not even the first word fits beside what is already there
        used = hanging
      }
      if line.isEmpty {
        line = word
        used += wordWidth
      } else if used + 1 + wordWidth <= width {
        line += " " + word
        used += 1 + wordWidth
      } else {
        lines.append(line)
        line = word
        used = hanging + wordWidth
      }
    }
    return lines + [line]
  }

  /// One line of text wrapped to `width`. The continuation lines line up with the line's own
  /// indentation; for a line laid out as `term   description` (three spaces or more after the
  /// term), with the description, as `man` does; for `USAGE: …`, with the text after the colon.
  public static func wrap(line: String, width: Int) -> String {
    guard TextWidth.of(line) > width else { return line }
    let leading = String(line.prefix { $0 == " " })
    var (head, rest, hanging) = (leading, String(line.dropFirst(leading.count)), leading.count)
    if let colon = rest.firstRange(of: ": "), colon.lowerBound > rest.startIndex, rest[..<colon.lowerBound].allSatisfy(\.isUppercase) {
      // A heading such as "USAGE: …": the rest hangs under its first word.
      let term = leading + String(rest[..<colon.upperBound])
      (head, rest, hanging) = (term, String(rest[colon.upperBound...]), TextWidth.of(term))
    } else if let gap = rest.firstRange(of: "   "), let start = rest[gap.upperBound...].firstIndex(where: { $0 != " " }) {
      let term = leading + String(rest[..<start])
      if TextWidth.of(term) <= width / 2 { (head, rest, hanging) = (term, String(rest[start...]), TextWidth.of(term)) }
    }
    let pieces = lines(rest, width: width, indent: TextWidth.of(head), hanging: hanging)
    let padding = String(repeating: " ", count: hanging)
    return ([head + pieces[0]] + pieces.dropFirst().map { padding + $0 }).map { $0.trimmingTrailingSpaces() }
      .joined(separator: "\n")
  }

  /// Every line of `text` wrapped to `width`.
  public static func wrap(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { wrap(line: String($0), width: width) }
      .joined(separator: "\n")
  }

  /// `word` cut into pieces of at most `room` columns (only a word wider than a whole line is cut).
  private static func pieces(of word: String, room: Int) -> [String] {
    guard TextWidth.of(word) > room else { return [word] }
    var pieces: [String] = []
    var piece = ""
    for character in word {
      if !piece.isEmpty && TextWidth.of(piece + String(character)) > room {
        pieces.append(piece)
        piece = ""
      }
      piece.append(character)
    }
    return pieces + [piece]
  }
}
