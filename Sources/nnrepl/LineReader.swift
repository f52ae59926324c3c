import NNLanguage

/// The seam between the REPL and whatever reads lines: libedit at a terminal, plain `readLine`
/// from a pipe or a file (and in tests).
protocol LineReader {
  /// Reads one line after showing `prompt`; Tab completes names that exist in `session`.
  mutating func readLine(prompt: String, completingIn session: Session) -> LineReaderResult
  /// Remembers a line so that Up brings it back (and the next session too).
  mutating func addHistory(_ line: String)
}

enum LineReaderResult: Equatable {
  case line(String)
  /// Ctrl-C: the line being typed is abandoned.
  case interrupted
  /// Ctrl-D, or the end of piped input.
  case endOfInput
}

/// Reads lines from standard input with no prompt and no editing: for pipes and files.
struct PlainLineReader: LineReader {
  mutating func readLine(prompt: String, completingIn session: Session) -> LineReaderResult {
    Swift.readLine(strippingNewline: true).map(LineReaderResult.line) ?? .endOfInput
  }

  mutating func addHistory(_ line: String) {}
}
