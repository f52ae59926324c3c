/// Lesson prose read as Markdown blocks: headings, paragraphs, list items and verbatim code.
/// The terminal and the HTML export lay out the same blocks, so they agree on what a lesson says.
enum ProseBlock: Equatable {
  case heading(level: Int, text: String)
  /// Consecutive lines joined with spaces.
  case paragraph(String)
  /// A list item: its marker (`-` or `3.`), its text with continuation lines joined, and
  /// whether the list is numbered.
  case item(marker: String, text: String, numbered: Bool)
  /// A fenced ``` block, kept line for line.
  case verbatim([String])
  /// An empty line between blocks.
  case gap

  static func parse(_ markdown: String) -> [ProseBlock] {
    var blocks: [ProseBlock] = []
    var fence: [String]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      let trimmed = line.trimmingBlanks()
      if trimmed.hasPrefix("```") {
        if let lines = fence { blocks.append(.verbatim(lines)); fence = nil } else { fence = [] }
        continue
      }
      if fence != nil { fence?.append(line); continue }
      if trimmed.isEmpty {
        if let last = blocks.last, last != .gap { blocks.append(.gap) }
      } else if let level = headingLevel(trimmed) {
        blocks.append(.heading(level: level, text: String(trimmed.dropFirst(level + 1))))
      } else if let item = listItem(trimmed) {
        blocks.append(.item(marker: item.marker, text: item.text, numbered: item.numbered))
      } else if case .item(let marker, let text, let numbered)? = blocks.last, line.hasPrefix("  ")
      {
        blocks[blocks.count - 1] = .item(
          marker: marker, text: joined(text, trimmed), numbered: numbered)
      } else if case .paragraph(let text)? = blocks.last {
        blocks[blocks.count - 1] = .paragraph(joined(text, trimmed))
      } else {
        blocks.append(.paragraph(trimmed))
      }
    }
    if let lines = fence { blocks.append(.verbatim(lines)) }
    while blocks.last == .gap { blocks.removeLast() }
    return blocks
  }

  /// Two lines of one paragraph: with a space between, as Markdown joins them — except between
  /// Chinese characters, which are written without spaces.
  static func joined(_ first: String, _ second: String) -> String {
    let wide = { (character: Character?) in character.map { TextWidth.of(String($0)) == 2 } ?? false
    }
    return wide(first.last) && wide(second.first) ? first + second : first + " " + second
  }

  private static func headingLevel(_ line: String) -> Int? {
    let hashes = line.prefix { $0 == "#" }.count
    return (1...6).contains(hashes) && line.dropFirst(hashes).hasPrefix(" ") ? hashes : nil
  }

  private static func listItem(_ line: String) -> (marker: String, text: String, numbered: Bool)? {
    if line.hasPrefix("- ") || line.hasPrefix("* ") {
      return ("-", String(line.dropFirst(2)), false)
    }
    let digits = line.prefix { $0.isNumber }
    if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
      return (digits + ".", String(line.dropFirst(digits.count + 2)), true)
    }
    return nil
  }
}
