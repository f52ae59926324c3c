/// Text broken into lines that fit a width, at spaces: never inside a word, unless the word alone
/// is wider than a line.
///
/// Prose (`wrap`, and help's definition lists) is measured for breaking with East Asian
/// Ambiguous characters (α ∇ ∂ … ±) two columns wide, as a terminal in a Chinese, Japanese or
/// Korean locale draws them, so a wrapped line fits there too and elsewhere ends a column or two
/// early; a table's cells are measured as their columns are, by their real width.
public enum TextWrap {
  /// `text`'s words in lines of at most `width` columns. The first line starts after `indent`
  /// columns that are already taken (and are not part of the result); the others will be indented
  /// by `hanging` columns (not part of the result either). `measure` is what a word takes.
  public static func lines(
    _ text: String, width: Int, indent: Int = 0, hanging: Int = 0,
    measure: (String) -> Int = TextWidth.of
  ) -> [String] {
    let words = text.split(separator: " ").flatMap {
      pieces(of: String($0), room: max(1, width - hanging), measure: measure)
    }
    var lines: [String] = []
    var line = ""
    var used = indent
    for word in words {
      let wordWidth = measure(word)
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
  /// `measure` is what a piece of text takes: prose's most columns by default, a table's real ones.
  public static func wrap(
    line: String, width: Int, measure: (String) -> Int = TextWidth.room
  ) -> String {
    guard measure(line) > width else { return line }
    let leading = String(line.prefix { $0 == " " })
    var (head, rest, hanging) = (leading, String(line.dropFirst(leading.count)), leading.count)
    if let colon = rest.firstRange(of: ": "), colon.lowerBound > rest.startIndex,
      rest[..<colon.lowerBound].allSatisfy(\.isUppercase)
    {
      // A heading such as "USAGE: …": the rest hangs under its first word.
      let term = leading + String(rest[..<colon.upperBound])
      (head, rest, hanging) = (term, String(rest[colon.upperBound...]), TextWidth.of(term))
    } else if let gap = rest.firstRange(of: "   "),
      let start = rest[gap.upperBound...].firstIndex(where: { $0 != " " })
    {
      let term = leading + String(rest[..<start])
      if TextWidth.of(term) <= width / 2 {
        (head, rest, hanging) = (term, String(rest[start...]), TextWidth.of(term))
      }
    }
    let pieces = lines(
      rest, width: width, indent: measure(head), hanging: hanging, measure: measure)
    let padding = String(repeating: " ", count: hanging)
    return ([head + pieces[0]] + pieces.dropFirst().map { padding + $0 }).map {
      $0.trimmingTrailingSpaces()
    }
    .joined(separator: "\n")
  }

  /// Every line of `text` wrapped to `width`.
  public static func wrap(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      wrap(line: String($0), width: width)
    }
    .joined(separator: "\n")
  }

  /// Hand-broken prose joined again, one line per paragraph, so that `wrap` breaks it for the
  /// width it is shown at. Help is written in the source at about 95 columns; kept as it is, a
  /// terminal of 80 breaks every line once more and leaves a short line after each long one.
  ///
  /// A line continues the one before when it is prose at that paragraph's margin: the column
  /// a `term   description` line's description starts at, otherwise the paragraph's own
  /// indentation, or two more after its first line (a hanging indent). A blank line, a line
  /// ending in ':' and a laid-out line (two gaps of two spaces or more, as in a formula or a row
  /// of a table) are never joined to or from.
  public static func reflow(_ text: String) -> String {
    var lines: [String] = []
    var margins: [Int] = []  // where a continuation of the last line may start; none: it has none
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      let indentation = line.prefix { $0 == " " }.count
      let layout = Layout(of: line, indentation: indentation)
      let continues = layout == .prose && margins.contains(indentation)
      if continues, let last = lines.last {
        lines[lines.count - 1] = last + " " + line.dropFirst(indentation)
      } else {
        lines.append(line)
      }
      switch layout {
      case _ where line.hasSuffix(":"): margins = []
      case .prose: margins = continues ? [indentation] : [indentation, indentation + 2]
      case .entry(let description): margins = [description]
      case .blank, .laidOut: margins = []
      }
    }
    return lines.joined(separator: "\n")
  }

  /// How a line of help is laid out, for `reflow`.
  private enum Layout: Equatable {
    case blank, prose, laidOut
    /// `term   description`; the description starts at this column.
    case entry(description: Int)

    init(of line: String, indentation: Int) {
      let text = line.dropFirst(indentation)
      guard !text.isEmpty else {
        self = .blank
        return
      }
      // The gaps of two spaces or more inside the text: where each ends, and how wide it is.
      var gaps: [(end: Int, width: Int)] = []
      var (column, run) = (indentation, 0)
      for character in text {
        if character == " " {
          run += 1
        } else {
          if run >= 2 { gaps.append((column, run)) }
          run = 0
        }
        column += TextWidth.of(String(character))
      }
      switch gaps.count {
      case 0: self = .prose
      case 1 where gaps[0].width >= 3 && gaps[0].end - gaps[0].width - indentation <= 30:
        self = .entry(description: gaps[0].end)
      default: self = .laidOut
      }
    }
  }

  /// `word` cut into pieces of at most `room` columns (only a word wider than a whole line is cut).
  private static func pieces(of word: String, room: Int, measure: (String) -> Int) -> [String] {
    guard measure(word) > room else { return [word] }
    var pieces: [String] = []
    var piece = ""
    for character in word {
      if !piece.isEmpty && measure(piece + String(character)) > room {
        pieces.append(piece)
        piece = ""
      }
      piece.append(character)
    }
    return pieces + [piece]
  }
}
