import Foundation

/// The `nnrepl` executable that `swift build` put beside the test bundle, run as a user would.
public struct BuiltBinary {
  /// What one run printed and how it ended.
  public struct Run {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
  }

  /// The executable's path.
  public let path: String

  /// The binary in the same build folder as the running tests.
  public init() {
    let testBundle =
      Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
      ?? URL(fileURLWithPath: CommandLine.arguments[0])
    path = testBundle.deletingLastPathComponent().appendingPathComponent("nnrepl").path
  }

  /// Runs the binary with `arguments`, `input` on standard input, and `NO_COLOR` set unless
  /// `environment` says otherwise, in `directory` (or the tests' own).
  public func run(
    _ arguments: [String] = [], input: String = "", environment: [String: String] = [:],
    directory: URL? = nil
  ) throws -> Run {
    let process = Process()
    if let directory { process.currentDirectoryURL = directory }
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged["NO_COLOR"] = "1"
    merged.merge(environment) { $1 }
    process.environment = merged
    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot fill a pipe and stall the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errorData = Data()
    DispatchQueue.global().async(group: group) {
      errorData = stderr.fileHandleForReading.readDataToEndOfFile()
    }
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}
