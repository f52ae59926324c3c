#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The path of the running `nnrepl` executable, for running copies of itself: the grader's
/// children, and the kernelspec's command. Links are followed, so the path stays right when
/// `nnrepl` was started through a symbolic link or a relative path.
enum ExecutablePath {
  static var current: String {
    var buffer = [CChar](repeating: 0, count: 4096)
    #if os(Linux)
      let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      if count > 0 {
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      }
    #else
      var size = UInt32(buffer.count)
      if _NSGetExecutablePath(&buffer, &size) == 0, let real = realpath(buffer, nil) {
        defer { free(real) }
        return String(cString: real)
      }
    #endif
    return CommandLine.arguments[0]
  }
}
