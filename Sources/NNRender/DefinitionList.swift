/// Terms and what they mean, such as `help`'s commands and their summaries, under a title.
///
/// Laid out for the width it is given, as `git help` and `man` do: a short term has its
/// description beside it, in a column; a long term (a command's full grammar) has a line of its
/// own, with the description indented under it. Lines are never padded at the end.
public struct DefinitionList: Equatable, Sendable {
  public struct Entry: Equatable, Sendable {
    public var term: String
    public var description: String

    public init(_ term: String, _ description: String) {
      self.term = term
      self.description = description
    }
  }

  public var title: String
  public var entries: [Entry]

  public init(title: String, entries: [Entry]) {
    self.title = title
    self.entries = entries
  }

  /// The list as lines of at most `width` columns (but for a word wider than that).
  public func rendered(width: Int) -> String {
    let indent = 2
    // The description column: after the widest term that is no longer than a third of the line.
    let shortTerms = entries.map { TextWidth.of($0.term) }.filter { $0 <= max(12, width / 3) }
    let column = indent + (shortTerms.max() ?? 0) + 3
    let beside = width - column >= 24
    let descriptionIndent = beside ? column : indent + 4
    var lines = [title]
    for entry in entries {
      let termWidth = TextWidth.of(entry.term)
      if beside && indent + termWidth + 3 <= column {
        let head =
          String(repeating: " ", count: indent) + TextWidth.pad(entry.term, to: column - indent)
        // Where the term's α or … are drawn two columns wide, its description starts later.
        let shift = TextWidth.room(entry.term) - termWidth
        let body = TextWrap.lines(
          entry.description, width: width, indent: column + shift, hanging: column,
          measure: TextWidth.room)
        lines.append(head + body[0])
        lines += body.dropFirst().map { String(repeating: " ", count: column) + $0 }
      } else {
        lines += TextWrap.lines(
          entry.term, width: width - indent, hanging: 2, measure: TextWidth.room
        ).enumerated().map {
          String(repeating: " ", count: indent + ($0.offset == 0 ? 0 : 2)) + $0.element
        }
        lines += TextWrap.lines(
          entry.description, width: width, indent: descriptionIndent, hanging: descriptionIndent,
          measure: TextWidth.room
        )
        .map { String(repeating: " ", count: descriptionIndent) + $0 }
      }
    }
    return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
  }
}
