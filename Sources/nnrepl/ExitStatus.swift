import NNLanguage

/// The exit statuses of `nnrepl`, after BSD's sysexits.h, as jlox uses them.
///
/// | status | meaning |
/// |---|---|
/// | 0  | success |
/// | 1  | an `expect` line was false, or an exercise has an unanswered `???` |
/// | 64 | the command line was wrong (an unknown flag) |
/// | 65 | the script has a syntax error (nothing was run) |
/// | 66 | the script file could not be read |
/// | 69 | a program nnrepl needs is missing (the Jupyter kernel's Python or its package) |
/// | 70 | a line failed while running (wrong shape, no data, …) |
/// | 73 | a file to write could not be created (`nnrepl export --to`, `:save`, `:record`) |
/// | 74 | standard output could not be written (a full disk, `> /dev/full`) |
enum ExitStatus: Int32 {
  case success = 0
  case expectationFailed = 1
  case usage = 64
  case syntaxError = 65
  case cannotOpenInput = 66
  case unavailable = 69
  case runtimeError = 70
  case cannotCreateOutput = 73
  case ioError = 74

  /// The status for a script that stopped at `diagnostic`.
  init(for diagnostic: Diagnostic) {
    switch diagnostic.category {
    case .syntax: self = .syntaxError
    case .runtime: self = .runtimeError
    case .expectation, .unanswered: self = .expectationFailed
    }
  }
}
