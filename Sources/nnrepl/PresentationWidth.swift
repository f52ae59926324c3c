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

/// The columns a lesson is laid out in: the terminal's own width (asked at display time, so a
/// resized window is followed from the next cell on), else `COLUMNS`, else 80.
///
/// Until `TerminalSize` (issue 15) lands, this is the lesson walk's own reading of it; it then
/// becomes a call to that.
enum PresentationWidth {
  static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
    // Standard output first; when it is a pipe (`| less -R`), the terminal the other two are on.
    for descriptor in [STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO] {
      var size = winsize()
      if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    }
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 80
  }
}
