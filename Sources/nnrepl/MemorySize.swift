import ArgumentParser
import NNLanguage

/// A memory size on the command line: `400MB`, `2GB`, `1.5GB`, or bytes.
struct MemorySize: ExpressibleByArgument {
  let bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(argument: String) {
    let units: [(String, Double)] = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("kB", 1e3), ("B", 1)]
    let (number, scale) =
      units.first { argument.hasSuffix($0.0) }.map { (String(argument.dropLast($0.0.count)), $0.1) }
      ?? (argument, 1)
    guard let value = Double(number), value > 0, value * scale < 1e15 else { return nil }
    bytes = Int(value * scale)
  }

  /// How `--help` shows the default: `400MB`.
  var defaultValueDescription: String {
    bytes % 1_000_000_000 == 0
      ? "\(bytes / 1_000_000_000)GB"
      : bytes % 1_000_000 == 0 ? "\(bytes / 1_000_000)MB" : "\(bytes)B"
  }

  /// A fresh session that may use this much memory for a network or a computed matrix.
  func session() -> Session {
    var session = Session()
    session.maxNumbers = max(1, bytes / 8)
    return session
  }
}
