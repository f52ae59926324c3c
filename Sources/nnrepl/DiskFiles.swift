import Foundation
import NNLanguage

/// The real file system, for the interpreter: relative paths are resolved against `base` (a
/// script's folder, so a lesson finds `data/iris.csv` from anywhere), and files are written
/// atomically — to a temporary file first, then renamed — so an interrupted write never leaves
/// half a file.
struct DiskFiles: FileAccess {
  /// The folder relative paths start from.
  let base: URL

  func read(_ path: String) throws(FileError) -> String {
    let url = resolve(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw FileError("no such file: '\(url.path)'")
    }
    guard !isDirectory.boolValue else { throw FileError("'\(url.path)' is a folder, not a file") }
    guard let data = FileManager.default.contents(atPath: url.path) else { throw FileError("'\(url.path)' cannot be read") }
    guard let text = String(data: data, encoding: .utf8) else { throw FileError("'\(url.path)' is not UTF-8 text") }
    return text
  }

  func write(_ text: String, to path: String) throws(FileError) {
    let url = resolve(path)
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw FileError("'\(url.path)' cannot be written: \(error.localizedDescription)")
    }
  }

  private func resolve(_ path: String) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
  }
}
