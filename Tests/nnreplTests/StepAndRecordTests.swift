import Foundation
import NNTestSupport
import Testing

/// Step mode and recorded sessions.
@Suite("Step mode and recording", .serialized)
struct StepAndRecordTests {
  let binary = BuiltBinary()

  func file(_ name: String, _ text: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static let lesson = """
    # # A short lesson
    # The network has `one` layer.

    seed 42
    input 2
    layer dense 2 softmax

    # Predict the depth.
    ask depth

    summary

    # [zh]
    # 深度是多少？
    depth
    """

  static let choices = "↵ run · s skip · b back · r REPL · q quit ▸ "

  @Test("Enter runs a cell, s skips one, an 'ask' takes a guess, q quits")
  func choices() throws {
    let run = try binary.run(["--step", file("step.nn", Self.lesson).path], input: "\n\n2\ns\nq\n")
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("# A short lesson\nThe network has `one` layer."))
    #expect(
      run.standardOutput.contains(
        "│ layer dense 2 softmax\n\(Self.choices)\nnn> seed 42\nseed 42\nnn> input 2\ninput: 2 features per sample"
      ))
    #expect(run.standardOutput.contains("depth = 1\nyour guess 2 was off by 1 (100%)"))
    #expect(!run.standardOutput.contains("Total params"), "the summary cell was skipped")
    #expect(!run.standardOutput.contains("End of the lesson"), "q quit before the end")
    #expect(!run.standardOutput.contains("深度"), "Chinese prose only with --lang zh")
  }

  @Test("r opens the REPL with the lesson's state; Ctrl-D (end of input) comes back")
  func repl() throws {
    let run = try binary.run(
      ["--step", "--lang", "zh", file("step.nn", Self.lesson).path], input: "\nr\nshow W1\n")
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("进入 REPL，保留本课到目前为止的状态"), "the walk's own words in Chinese")
    #expect(run.standardOutput.contains("W1  2×2"), "the REPL sees the weights the lesson made")
  }

  @Test("at a pseudo-terminal: the lesson waits for a key, runs the cell, and quits")
  func terminal() throws {
    let path = try file("step.nn", Self.lesson).path
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
    let terminal = try PseudoTerminal(
      path: binary.path, arguments: ["--step", path],
      environment: [
        "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": home,
        "NNREPL_HISTORY": home + "-history",
        "ASAN_OPTIONS": ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "",
      ])
    var mark = try terminal.waitFor(Self.choices)
    try terminal.waitUntilEditing()
    terminal.type("\r")  // one key: no Enter is needed after it
    mark = try terminal.waitFor("layer 1: dense 2 softmax", after: mark)
    mark = try terminal.waitFor("q quit ▸ ", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("q")
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
  }

  @Test(
    "a recorded session keeps the lines that ran, with comments, and re-runs to the same outputs")
  func recording() throws {
    let record = FileManager.default.temporaryDirectory.appendingPathComponent(
      UUID().uuidString + ".nn"
    ).path
    let session = """
      # 我的第一个网络
      seed 42
      input 2
      layer dense 4 sigmod
      layer dense 4 sigmoid
      layer dense 3 softmax
      data document
      loss crossentropy
      train 10
      """
    let live = try binary.run(["--record", record], input: session + "\n")
    #expect(live.status == 65, "the typo fails, the session goes on")
    let recorded = try String(contentsOfFile: record, encoding: .utf8)
    #expect(recorded == session.replacingOccurrences(of: "layer dense 4 sigmod\n", with: "") + "\n")
    let replay = try binary.run([record])
    #expect(replay.status == 0)
    #expect(replay.standardOutput == live.standardOutput)
  }

  @Test(":record stop ends the recording: later lines are not added")
  func recordStop() throws {
    let record = FileManager.default.temporaryDirectory.appendingPathComponent(
      UUID().uuidString + ".nn"
    ).path
    let run = try binary.run(
      ["--record", record], input: "input 2\n:record stop\nlayer dense 2 relu\n")
    #expect(run.standardOutput.contains("recording stopped"))
    #expect(try String(contentsOfFile: record, encoding: .utf8) == "input 2\n")
  }

  @Test(":history, :save and :load at the prompt; an unknown meta-command is explained")
  func metaCommands() throws {
    let saved = FileManager.default.temporaryDirectory.appendingPathComponent(
      UUID().uuidString + ".nn"
    ).path
    let first = try binary.run(
      ["--allow-files-anywhere"],
      input: "input 2\nlayer dense 2 relu\n:history\n:save \(saved)\n:nope\n")
    #expect(
      first.standardOutput.contains(
        "   1  input 2\n   2  layer dense 2 relu\nsaved 2 lines to \(saved)"))
    #expect(first.standardError.contains("error: unknown meta-command ':nope'"))
    let second = try binary.run(["--allow-files-anywhere"], input: ":load \(saved)\ndepth\n")
    #expect(second.standardOutput.contains("depth = 1"))
  }
}

@Suite("Recording and loading: failures said once, lines numbered by their file")
struct RecordFailureTests {
  let binary = BuiltBinary()

  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test(
    ":record outside the folder is refused once, does not claim to record, and piped input exits 73"
  )
  func recordOutside() throws {
    let work = try folder()
    let run = try binary.run(
      [], input: ":record ../out.nn\ninput 2\nlayer dense 2 relu\n", directory: work)
    #expect(run.status == 73)
    #expect(
      run.standardError.components(separatedBy: "error: cannot save to '../out.nn'").count == 2,
      "\(run.standardError)")
    #expect(!run.standardOutput.contains("recording to"))
    #expect(run.standardOutput.contains("layer 1: dense 2 relu"))
  }

  @Test("--record to a file that cannot be written is said once, before any line")
  func recordFlagUnwritable() throws {
    let work = try folder()
    let run = try binary.run(
      ["--record", "missing-folder/out.nn"], input: "input 2\nlayer dense 2 relu\n", directory: work
    )
    #expect(run.status == 73)
    #expect(
      run.standardError.components(separatedBy: "cannot save to").count == 2, "\(run.standardError)"
    )
  }

  @Test("a :load'ed line's error names the loaded file and its line")
  func loadedLineNumbers() throws {
    let work = try folder()
    try "input 2\n# a comment\nlayer dense 2 sigmod\n".write(
      to: work.appendingPathComponent("part.nn"), atomically: true, encoding: .utf8)
    let run = try binary.run([], input: "seed 1\nseed 2\n:load part.nn\n", directory: work)
    #expect(
      run.standardError.contains("part.nn:3:15: error: unknown activation 'sigmod'"),
      "\(run.standardError)")
    #expect(run.standardError.contains("  3 | layer dense 2 sigmod"))
    #expect(run.status == 65)
  }
}
