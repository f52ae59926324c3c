#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// The temporary file a write is filling, if one is, so that a signal ending the program
/// (SIGTERM, SIGHUP, Ctrl-C) can remove it instead of leaving a hidden partial file behind.
///
/// A signal handler may not allocate, so the name lives in memory set aside beforehand and is
/// removed with `unlinkat` relative to the folder's descriptor, both async-signal-safe. Writes
/// happen one at a time, on the main thread, so one slot is enough.
enum PendingWrite {
  /// The longest temporary name kept (a longer one is not registered; names are short).
  private static let capacity = 1_024
  /// The temporary's name, NUL-terminated.
  nonisolated(unsafe) private static let name = UnsafeMutablePointer<CChar>.allocate(
    capacity: capacity)
  /// The descriptor of the temporary's folder, or −1 when no write is under way.
  private static let folder = Atomic<Int32>(-1)

  /// Sets up the statics, whose lazy set-up is not safe inside a signal handler.
  static func prepare() {
    _ = name
    end()
  }

  /// Remembers `temporary`, just created in `folder`.
  static func begin(_ temporary: String, in folder: Int32) {
    let bytes = Array(temporary.utf8)
    guard bytes.count < capacity else { return }
    for (index, byte) in bytes.enumerated() { name[index] = CChar(bitPattern: byte) }
    name[bytes.count] = 0
    self.folder.store(folder, ordering: .sequentiallyConsistent)
  }

  /// Forgets the temporary: it was renamed or removed.
  static func end() { folder.store(-1, ordering: .sequentiallyConsistent) }

  /// Removes the temporary, if a write is under way. Async-signal-safe.
  static func remove() {
    let descriptor = folder.exchange(-1, ordering: .sequentiallyConsistent)
    if descriptor >= 0 { _ = unlinkat(descriptor, name, 0) }
  }
}
