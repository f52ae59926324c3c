#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// How many columns the output has, so that help, tables, progress bars and plots fit it.
///
/// On a terminal it is what the terminal says (`TIOCGWINSZ`), measured again after a resize
/// (`SIGWINCH`); otherwise `COLUMNS`, as POSIX describes it; otherwise 80. Only the executable
/// measures: the renderers take the width as a number.
enum TerminalSize {
  /// The width last measured, or 0 when it must be measured again (at the start, and after
  /// `SIGWINCH`, whose handler may do no more than store 0).
  private static let measured = Atomic<Int>(0)

  /// The columns text is laid out in: all but the terminal's last. A line that fills the last
  /// column leaves the cursor past the edge, where terminals without deferred wrapping (and
  /// copy-paste from many) break it in two, so wrapped prose, help, tables and plots stop one
  /// short, as the progress bar does.
  static var layoutColumns: Int { columns - 1 }

  /// The terminal's width (the progress bar, which keeps its own margin, takes this).
  static var columns: Int {
    let known = measured.load(ordering: .relaxed)
    if known > 0 { return known }
    let width = measure()
    measured.store(width, ordering: .relaxed)
    return width
  }

  /// Measures again after every resize. `signal` restarts interrupted reads and writes (BSD
  /// semantics), so a resize never cuts a line short; libedit, at the prompt, passes the signal
  /// on to this handler after redrawing its line.
  /// The signal is unblocked too, since a parent may have started nnrepl with it blocked.
  static func watchResizes() {
    _ = signal(SIGWINCH) { _ in TerminalSize.measured.store(0, ordering: .relaxed) }
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGWINCH)
    sigprocmask(SIG_UNBLOCK, &signals, nil)
  }

  /// The terminal's width, `COLUMNS`, or 80. Standard output's terminal first; when that is a
  /// pipe (`nnrepl lesson.nn --no-pause | less -R`), the terminal the other two streams are on,
  /// which is where the text will be read.
  static func measure(environment: [String: String] = currentEnvironment()) -> Int {
    for descriptor in [STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO] {
      var size = winsize()
      if isatty(descriptor) == 1, ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
      }
    }
    return width(fromColumns: environment["COLUMNS"])
  }

  /// `COLUMNS` if it is a sensible positive number, otherwise 80.
  static func width(fromColumns text: String?) -> Int {
    guard let text, let columns = Int(text), columns > 0, columns < 10_000 else { return 80 }
    return columns
  }

  private static func currentEnvironment() -> [String: String] {
    guard let value = getenv("COLUMNS") else { return [:] }
    return ["COLUMNS": String(cString: value)]
  }
}
