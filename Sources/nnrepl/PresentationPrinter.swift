import NNLanguage
import NNRender

/// Shows a lesson's events in a walk through it: like `EventPrinter`, but each line of a result
/// fits the terminal. Results are laid out for its width; a line still wider than that (a wide
/// table) is cut with "…", and the result then says it was cut — nothing runs off the edge
/// unannounced.
struct PresentationPrinter {
  let printer: EventPrinter
  /// The columns to fit.
  let width: Int

  var console: Console { printer.console }

  func show(_ event: Event, line: Int, source: SourceFile) {
    if case .diagnostic(let diagnostic) = event {
      printer.clearProgress()
      console.err(fitted(printer.describe(diagnostic, source: source)))
      return
    }
    guard case .output(let output) = event, output.kind != "progress", output.kind != "text" else {
      printer.show(event, line: line, source: source)
      return
    }
    printer.clearProgress()
    // Laid out for the width first, as the REPL lays it out (a matrix keeps fewer corner
    // columns, a plot draws narrower); the cut below is for what cannot narrow, a wide table.
    let text = TerminalRenderer(style: console.outputStyle, width: width).render(output)
    if case .message = output {
      // A sentence wraps, as prose does; only tables, plots and matrices are cut.
      console.out(fitted(text))
      return
    }
    var cut = false
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      line -> String in
      guard ShownText.width(of: String(line)) > width else { return String(line) }
      cut = true
      return ShownText.cut(String(line), to: width)
    }
    console.out(lines.joined(separator: "\n"))
    if cut {
      console.out(
        console.outputStyle.colored(
          fitted("(cut at \(width) columns: a wider window shows it whole)"), .gray))
    }
  }

  /// Text wrapped to the width, line by line: a line that fits stays as it is (its spacing may
  /// line things up), a longer one breaks between words with an indent.
  func fitted(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard ShownText.width(of: String(line)) > width else { return String(line) }
      return TerminalProse.wrap(ShownText.words(String(line)), width: width, indent: "    ").joined(
        separator: "\n")
    }.joined(separator: "\n")
  }

  /// Echoes a command as if it had been typed at the prompt, wrapped to the width.
  func echo(_ command: String) {
    let prompt = console.outputStyle.colored(REPL.prompt, .gray)
    let room = max(10, width - REPL.prompt.count)
    var rest = Substring(command)
    var first = true
    while first || !rest.isEmpty {
      let piece = ShownText.prefix(rest, columns: room)
      console.out((first ? prompt : String(repeating: " ", count: REPL.prompt.count)) + piece)
      rest = rest.dropFirst(piece.count)
      first = false
    }
  }
}

/// Text that may hold ANSI colour codes, measured and cut by the columns it shows in.
enum ShownText {
  /// The words of a line already styled, for `TerminalProse.wrap`; leading spaces stay.
  static func words(_ line: String) -> [TerminalProse.Word] {
    let indent = line.prefix { $0 == " " }
    var words = line.split(separator: " ").map {
      TerminalProse.Word(text: String($0), width: width(of: String($0)))
    }
    if !indent.isEmpty, !words.isEmpty {
      words[0] = TerminalProse.Word(
        text: indent + words[0].text, width: indent.count + words[0].width)
    }
    return words
  }

  /// Columns shown: escape sequences take none, CJK characters two.
  static func width(of text: String) -> Int {
    TextWidth.of(stripped(text))
  }

  /// `text` without its ANSI escape sequences.
  static func stripped(_ text: String) -> String {
    var result = ""
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
      } else if scalar == "\u{1B}" {
        inEscape = true
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// The first characters of `text` that fit in `columns - 1`, then "…" (and a colour reset).
  static func cut(_ text: String, to columns: Int) -> String {
    var result = ""
    var used = 0
    var inEscape = false
    var styled = false
    for character in text {
      if inEscape {
        result.append(character)
        if let scalar = character.unicodeScalars.first, (0x40...0x7E).contains(scalar.value),
          character != "["
        {
          inEscape = false
        }
        continue
      }
      if character == "\u{1B}" {
        (inEscape, styled) = (true, true)
        result.append(character)
        continue
      }
      let columnsTaken = TextWidth.of(String(character))
      if used + columnsTaken > columns - 1 { break }
      result.append(character)
      used += columnsTaken
    }
    return result + (styled ? "\u{1B}[0m" : "") + "…"
  }

  /// The longest start of `text` (without escape sequences) that fits in `columns`.
  static func prefix(_ text: Substring, columns: Int) -> String {
    var result = ""
    var used = 0
    for character in text {
      let taken = TextWidth.of(String(character))
      if used + taken > columns { break }
      result.append(character)
      used += taken
    }
    return result.isEmpty ? String(text.prefix(1)) : result
  }
}
