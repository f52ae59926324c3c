import Foundation
import NNLanguage

/// Files kept in memory, for tests of commands that read or write files.
public final class MemoryFiles: FileAccess, @unchecked Sendable {
  private var files: [String: String]
  private let lock = NSLock()

  public init(_ files: [String: String] = [:]) { self.files = files }

  public func read(_ path: String) throws(FileError) -> String {
    lock.lock()
    defer { lock.unlock() }
    guard let text = files[path] else { throw FileError("no such file: '\(path)'") }
    return text
  }

  public func write(_ text: String, to path: String) throws(FileError) {
    lock.lock()
    defer { lock.unlock() }
    files[path] = text
  }

  /// The text written to `path`, if any.
  public subscript(path: String) -> String? {
    lock.lock()
    defer { lock.unlock() }
    return files[path]
  }
}
