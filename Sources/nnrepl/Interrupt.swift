import CLibedit
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// Ctrl-C, as a flag that long work checks and a pipe that wakes the line editor.
///
/// The signal handler may only do async-signal-safe things: set an atomic flag and write one
/// byte to a pipe. Training checks the flag after each epoch; the line editor's reader waits on
/// the pipe together with the keyboard, so Ctrl-C at the prompt abandons the line at once.
enum Interrupt {
  static let flag = Atomic<Bool>(false)
  /// SIGTERM or SIGHUP, once one arrived: the session ends cleanly (terminal restored, history
  /// kept) instead of dying mid-line.
  static let termination = Atomic<Int32>(0)
  /// A non-blocking pipe: the handler writes to `write`, the line editor polls `read`.
  static let pipe: (read: Int32, write: Int32) = {
    var descriptors: [Int32] = [-1, -1]
    guard systemPipe(&descriptors) == 0 else { return (-1, -1) }
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    return (descriptors[0], descriptors[1])
  }()

  /// Installs the handlers for Ctrl-C, SIGTERM and SIGHUP. Touches the statics first: their lazy
  /// set-up is not safe inside a signal handler.
  static func install() {
    _ = pipe
    reset()
    _ = installEnding
    _ = nn_install_handler(SIGINT) { _ in
      Interrupt.flag.store(true, ordering: .sequentiallyConsistent)
      var byte: UInt8 = 1
      _ = systemWrite(Interrupt.pipe.write, &byte, 1)
    }
    for number in [SIGTERM, SIGHUP] {
      _ = nn_install_handler(number) { number in
        Interrupt.termination.store(number, ordering: .sequentiallyConsistent)
        var byte: UInt8 = 1
        _ = systemWrite(Interrupt.pipe.write, &byte, 1)
      }
    }
  }

  /// For a script or piped input, where nothing waits at a prompt: SIGTERM, SIGHUP and Ctrl-C
  /// end the program as they would by default (the same status, 128 + the signal), but first
  /// remove the temporary file of a save under way. Installed once, before anything else, by
  /// `Console`; a prompt's `install` replaces these handlers with its own.
  static let installEnding: Void = {
    PendingWrite.prepare()
    for number in [SIGTERM, SIGHUP, SIGINT] {
      _ = nn_install_handler(number) { number in
        PendingWrite.remove()
        _ = signal(number, SIG_DFL)
        _ = raise(number)
      }
    }
  }()

  /// The signal that asked the program to end, or 0.
  static var terminationSignal: Int32 { termination.load(ordering: .sequentiallyConsistent) }

  /// Whether long work should stop: Ctrl-C, or a request to end.
  static var shouldStop: Bool { isSet || terminationSignal != 0 }

  /// Whether Ctrl-C was pressed since the last `reset`.
  static var isSet: Bool { flag.load(ordering: .sequentiallyConsistent) }

  /// Forgets earlier Ctrl-Cs: clears the flag and empties the pipe.
  static func reset() {
    flag.store(false, ordering: .sequentiallyConsistent)
    var byte: UInt8 = 0
    while systemRead(pipe.read, &byte, 1) > 0 {}
  }
}
