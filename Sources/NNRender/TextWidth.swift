/// How many terminal columns text takes. Chinese, Japanese and Korean characters take two, so a
/// caret under a Chinese comment, or a table of Chinese names, still lines up.
public enum TextWidth {
  /// The display width of `text`. ANSI colour codes (ESC `[` … a letter) take no room.
  public static func of(_ text: String) -> Int { measure(text, ambiguousWide: false) }

  /// The most columns `text` takes on any terminal: East Asian Ambiguous characters (α ∇ ∂ … ±)
  /// counted as two, as terminals in Chinese, Japanese and Korean locales draw them.
  public static func room(_ text: String) -> Int { measure(text, ambiguousWide: true) }

  private static func measure(_ text: String, ambiguousWide: Bool) -> Int {
    var total = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        inEscape = !(0x40...0x7E).contains(scalar.value) || scalar == "["
      } else if scalar == "\u{1B}" {
        inEscape = true
      } else {
        total += width(of: scalar, ambiguousWide: ambiguousWide)
      }
    }
    return total
  }

  /// `text` padded with spaces to `width` columns, on the left when `right` is true.
  public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - of(text)))
    return right ? padding + text : text + padding
  }

  private static func width(of scalar: Unicode.Scalar, ambiguousWide: Bool) -> Int {
    switch scalar.value {
    case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0  // combining marks, zero-width
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      2
    case 0xA1...0xDFFF where ambiguousWide && AmbiguousWidth.contains(scalar): 2
    default: 1
    }
  }
}
