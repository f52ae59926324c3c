import Foundation
import NNTestSupport
import Testing

/// What the program loads when it starts: start-up time is mostly the dynamic loader's work, so a
/// library added by accident costs every student milliseconds (docs/ARCHITECTURE.md, Start-up).
@Suite("nnrepl's linkage")
struct LinkageTests {
  @Test(
    "the program links FoundationEssentials but not Foundation and its ICU data",
    .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/ldd")))
  func noFoundation() throws {
    let ldd = Process()
    ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
    ldd.arguments = [BuiltBinary().path]
    let output = Pipe()
    ldd.standardOutput = output
    try ldd.run()
    let libraries = String(
      decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    ldd.waitUntilExit()
    #expect(libraries.contains("libedit"))
    #expect(!libraries.contains("libFoundation.so"))
    #expect(!libraries.contains("ICU"))
  }
}
