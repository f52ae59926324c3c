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
import NNLanguage

/// The real file system, for the interpreter.
///
/// Relative paths are resolved against `base` (a script's folder, so a lesson finds
/// `data/iris.csv` from anywhere). Files are written atomically — to a temporary file first, then
/// renamed — so an interrupted write never leaves half a file.
///
/// Running a stranger's lesson must be safe, so by default a script may write only inside the
/// current folder (`root`), and read only there or in its own folder: absolute paths, `..` and
/// symbolic links that lead outside are refused. `--allow-files-anywhere` lifts this.
struct DiskFiles: FileAccess {
  /// The folder relative paths start from.
  let base: URL
  /// The folder files must stay inside, or `nil` for anywhere.
  let root: URL?

  /// Files for a script in `base`, kept inside the current folder unless `anywhere`.
  init(base: URL, anywhere: Bool = false) {
    self.base = base
    root = anywhere ? nil : DiskFiles.realURL(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  }

  func read(_ path: String) throws(FileError) -> String {
    let url = resolve(path)
    try check(url, writing: false, as: path)
    var isDirectory = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw FileError("no such file: '\(url.path)'")
    }
    guard !isDirectory else { throw FileError("'\(url.path)' is a folder, not a file") }
    guard let data = FileManager.default.contents(atPath: url.path) else { throw FileError("'\(url.path)' cannot be read") }
    guard let text = String(data: data, encoding: .utf8) else { throw FileError("'\(url.path)' is not UTF-8 text") }
    return text
  }

  func write(_ text: String, to path: String) throws(FileError) {
    let url = resolve(path)
    try check(url, writing: true, as: path)
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw FileError("'\(url.path)' cannot be written: \(DiskFiles.reason(error))")
    }
  }

  /// Why a file operation failed, in the system's words ("No such file or directory"), rather
  /// than the error value's debugging description.
  static func reason(_ error: any Error) -> String {
    let posix = error as? POSIXError ?? (error as? CocoaError)?.userInfo["NSUnderlyingError"] as? POSIXError
    guard let posix else { return "\(error)" }
    return String(cString: strerror(posix.code.rawValue))
  }

  private func resolve(_ path: String) -> URL {
    (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)).standardizedFileURL
  }

  /// Fails unless `url`, with every symbolic link followed, is inside the current folder — or,
  /// for reading, inside the script's own folder.
  private func check(_ url: URL, writing: Bool, as written: String) throws(FileError) {
    guard let root else { return }
    let real = DiskFiles.realURL(url)
    let allowed = writing ? [root] : [root, DiskFiles.realURL(base)]
    guard !allowed.contains(where: { DiskFiles.isInside(real, $0) }) else { return }
    let verb = writing ? "write" : "read"
    throw FileError(
      "'\(written)' is outside \(writing ? "the current folder" : "the current folder and the script's folder") (it is \(real.path)); a script may only \(verb) inside them — start nnrepl with --allow-files-anywhere to lift this")
  }

  /// `url` with symbolic links followed, also for a file that does not exist yet (its folder's
  /// links are followed).
  static func realURL(_ url: URL) -> URL {
    let standard = url.standardizedFileURL
    if FileManager.default.fileExists(atPath: standard.path) { return standard.resolvingSymlinksInPath() }
    return realURL(standard.deletingLastPathComponent()).appendingPathComponent(standard.lastPathComponent)
  }

  private static func isInside(_ url: URL, _ folder: URL) -> Bool {
    url.path == folder.path || url.path.hasPrefix(folder.path.hasSuffix("/") ? folder.path : folder.path + "/")
  }
}
