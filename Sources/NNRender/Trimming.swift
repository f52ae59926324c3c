extension StringProtocol {
  /// The text without spaces and tabs at either end: what Foundation's
  /// `trimmingCharacters(in: .whitespaces)` does. nnrepl avoids Foundation, which loads ICU and
  /// costs start-up time (see `NumberFormat.printf`).
  public func trimmingBlanks() -> String {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(drop(while: blank).reversed().drop(while: blank).reversed())
  }
}
