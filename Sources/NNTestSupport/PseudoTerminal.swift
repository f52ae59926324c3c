import CPseudoTerminal
import Foundation

/// Runs a program on a pseudo-terminal, as if a person typed at it: the program sees a real
/// terminal, so its line editor (libedit) is on, and the test reads what the screen would show.
public final class PseudoTerminal {
  public enum Failure: Error, CustomStringConvertible {
    case cannotOpen(String)
    case timedOut(waitingFor: String, screen: String)

    public var description: String {
      switch self {
      case .cannotOpen(let step): "cannot open a pseudo-terminal: \(step) failed"
      case .timedOut(let text, let screen):
        "'\(text)' did not appear; the terminal showed:\n\(screen)"
      }
    }
  }

  private let controller: Int32
  private let process = Process()
  /// Everything the program has written so far.
  public private(set) var transcript = ""
  /// The bytes of a character that a read cut in two, kept until the rest arrives: decoding
  /// each read alone would turn them into two replacement characters.
  private var unfinishedCharacter: [UInt8] = []

  /// Starts `program` with `arguments` on a new pseudo-terminal of `columns` (80 unless told)
  /// by 24 lines, in a session of its own
  /// whose controlling terminal that is (util-linux's `setsid --ctty --wait`, which also reports
  /// the program's exit status), so that Ctrl-C typed there reaches the program as SIGINT — and
  /// nothing else, just as in a real terminal.
  public init(
    path program: String, arguments: [String] = [], environment: [String: String],
    columns: UInt16 = 80
  ) throws {
    var name = [CChar](repeating: 0, count: 128)
    controller = nn_open_pseudo_terminal(&name, name.count, 24, columns)
    guard controller >= 0 else { throw Failure.cannotOpen("posix_openpt") }
    let path = String(decoding: name.prefix { $0 != 0 }.map(UInt8.init), as: UTF8.self)
    guard let device = FileHandle(forUpdatingAtPath: path) else {
      throw Failure.cannotOpen("opening \(path)")
    }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
    process.arguments = ["--ctty", "--wait", program] + arguments
    process.environment = environment
    process.standardInput = device
    process.standardOutput = device
    process.standardError = device
    try process.run()
    try device.close()
  }

  deinit {
    if process.isRunning { process.terminate() }
    close(controller)
  }

  /// Types `text`, bytes and control characters alike ("\t" is Tab, "\r" is Enter).
  public func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
  }

  /// Reads output until `text` has appeared after position `offset` of the transcript, or fails
  /// after `seconds`. Returns the position just after it.
  @discardableResult
  public func waitFor(_ text: String, after offset: String.Index? = nil, seconds: Double = 20)
    throws -> String.Index
  {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let start = offset ?? transcript.startIndex
      if let found = transcript[start...].range(of: text) { return found.upperBound }
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { throw Failure.timedOut(waitingFor: text, screen: transcript) }
      var descriptor = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, Int32(min(remaining, 1) * 1000)) > 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let count = read(controller, &buffer, buffer.count)
      guard count > 0 else { throw Failure.timedOut(waitingFor: text, screen: transcript) }
      append(buffer[0..<count])
    }
  }

  /// Adds `bytes` to the transcript up to the last whole UTF-8 character; the rest waits.
  private func append(_ bytes: ArraySlice<UInt8>) {
    unfinishedCharacter += bytes
    var end = unfinishedCharacter.count
    // Step back over continuation bytes (10xxxxxx) to the start of the last character.
    var start = end - 1
    while start > 0 && unfinishedCharacter[start] & 0xC0 == 0x80 { start -= 1 }
    if start >= 0 && start >= end - 4 {
      let lead = unfinishedCharacter[start]
      let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
      if start + length > end { end = start }
    }
    transcript += String(decoding: unfinishedCharacter[0..<end], as: UTF8.self)
    unfinishedCharacter.removeFirst(end)
  }

  /// Sends the program a signal, such as SIGTERM or SIGHUP: to the leader of the terminal's
  /// session, which is the program itself (`setsid` may have forked it off).
  public func signal(_ number: Int32) {
    var session: pid_t = 0
    if ioctl(controller, UInt(TIOCGSID), &session) == 0, session > 0 { kill(session, number) }
  }

  /// Makes the terminal `columns` wide, as dragging a window's edge does: the program gets SIGWINCH.
  public func resize(columns: UInt16) {
    var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(controller, UInt(TIOCSWINSZ), &size)
  }

  /// Whether the terminal is back in its normal line-by-line mode (as a shell expects it).
  public var isInLineMode: Bool {
    var settings = termios()
    return tcgetattr(controller, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) != 0
  }

  /// Waits until the program's line editor has taken the terminal out of line-by-line
  /// (canonical) mode: keys typed before that are handled by the terminal itself, echoed and
  /// buffered, and never reach the editor as key presses.
  public func waitUntilEditing(seconds: Double = 20) throws {
    let deadline = Date().addingTimeInterval(seconds)
    var settings = termios()
    while tcgetattr(controller, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) != 0 {
      guard Date() < deadline else {
        throw Failure.timedOut(waitingFor: "the line editor", screen: transcript)
      }
      _ = try? waitFor("\u{0}", seconds: 0.01)
    }
  }

  /// Waits up to `seconds` for the program to end and returns its exit status, or `nil` if it
  /// is still running (it is then stopped).
  public func waitForExit(seconds: Double = 20) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    // Keep reading so the program never blocks on a full terminal buffer.
    while process.isRunning && Date() < deadline { _ = try? waitFor("\u{0}", seconds: 0.2) }
    guard !process.isRunning else {
      process.terminate()
      return nil
    }
    return process.terminationStatus
  }
}
