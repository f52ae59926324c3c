import Foundation
import NNTestSupport
import Testing

/// `nnrepl kernel`: without its Python package, it says how to install it instead of failing in
/// Python's words. (With the package, jupyter/tests start the kernel through it.)
@Suite("nnrepl kernel")
struct KernelCommandTests {
  let binary = BuiltBinary()

  @Test("a Python without the kernel's package gets nnrepl's error and the install hint")
  func packageMissing() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // python3 without its site-packages: the package cannot be imported from it.
    let python = folder.appendingPathComponent("python")
    try "#!/bin/sh\nexec python3 -S \"$@\"\n".write(to: python, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
    let run = try binary.run(
      ["kernel", "-f", folder.appendingPathComponent("connection.json").path],
      environment: ["NNREPL_PYTHON": python.path])
    #expect(run.status == 69, "a missing package is as unavailable as a missing Python")
    #expect(
      run.standardError.contains(
        "nnrepl: error: the Jupyter kernel's Python package is not installed for "))
    #expect(
      run.standardError.contains(
        "hint: pip install ./jupyter (from nnrepl's repository), then nnrepl kernel install --user")
    )
    let install = try binary.run([
      "kernel", "install", "--prefix", folder.path, "--python", python.path,
    ])
    #expect(install.status == 69)
    #expect(
      install.standardError.contains("the Jupyter kernel's Python package is not installed for "))
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("share").path),
      "nothing was installed")
  }

  @Test("no Python at all is a clear error with exit status 69 (unavailable)")
  func noPython() throws {
    let run = try binary.run(
      ["kernel", "install", "--user"], environment: ["NNREPL_PYTHON": "", "PATH": "/nonexistent"])
    #expect(run.status == 69)
    #expect(
      run.standardError.hasPrefix(
        "nnrepl: error: the Jupyter kernel needs Python 3, and there is no python3 on PATH"))
  }

  @Test("without -f it says how to install the kernel; --user and --prefix exclude each other")
  func usage() throws {
    let bare = try binary.run(["kernel"])
    #expect(bare.status == 64)
    #expect(bare.standardError.contains("to install it, run 'nnrepl kernel install --user'"))
    let both = try binary.run(["kernel", "install", "--user", "--prefix", "/tmp"])
    #expect(both.status == 64)
    #expect(both.standardError.contains("choose one of --user and --prefix"))
  }
}
