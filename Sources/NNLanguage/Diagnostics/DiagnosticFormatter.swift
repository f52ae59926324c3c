import NNRender

/// Writes diagnostics the way the Swift compiler does, so editors can jump to them.
///
/// For a file, the location, the line and a caret under the offending text:
///
///     lesson.nn:7:15: error: unknown activation 'sigmod'
///       7 | layer dense 4 sigmod
///         |               ^~~~~~
///     note: did you mean 'sigmoid'?
///
/// At the prompt the line was just typed, so only a caret under it, shifted by the prompt:
///
///     nn> layer dense 4 sigmod
///                       ^~~~~~ error: unknown activation 'sigmod'
///     note: did you mean 'sigmoid'?
public struct DiagnosticFormatter: Sendable {
  public var style: TextStyle

  public init(style: TextStyle = .plain) { self.style = style }

  /// The diagnostic for a line of the file `source`.
  public func format(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
    var lines: [String] = []
    let name = DiagnosticFormatter.visible(source.name)
    let location = diagnostic.range.map { "\(name):\($0.line):\($0.column): " } ?? "\(name): "
    lines.append(style.bold(location) + headline(diagnostic))
    if let range = diagnostic.range, let text = source.line(range.line) {
      let number = String(range.line)
      let gutter = String(repeating: " ", count: number.count)
      lines.append("  \(number) | \(DiagnosticFormatter.visible(text))")
      lines.append("  \(gutter) | " + caret(under: range, in: text))
    }
    lines += noteLines(diagnostic, in: source)
    return lines.joined(separator: "\n")
  }

  /// The diagnostic for the line just typed at a prompt `promptWidth` columns wide.
  public func formatInteractive(_ diagnostic: Diagnostic, line text: String, promptWidth: Int)
    -> String
  {
    var lines: [String] = []
    if let range = diagnostic.range, range.column <= Array(text).count + 1 {
      lines.append(
        String(repeating: " ", count: promptWidth) + caret(under: range, in: text) + " "
          + headline(diagnostic))
    } else {
      lines.append(headline(diagnostic))
    }
    lines += noteLines(diagnostic, in: nil)
    return lines.joined(separator: "\n")
  }

  private func headline(_ diagnostic: Diagnostic) -> String {
    let label =
      diagnostic.severity == .error
      ? style.colored("error:", .red, bold: true) : style.colored("warning:", .magenta, bold: true)
    return "\(label) \(style.bold(DiagnosticFormatter.visible(diagnostic.message)))"
  }

  private func noteLines(_ diagnostic: Diagnostic, in source: SourceFile?) -> [String] {
    diagnostic.notes.map { note in
      var prefix = ""
      if let range = note.range {
        let file = range.file ?? source?.name
        prefix =
          file.map { "\(DiagnosticFormatter.visible($0)):\(range.line):\(range.column): " }
          ?? "line \(range.line): "
      }
      return prefix + style.colored("note:", .cyan, bold: true) + " "
        + DiagnosticFormatter.visible(note.message)
    }
  }

  /// Spaces up to the range, then `^~~~` under it, measured in terminal cells.
  private func caret(under range: SourceRange, in text: String) -> String {
    let characters = Array(text)
    let before = DiagnosticFormatter.visible(String(characters.prefix(range.column - 1)))
    let covered = DiagnosticFormatter.visible(
      String(characters.dropFirst(range.column - 1).prefix(range.length)))
    let width = max(1, TextWidth.of(covered))
    let marker = "^" + String(repeating: "~", count: width - 1)
    return String(repeating: " ", count: TextWidth.of(before))
      + style.colored(marker, .green, bold: true)
  }

  /// `text` with its control characters written out, `\e` for ESC and `\u{…}` for the others
  /// (tabs stay): a script's escape sequences must not retitle or clear the terminal when a
  /// message quotes its line.
  static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if !isControl(scalar) {
        result.unicodeScalars.append(scalar)
      } else if scalar == "\u{1B}" {
        result += "\\e"
      } else {
        result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      }
    }
    return result
  }

  /// C0 and C1 control characters and DEL, except the tab.
  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
  }
}
