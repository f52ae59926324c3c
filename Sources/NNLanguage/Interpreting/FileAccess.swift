/// Reading and writing files on the language's behalf. The language never touches the file
/// system itself: the program gives the interpreter a `FileAccess` (relative paths resolved
/// against a script's folder, writes made atomic), and tests give it files kept in memory.
public protocol FileAccess: Sendable {
  /// The text of the file at `path`.
  func read(_ path: String) throws(FileError) -> String
  /// Replaces the file at `path` with `text`, entirely or not at all.
  func write(_ text: String, to path: String) throws(FileError)
}

/// Why a file could not be read or written, in words for the student.
public struct FileError: Error, Equatable, Sendable {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
}

/// No files at all: what an interpreter has unless it is given more.
public struct NoFiles: FileAccess {
  public init() {}
  public func read(_ path: String) throws(FileError) -> String {
    throw FileError("files cannot be read here")
  }
  public func write(_ text: String, to path: String) throws(FileError) {
    throw FileError("files cannot be written here")
  }
}
