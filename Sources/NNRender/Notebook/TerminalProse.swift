/// Markdown prose as a terminal shows it in step mode: headings in bold, `code` in colour, list
/// bullets as •, and `**strong**` in bold. Without colour the text is left as written.
public enum TerminalProse {
  public static func render(_ markdown: String, style: TextStyle) -> String {
    markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let text = String(line)
      let hashes = text.prefix { $0 == "#" }.count
      if hashes > 0, text.dropFirst(hashes).hasPrefix(" ") {
        let title = String(text.dropFirst(hashes + 1))
        return style == .ansi ? style.bold(title) : text
      }
      guard style == .ansi else { return text }
      let bulleted = text.hasPrefix("- ") ? "• " + text.dropFirst(2) : text
      return inline(bulleted, style)
    }.joined(separator: "\n")
  }

  private static func inline(_ text: String, _ style: TextStyle) -> String {
    var result = ""
    var rest = Substring(text)
    while let first = rest.first {
      if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
        result += style.colored(String(rest[rest.index(after: rest.startIndex)..<end]), .cyan)
        rest = rest[rest.index(after: end)...]
      } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).firstRange(of: "**") {
        result += style.bold(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]))
        rest = rest[end.upperBound...]
      } else {
        result.append(first)
        rest = rest.dropFirst()
      }
    }
    return result
  }
}
