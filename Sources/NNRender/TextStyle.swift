/// Plain text, or text with ANSI colour codes for a terminal.
///
/// Colour is chosen once, by the program, from the terminal and `NO_COLOR`; everything that
/// styles text takes a `TextStyle`, so tests and pipes always get plain text.
public enum TextStyle: Sendable {
  case plain
  case ansi

  /// The colours nnrepl uses.
  public enum Color: String, Sendable {
    case red = "31"
    case green = "32"
    case magenta = "35"
    case cyan = "36"
    case gray = "90"
  }

  /// `text` in bold.
  public func bold(_ text: String) -> String { wrap(text, "1") }

  /// `text` in `color`, bold if asked.
  public func colored(_ text: String, _ color: Color, bold: Bool = false) -> String {
    wrap(text, bold ? "1;\(color.rawValue)" : color.rawValue)
  }

  private func wrap(_ text: String, _ code: String) -> String {
    switch self {
    case .plain: text
    case .ansi: "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
  }
}
