#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A program run to completion with a time limit, its standard output collected.
///
/// The grader runs each submission in a child copy of `nnrepl`, so that one student's
/// `train 10000000`, a crash or an exhausted memory limit ends that child and not the class run.
/// Written on `posix_spawn` and `poll`: the program links FoundationEssentials, which has no
/// `Process`.
struct ChildProcess {
  /// How a child ended.
  enum Ending: Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// Still running at the deadline, so it was killed.
    case timedOut
  }

  var path: String
  var arguments: [String]

  /// Runs the program with its standard error discarded, waiting at most `seconds`.
  func run(seconds: Double) -> (ending: Ending, output: [UInt8]) {
    var descriptors: [Int32] = [-1, -1]
    guard systemPipe(&descriptors) == 0 else { return (.exited(-1), []) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
    posix_spawn_file_actions_addclose(&actions, descriptors[0])
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var pid: pid_t = 0
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
    close(descriptors[1])
    defer { close(descriptors[0]) }
    guard spawned == 0 else { return (.exited(127), []) }
    let (output, finished) = ChildProcess.read(
      descriptors[0], until: ContinuousClock.now + .milliseconds(Int(seconds * 1000)))
    if !finished { kill(pid, SIGKILL) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if !finished { return (.timedOut, output) }
    // The wait status: the low 7 bits are the signal that ended it, or 0 and the exit code above.
    let signal = status & 0x7f
    return (signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal), output)
  }

  /// Everything `descriptor` yields before its end or the deadline; `finished` is false when the
  /// deadline came first.
  private static func read(_ descriptor: Int32, until deadline: ContinuousClock.Instant) -> (
    bytes: [UInt8], finished: Bool
  ) {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let left = deadline - ContinuousClock.now
      guard left > .zero else { return (bytes, false) }
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let milliseconds = Int32(min(Double(Int32.max), left / .milliseconds(1)).rounded(.up))
      let ready = poll(&poller, 1, milliseconds)
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { continue }
      let count = systemRead(descriptor, &buffer, buffer.count)
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return (bytes, true) }
      bytes += buffer[0..<count]
    }
  }
}
