#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNRender

/// The program's standard output and error, and what the terminal allows.
struct Console {
  /// Whether standard input is a terminal (a person typing, not a pipe or a file).
  let inputIsTerminal = isatty(STDIN_FILENO) == 1
  /// Whether standard output is a terminal.
  let outputIsTerminal = isatty(STDOUT_FILENO) == 1
  /// Colour for standard error, which carries the diagnostics: only on a terminal, and never
  /// when `NO_COLOR` is set (https://no-color.org).
  let errorStyle: TextStyle
  /// Colour for standard output.
  let outputStyle: TextStyle

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let colorAllowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    errorStyle = colorAllowed && isatty(STDERR_FILENO) == 1 ? .ansi : .plain
    outputStyle = colorAllowed && isatty(STDOUT_FILENO) == 1 ? .ansi : .plain
  }

  /// Writes a line to standard output.
  func out(_ text: String) { write(text + "\n", to: STDOUT_FILENO) }

  /// Writes a line to standard error.
  func err(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

  /// Writes text to standard output as it is, without a newline (a progress bar redraws its line).
  func write(_ text: String) { write(text, to: STDOUT_FILENO) }

  private func write(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        return  // the reader went away (a closed pipe): nothing more can be shown
      }
      bytes = bytes.dropFirst(written)
    }
  }
}
