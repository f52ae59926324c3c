import Foundation
import Testing

/// The README's first command, run with stand-ins for `dpkg`, `apt-get`, `sudo`, `id`, `swift` and
/// the built `nnrepl` that record what would run: it must work on a fresh Debian or Ubuntu
/// machine as root without sudo (the usual container), as a user with sudo, and when the
/// packages are there already.
@Suite("README set-up")
struct SetupTests {
  /// The command under "# 1." in the README's first `sh` block.
  static let command: String = {
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("README.md")
    let text = (try? String(contentsOf: readme, encoding: .utf8)) ?? ""
    let lines = text.components(separatedBy: "\n")
    guard let comment = lines.firstIndex(where: { $0.hasPrefix("# 1.") }), comment + 1 < lines.count
    else { return "" }
    return lines[comment + 1]
  }()

  /// Runs the command in a fresh folder as user `uid`, with the packages `installed` or not and
  /// `sudo` present or not. Returns the commands that ran, one a line, and the exit status.
  func run(uid: Int, installed: Bool, sudo: Bool) throws -> (log: [String], status: Int32) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    let bin = folder.appendingPathComponent("bin")
    let release = folder.appendingPathComponent(".build/release")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
    let log = folder.appendingPathComponent("log").path
    // Each stand-in writes its name and arguments (and the user it runs as) to the log.
    var standIns = [
      "dpkg": "echo \"dpkg $*\" >> \(log); exit \(installed ? 0 : 1)",
      "apt-get": "echo \"apt-get $* (as $(id -u))\" >> \(log)",
      "id": "[ \"$1\" = -u ] && echo ${AS_USER}",
      "swift": "echo \"swift $*\" >> \(log)",
    ]
    if sudo { standIns["sudo"] = "echo \"sudo $*\" >> \(log); AS_USER=0 \"$@\"" }
    for (name, body) in standIns { try script(body, at: bin.appendingPathComponent(name)) }
    try script("echo \"nnrepl $*\" >> \(log)", at: release.appendingPathComponent("nnrepl"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", Self.command]
    process.currentDirectoryURL = folder
    process.environment = ["PATH": bin.path, "AS_USER": "\(uid)"]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let recorded = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return (recorded.split(separator: "\n").map(String.init), process.terminationStatus)
  }

  private func script(_ body: String, at url: URL) throws {
    try "#!/bin/sh\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
  }

  static let build = "swift build -c release --static-swift-stdlib --product nnrepl"

  @Test("as root on a fresh machine without sudo: apt-get update, then install, as root")
  func rootWithoutSudo() throws {
    let (log, status) = try run(uid: 0, installed: false, sudo: false)
    #expect(status == 0)
    #expect(
      log == [
        "dpkg -s libedit-dev libopenblas-dev", "apt-get update (as 0)",
        "apt-get install -y libedit-dev libopenblas-dev (as 0)",
        Self.build, "nnrepl ",
      ])
  }

  @Test("as a user with sudo: both apt-get commands through sudo")
  func userWithSudo() throws {
    let (log, status) = try run(uid: 1000, installed: false, sudo: true)
    #expect(status == 0)
    #expect(
      log == [
        "dpkg -s libedit-dev libopenblas-dev", "sudo apt-get update", "apt-get update (as 0)",
        "sudo apt-get install -y libedit-dev libopenblas-dev",
        "apt-get install -y libedit-dev libopenblas-dev (as 0)",
        Self.build, "nnrepl ",
      ])
  }

  @Test(
    "with the packages there already: no apt-get, no sudo, straight to the build",
    arguments: [0, 1000])
  func alreadyInstalled(uid: Int) throws {
    let (log, status) = try run(uid: uid, installed: true, sudo: true)
    #expect(status == 0)
    #expect(log == ["dpkg -s libedit-dev libopenblas-dev", Self.build, "nnrepl "])
  }

  @Test("as root with sudo installed too, sudo is not used")
  func rootWithSudo() throws {
    let (log, _) = try run(uid: 0, installed: false, sudo: true)
    #expect(!log.contains { $0.hasPrefix("sudo") })
  }

  @Test("the README says where Swift 6 comes from")
  func swiftSource() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("Swift 6 (from swift.org's Linux installers or `swiftly`"))
  }
}
