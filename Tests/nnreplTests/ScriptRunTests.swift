import Foundation
import NNTestSupport
import Testing

/// The built `nnrepl` run on script files, as a teacher or a grader runs it.
@Suite("nnrepl on scripts")
struct ScriptRunTests {
  let binary = BuiltBinary()

  /// Writes `text` to a new file and returns its path.
  func script(_ text: String, name: String = "lesson.nn") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static let documentRun = """
    # 种子文档 §5.2 的网络
    \(SeedScripts.documentNetwork)
    lr 0.1
    train 1000 every 100
    expect loss < 0.05
    """

  @Test("a script runs top to bottom and exits 0")
  func success() throws {
    let run = try binary.run([try script(Self.documentRun)])
    #expect(run.status == 0)
    #expect(run.standardError == "")
    #expect(run.standardOutput.contains("epoch  1000   loss 0.0223254"))
    #expect(run.standardOutput.contains("✓ loss < 0.05   (0.0223254)"))
  }

  @Test("the same script prints the same numbers every run")
  func reproducible() throws {
    let path = try script(Self.documentRun)
    #expect(try binary.run([path]).standardOutput == binary.run([path]).standardOutput)
  }

  @Test("a syntax error: file:line:col, the line, a caret, a suggestion, status 65, nothing run")
  func syntaxError() throws {
    let path = try script("input 2\nlayer dense 4 sigmod\n")
    let run = try binary.run([path])
    #expect(run.status == 65)
    #expect(run.standardOutput == "", "nothing runs when the file has a syntax error")
    #expect(
      run.standardError == """
        \(path):2:15: error: unknown activation 'sigmod'
          2 | layer dense 4 sigmod
            |               ^~~~~~
        note: did you mean 'sigmoid'?

        """)
  }

  @Test("a runtime error stops the script with status 70 after the lines before it ran")
  func runtimeError() throws {
    let run = try binary.run([try script("input 2\nlayer dense 3 softmax\ntrain 10\nsummary")])
    #expect(run.status == 70)
    #expect(run.standardOutput.contains("layer 1: dense 3 softmax"))
    #expect(!run.standardOutput.contains("Total params"), "the line after the error does not run")
    #expect(run.standardError.contains(":3:1: error: there is no data yet"))
    #expect(run.standardError.contains("note: load some with 'data xor'"))
  }

  @Test("a false expect exits 1 and names the expected and actual values")
  func failedExpectation() throws {
    let run = try binary.run([
      try script(Self.documentRun.replacingOccurrences(of: "0.05", with: "0.001"))
    ])
    #expect(run.status == 1)
    #expect(run.standardError.contains("error: expected loss < 0.001, but loss is 0.022325"))
  }

  @Test("a missing file exits 66; a bad flag exits 64")
  func badInvocation() throws {
    let missing = try binary.run(["no/such/lesson.nn"])
    #expect(missing.status == 66)
    #expect(
      missing.standardError == "nnrepl: error: cannot open 'no/such/lesson.nn': no such file\n")
    let badFlag = try binary.run(["--outptu", "json"])
    #expect(badFlag.status == 64)
    #expect(badFlag.standardError.contains("Unknown option '--outptu'"))
  }

  @Test("--help and --version")
  func helpAndVersion() throws {
    let help = try binary.run(["--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("USAGE: nnrepl <subcommand>"))
    #expect(help.standardOutput.contains("run (default)"))
    #expect(
      try binary.run(["run", "--help"]).standardOutput.contains(
        "USAGE: nnrepl run [<file>] [--output <output>]"))
    #expect(help.standardOutput.contains("65  the script has a syntax error"))
    for status in [0, 1, 64, 65, 66, 69, 70, 73, 74] {
      #expect(help.standardOutput.contains("\n  \(status) "), "--help names exit status \(status)")
    }
    #expect(try binary.run(["--version"]).standardOutput == "0.1.0\n")
  }

  @Test("--output json: one object per output, full precision, errors too")
  func jsonOutput() throws {
    let run = try binary.run([
      "--output", "json",
      try script("input 2\nlayer dense 2 softmax\ndata xor\nloss crossentropy\nforward\nshow W9"),
    ])
    #expect(run.status == 70)
    let records = try run.standardOutput.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    #expect(
      records.map { $0["kind"] as? String } == [
        "message", "message", "message", "message", "matrix", "value", "error",
      ])
    #expect(records.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 5, 6])
    #expect(records[4]["command"] as? String == "forward")
    let matrix = try #require(records[4]["data"] as? [String: Any])
    #expect(matrix["shape"] as? [Int] == [4, 2])
    let loss = try #require((records[5]["data"] as? [String: Any])?["value"] as? Double)
    #expect(
      run.standardOutput.contains("\"value\":\(loss)}"), "the loss is written with every digit")
    let error = try #require(records[6]["data"] as? [String: Any])
    #expect(error["id"] as? String == "runtime.noSuchLayer")
    #expect(error["column"] as? Int == 6)
  }
}
