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
import CLibedit
import NNLanguage

/// The real file system, for the interpreter.
///
/// A relative path means the same file for reading and for writing: a file in the current
/// folder, so that `save model.json` then `load model.json` find each other and a lesson run from
/// any folder writes its files there. A file to read that is not in the current folder is looked
/// for in the script's own folder (`base`), so a lesson finds its `data/iris.csv` from anywhere.
///
/// Running a stranger's lesson must be safe, so by default a script may write only inside the
/// current folder (`root`), and read only there or in its own folder: absolute paths, `..` and
/// symbolic links that lead outside are refused. `--allow-files-anywhere` lifts this. What is
/// checked is what is used: a write opens the folder once, checks where that descriptor really
/// is, and then creates, fills and renames its temporary file relative to it (`openat`,
/// `renameat`), so a symbolic link flipped in between cannot send the write elsewhere; a read
/// checks the file it has opened. Only regular files are replaced or read: a device, a FIFO or
/// a folder is refused.
struct DiskFiles: FileAccess {
  /// The script's folder, where files to read are also looked for.
  let base: URL
  /// The current folder, where relative paths start.
  let current: URL
  /// The folder files must stay inside, or `nil` for anywhere.
  let root: URL?

  /// Files for a script in `base`, kept inside the current folder unless `anywhere`.
  init(base: URL, anywhere: Bool = false) {
    self.base = base
    current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    root = anywhere ? nil : DiskFiles.realURL(current)
  }

  func read(_ path: String) throws(FileError) -> String {
    let url = resolveForReading(path)
    // O_NONBLOCK: a FIFO must not wait for a writer
    let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { throw FileError("no such file: '\(url.path)'") }
      throw FileError("'\(url.path)' cannot be read: \(DiskFiles.reason(errno))")
    }
    defer { close(descriptor) }
    try check(DiskFiles.realURL(of: descriptor) ?? DiskFiles.realURL(url), writing: false, as: path)
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw FileError("'\(url.path)' cannot be read: \(DiskFiles.reason(errno))")
    }
    let kind = status.st_mode & S_IFMT
    guard kind != S_IFDIR else { throw FileError("'\(url.path)' is a folder, not a file") }
    guard kind == S_IFREG else {
      throw FileError(
        "'\(url.path)' is \(DiskFiles.describe(kind)), not a regular file; nnrepl reads only regular files"
      )
    }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    guard let bytes = DiskFiles.contents(of: descriptor) else {
      throw FileError("'\(url.path)' cannot be read: \(DiskFiles.reason(errno))")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw FileError("'\(url.path)' is not UTF-8 text")
    }
    return text
  }

  func write(_ text: String, to path: String) throws(FileError) {
    let url = resolve(path, from: current)
    let name = url.lastPathComponent
    let folder = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard folder >= 0 else {
      throw FileError("'\(url.path)' cannot be written: \(DiskFiles.reason(errno))")
    }
    defer { close(folder) }
    let real = DiskFiles.realURL(of: folder) ?? DiskFiles.realURL(url.deletingLastPathComponent())
    try check(real.appendingPathComponent(name), writing: true, as: path)
    var status = stat()
    if fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
      let kind = status.st_mode & S_IFMT
      if kind == S_IFDIR {
        throw FileError("'\(url.path)' cannot be written: \(DiskFiles.reason(EISDIR))")
      }
      guard kind == S_IFREG else {
        throw FileError(
          "'\(url.path)' is \(DiskFiles.describe(kind)), not a regular file; nnrepl replaces only regular files"
        )
      }
    }
    do {
      try DiskFiles.replace(name, in: folder, with: Array(text.utf8))
    } catch {
      throw FileError("'\(url.path)' cannot be written: \(DiskFiles.reason(error.code))")
    }
  }

  /// Writes `bytes` to a temporary file in `folder`, then renames it over `name`, so an
  /// interrupted write never leaves half a file. The temporary is unnamed while it is filled
  /// (`O_TMPFILE`), so even kill -9 leaves nothing behind, and is given a hidden name only to be
  /// renamed; where the system has no unnamed files it is named from the start. A named
  /// temporary is removed if anything fails, and by the signal handlers if the program is ended.
  private static func replace(
    _ name: String, in folder: Int32, with bytes: [UInt8], unnamed: Bool = true
  ) throws(SystemError) {
    let temporary = ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let unnamedFlag = nn_o_tmpfile()
    var file: Int32 = -1
    if unnamed, unnamedFlag != 0 {
      file = openat(folder, ".", unnamedFlag | O_WRONLY | O_CLOEXEC, 0o644)
    }
    let named = file < 0
    if named {
      file = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
      guard file >= 0 else { throw SystemError(code: errno) }
      PendingWrite.begin(temporary, in: folder)
    }
    defer { PendingWrite.end() }
    var failure = fill(file, with: bytes)
    if failure == 0, !named {
      // Give the unnamed file its hidden name, through the descriptor's entry in /proc.
      guard linkat(AT_FDCWD, "/proc/self/fd/\(file)", folder, temporary, AT_SYMLINK_FOLLOW) == 0
      else {
        close(file)
        try replace(name, in: folder, with: bytes, unnamed: false)
        return
      }
      PendingWrite.begin(temporary, in: folder)
    }
    if close(file) != 0, failure == 0 { failure = errno }
    if failure == 0, renameat(folder, temporary, folder, name) != 0 { failure = errno }
    guard failure == 0 else {
      _ = unlinkat(folder, temporary, 0)
      throw SystemError(code: failure)
    }
  }

  /// Writes all of `bytes` to `file` and flushes them to the disk; 0, or the `errno` of the failure.
  private static func fill(_ file: Int32, with bytes: [UInt8]) -> Int32 {
    var rest = bytes[...]
    while !rest.isEmpty {
      let written = rest.withUnsafeBytes { systemWrite(file, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno != EINTR { return errno }
      } else {
        rest = rest.dropFirst(written)
      }
    }
    return fsync(file) == 0 ? 0 : errno
  }

  /// An `errno`, carried out of a function with typed throws.
  private struct SystemError: Error { var code: Int32 }

  /// The whole contents of an open file, or `nil` with `errno` set.
  private static func contents(of descriptor: Int32) -> [UInt8]? {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
      if count == 0 { return bytes }
      if count < 0 { if errno == EINTR { continue } else { return nil } }
      bytes += chunk[..<count]
    }
  }

  /// Why a file operation failed, in the system's words ("No such file or directory"), rather
  /// than the error value's debugging description.
  static func reason(_ error: any Error) -> String {
    let posix =
      error as? POSIXError ?? (error as? CocoaError)?.userInfo["NSUnderlyingError"] as? POSIXError
    guard let posix else { return "\(error)" }
    return reason(posix.code.rawValue)
  }

  /// The system's words for an `errno`.
  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

  /// A file type other than a regular file, in words.
  private static func describe(_ kind: mode_t) -> String {
    switch kind {
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFIFO: "a FIFO (a named pipe)"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a symbolic link"
    default: "a special file"
    }
  }

  private func resolve(_ path: String, from folder: URL) -> URL {
    (path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
      .standardizedFileURL
  }

  /// A relative path is the current folder's file if there is one, otherwise the script's.
  private func resolveForReading(_ path: String) -> URL {
    let here = resolve(path, from: current)
    guard !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: here.path) else {
      return here
    }
    return resolve(path, from: base)
  }

  /// Fails unless `real`, a path with every symbolic link followed, is inside the current
  /// folder — or, for reading, inside the script's own folder.
  private func check(_ real: URL, writing: Bool, as written: String) throws(FileError) {
    guard let root else { return }
    let allowed = writing ? [root] : [root, DiskFiles.realURL(base)]
    guard !allowed.contains(where: { DiskFiles.isInside(real, $0) }) else { return }
    let place = writing ? "the current folder" : "the current folder and the script's folder"
    throw FileError(
      "'\(written)' is outside \(place) (it is \(real.path)), and a script may \(writing ? "write" : "read") only inside \(writing ? "it" : "them") unless nnrepl is started with --allow-files-anywhere"
    )
  }

  /// Where an open descriptor really is, every symbolic link followed, as the system knows it.
  private static func realURL(of descriptor: Int32) -> URL? {
    #if canImport(Darwin)
      var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN))
      guard fcntl(descriptor, F_GETPATH, &buffer) == 0 else { return nil }
      return URL(fileURLWithPath: String(cString: buffer))
    #else
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
      guard count > 0 else { return nil }
      return URL(
        fileURLWithPath: String(
          decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    #endif
  }

  /// `url` with symbolic links followed, also for a file that does not exist yet (its folder's
  /// links are followed).
  static func realURL(_ url: URL) -> URL {
    let standard = url.standardizedFileURL
    if FileManager.default.fileExists(atPath: standard.path) {
      return standard.resolvingSymlinksInPath()
    }
    return realURL(standard.deletingLastPathComponent()).appendingPathComponent(
      standard.lastPathComponent)
  }

  private static func isInside(_ url: URL, _ folder: URL) -> Bool {
    url.path == folder.path
      || url.path.hasPrefix(folder.path.hasSuffix("/") ? folder.path : folder.path + "/")
  }
}
