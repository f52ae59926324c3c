#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One key press at a terminal, without waiting for Enter: the terminal is taken out of
/// line-by-line (canonical) mode and echo for the read, and put back before `readKey` returns —
/// also when Ctrl-C, SIGTERM or SIGHUP arrives meanwhile, since their handlers only raise a flag
/// and wake this read through `Interrupt.pipe`.
enum RawMode {
  /// What a key read gave.
  enum Key: Equatable {
    case character(Character)
    /// Enter.
    case enter
    /// Ctrl-D.
    case endOfInput
    /// Ctrl-C, or a signal asking the program to end.
    case interrupted
    /// An escape sequence, such as an arrow key: `[D` is Left.
    case escape(String)
  }

  /// Reads one key from standard input, which must be a terminal.
  static func readKey() -> Key {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return .endOfInput }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
      bytes[Int(VMIN)] = 1
      bytes[Int(VTIME)] = 0
    }
    _ = tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    Interrupt.reset()
    guard let byte = nextByte(waiting: -1) else {
      return Interrupt.shouldStop ? .interrupted : .endOfInput
    }
    switch byte {
    case 0x0D, 0x0A: return .enter
    case 0x04: return .endOfInput
    case 0x03: return .interrupted
    case 0x1B:
      var sequence = ""
      while let next = nextByte(waiting: 30) {
        sequence.append(Character(Unicode.Scalar(next)))
        if sequence.count > 1, (0x40...0x7E).contains(next) { break }
      }
      return .escape(sequence)
    default:
      return .character(decode(first: byte))
    }
  }

  /// The next byte, or `nil` at the end of input, on a signal, or after `milliseconds`
  /// (-1: no limit).
  private static func nextByte(waiting milliseconds: Int32) -> UInt8? {
    var descriptors = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: Interrupt.pipe.read, events: Int16(POLLIN), revents: 0),
    ]
    while true {
      let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
      if ready < 0 && errno == EINTR {
        if Interrupt.shouldStop { return nil }
        continue
      }
      guard ready > 0, descriptors[1].revents == 0 else { return nil }
      var byte: UInt8 = 0
      return systemRead(STDIN_FILENO, &byte, 1) == 1 ? byte : nil
    }
  }

  /// A whole UTF-8 character from its first byte and the bytes that follow it.
  private static func decode(first: UInt8) -> Character {
    let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
    var bytes = [first]
    while bytes.count < length, let next = nextByte(waiting: 30) { bytes.append(next) }
    return String(decoding: bytes, as: UTF8.self).first ?? "?"
  }
}
