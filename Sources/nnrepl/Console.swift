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
import Synchronization

/// The program's standard output and error, and what the terminal allows.
///
/// A failed write never ends the program: SIGPIPE is ignored, so a reader that went away
/// (`nnrepl lesson.nn | head -1`) only stops the printing, and the script still runs to its
/// `save`. Any other failure (a full disk, `> /dev/full`) is remembered, and the program ends
/// by saying so, with sysexits' status 74.
struct Console {
  /// 0 while standard output works; then the `errno` of its first failed write.
  private static let outputError = Atomic<Int32>(0)
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
    _ = signal(SIGPIPE, SIG_IGN)
    _ = Interrupt.installEnding
  }

  /// Why standard output could not be written, if a write failed for a reason other than its
  /// reader going away; says so on standard error.
  func reportOutputFailure() -> Bool {
    let error = Console.outputError.load(ordering: .sequentiallyConsistent)
    guard error != 0, error != EPIPE else { return false }
    err("nnrepl: error: cannot write to standard output: \(String(cString: strerror(error)))")
    return true
  }

  /// Writes a line to standard output.
  func out(_ text: String) { write(text + "\n", to: STDOUT_FILENO) }

  /// Writes a line to standard error.
  func err(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

  /// Writes text to standard output as it is, without a newline (a progress bar redraws its line).
  func write(_ text: String) { write(text, to: STDOUT_FILENO) }

  /// Writes all of `text`; after standard output has failed once, writes nothing more to it.
  private func write(_ text: String, to descriptor: Int32) {
    let isOutput = descriptor == STDOUT_FILENO
    if isOutput, Console.outputError.load(ordering: .sequentiallyConsistent) != 0 { return }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        if isOutput { Console.outputError.store(errno, ordering: .sequentiallyConsistent) }
        return  // nothing more can be shown there
      }
      bytes = bytes.dropFirst(written)
    }
  }
}
