#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The words nnrepl says itself, in the student's language: English, or Chinese — the language of
/// the course text. Lessons carry their own Chinese prose (`# [zh]` cells); this is the rest: the
/// lesson walk's own sentences, each command's one-line help and the most common diagnostics.
///
/// A message with no translation stays in English. A translated diagnostic keeps the English
/// message after it, which names the exact text it is about.
public enum Localized {
  /// The language chosen for this run: set once, from `--lang` or the locale, before anything
  /// runs, and only read afterwards.
  nonisolated(unsafe) public static var current = "en"

  /// `--lang` if given, else Chinese when the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is Chinese,
  /// else English.
  public static func language(flag: String?, environment: [String: String]) -> String {
    if let flag { return flag.lowercased().hasPrefix("zh") ? "zh" : flag.lowercased() }
    let locale =
      ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
      ?? ""
    return locale.hasPrefix("zh") ? "zh" : "en"
  }

  /// A sentence of the program's own, by id, in `language`.
  public static func text(_ id: String, _ language: String = current) -> String {
    (language == "zh" ? Chinese.sentences[id] : nil) ?? English.sentences[id] ?? id
  }

  /// A command's one-line help in `language`, or `english` when there is no translation.
  public static func summary(of command: String, english: String, _ language: String = current)
    -> String
  {
    language == "zh" ? Chinese.summaries[command] ?? english : english
  }

  /// `diagnostic` with its message in `language`: the translation, then the English message in
  /// parentheses (it quotes the line's own text, which a general sentence cannot).
  public static func diagnostic(_ diagnostic: Diagnostic, _ language: String = current)
    -> Diagnostic
  {
    guard language == "zh", let translated = Chinese.diagnostics[diagnostic.id] else {
      return diagnostic
    }
    var copy = diagnostic
    copy.message = "\(translated)（\(diagnostic.message)）"
    return copy
  }
}

/// The program's own sentences in English.
enum English {
  static let sentences: [String: String] = [
    "lesson.untranslated": "this lesson has no prose in that language yet: showing the English",
    "cell.untranslated": "this part has no translation yet: the English follows",
    "lesson.end": "End of the lesson.",
    "lesson.next": "Next:",
    "lesson.yours": "the session is yours — Ctrl-D to leave",
    "step.repl": "the REPL, with the lesson's state so far; Ctrl-D returns to the lesson",
    "step.choices": "↵ run · s skip · b back · r REPL · q quit ▸ ",
    "step.keys":
      "Enter or Space runs the cell, s skips it, b goes back one, r opens the REPL, q quits",
    "step.skipped": "(skipped)",
    "step.back": "↩ back one cell: the session is as it was before it",
    "step.first": "this is the lesson's first cell: there is nothing to go back to",
    "step.leave": "leave the lesson? y leaves, any other key stays ▸ ",
    "step.guess": "your guess for",
  ]
}
