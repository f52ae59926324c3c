import Foundation
import NNTestSupport
import Testing

/// A lesson walked through at a terminal: prose, commands echoed as typed, their output, all
/// within the terminal's width; and the step keys.
@Suite("Lesson walk", .serialized)
struct LessonWalkTests {
  let binary = BuiltBinary()

  static let widths: [UInt16] = [60, 80, 120]

  func environment(_ home: String) -> [String: String] {
    [
      "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", "HOME": home,
      "NNREPL_HISTORY": home + "/history",
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
      "ASAN_OPTIONS": ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "",
    ]
  }

  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// What the screen shows, line by line: without colour or cursor codes, and with what a
  /// carriage return wrote over (a progress bar redrawn in place) gone.
  static func screenLines(_ transcript: String) -> [String] {
    var text = ""
    var inEscape = false
    for scalar in transcript.unicodeScalars {
      if inEscape {
        if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
      } else if scalar == "\u{1B}" {
        inEscape = true
      } else {
        text.unicodeScalars.append(scalar)
      }
    }
    // "\r\n" is one Character in Swift; Foundation's splitting works on UTF-16 and sees both.
    return text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").map {
      line in
      line.components(separatedBy: "\r").last ?? ""
    }
  }

  /// Display columns, with Chinese characters two wide.
  static func columns(_ line: String) -> Int {
    line.unicodeScalars.reduce(0) { width, scalar in
      switch scalar.value {
      case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
        width + 2
      case 0x0300...0x036F: width
      default: width + 1
      }
    }
  }

  @Test(
    "every lesson at a 60, 80 and 120-column terminal: headings, echoed commands, nothing too wide",
    arguments: LessonTests.lessons)
  func everyLesson(_ lesson: String) throws {
    let path = LessonTests.folder.appendingPathComponent(lesson).path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.components(separatedBy: "\n")
    let headings = lines.filter {
      $0.hasPrefix("# #") && !$0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }
    .map { String($0.dropFirst(2)) }
    let commands = lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    let home = try folder().path
    for width in Self.widths {
      let terminal = try PseudoTerminal(
        path: binary.path, arguments: ["--no-pause", path], environment: environment(home),
        columns: width)
      #expect(
        terminal.waitForExit(seconds: 60) == 0,
        "\(lesson) at \(width) columns:\n\(terminal.transcript)")
      let screen = Self.screenLines(terminal.transcript)
      let shown = screen.joined(separator: "\n")
      for heading in headings where heading.count < Int(width) {
        #expect(
          screen.contains(heading), "\(lesson) at \(width): the heading '\(heading)' is missing")
      }
      for command in commands {
        // The walk lays out in all but the last column (TerminalSize.layoutColumns).
        let start = "nn> " + command.prefix(Int(width) - 5)
        #expect(shown.contains(start), "\(lesson) at \(width): '\(command)' is not echoed")
      }
      for line in screen {
        #expect(
          Self.columns(line) <= Int(width),
          "\(lesson) at \(width): a line of \(Self.columns(line)) columns: \(line)")
      }
    }
  }

  static let lesson = """
    # # A short lesson
    #
    # The network has **one** layer, and a name `a` counts.

    seed 42
    let a = 1

    # ## Add one
    #
    # Each run of this cell adds one to $a_1$.

    let a = a + 1

    # Predict the depth.

    input 2
    layer dense 2 softmax
    ask depth

    # Try this: `show a`.
    """

  /// Starts the short lesson, paused, at a terminal of `width` columns.
  func startShortLesson(width: UInt16 = 60) throws -> PseudoTerminal {
    let folder = try folder()
    let path = folder.appendingPathComponent("01-short.nn")
    try Self.lesson.write(to: path, atomically: true, encoding: .utf8)
    let terminal = try PseudoTerminal(
      path: binary.path, arguments: [path.path], environment: environment(folder.path),
      columns: width)
    return terminal
  }

  /// Waits for the step prompt and for the terminal to be ready for one key.
  @discardableResult
  func waitForChoice(_ terminal: PseudoTerminal, after mark: String.Index? = nil) throws
    -> String.Index
  {
    let found = try terminal.waitFor("q quit ▸ ", after: mark)
    try terminal.waitUntilEditing()
    return found
  }

  @Test(
    "step keys at a terminal: Enter runs, b goes back to the state before, r opens the REPL and Ctrl-D returns, the end opens the REPL"
  )
  func keys() throws {
    let terminal = try startShortLesson()
    var mark = try waitForChoice(terminal)
    #expect(terminal.transcript.contains("# A short lesson"), "the prose comes first")
    terminal.type("\r")  // one key, no Enter needed: the first cell runs
    mark = try terminal.waitFor("nn> let a = 1", after: mark)
    mark = try waitForChoice(terminal, after: mark)
    terminal.type(" ")  // Space runs too
    mark = try terminal.waitFor("a = 2", after: mark)
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("b")  // back to 'let a = a + 1', with a = 1 again
    mark = try terminal.waitFor("back one cell", after: mark)
    mark = try terminal.waitFor("Each run of this cell adds one to a₁.", after: mark)
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("\r")
    mark = try terminal.waitFor("a = 2", after: mark)
    #expect(
      !terminal.transcript.contains("a = 3"), "going back restored the session before the cell")
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("r")
    mark = try terminal.waitFor("Ctrl-D returns", after: mark)
    mark = try terminal.waitFor("nn> ", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("a * 10\r")
    mark = try terminal.waitFor("a * 10 = 20", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("\u{04}")  // Ctrl-D: back to the pending cell, shown again
    mark = try terminal.waitFor("│ ask depth", after: mark)
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("\r")
    mark = try terminal.waitFor("your guess for depth: ", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("1\r")
    mark = try terminal.waitFor("your guess 1 is exactly right", after: mark)
    mark = try terminal.waitFor("the session is yours — Ctrl-D to leave", after: mark)
    mark = try terminal.waitFor("nn> ", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("a\r")
    mark = try terminal.waitFor("a = 2", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("\u{04}")
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    #expect(terminal.isInLineMode, "the terminal is back in line mode")
    for line in Self.screenLines(terminal.transcript) {
      #expect(Self.columns(line) <= 60, "a line wider than the terminal: \(line)")
    }
  }

  @Test("s skips a cell; Ctrl-D at the step prompt asks before leaving, q leaves at once")
  func skipAndLeave() throws {
    let terminal = try startShortLesson(width: 80)
    var mark = try waitForChoice(terminal)
    terminal.type("s")
    mark = try terminal.waitFor("(skipped)", after: mark)
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("\u{04}")
    mark = try terminal.waitFor("leave the lesson?", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("n")  // stay
    mark = try waitForChoice(terminal, after: mark)
    terminal.type("\u{04}")
    mark = try terminal.waitFor("leave the lesson?", after: mark)
    try terminal.waitUntilEditing()
    terminal.type("y")
    #expect(terminal.waitForExit() == 0, "the terminal showed:\n\(terminal.transcript)")
    #expect(terminal.isInLineMode)
    #expect(!terminal.transcript.contains("nn> let a = 1"), "the skipped cell did not run")
  }

  @Test("SIGTERM while waiting for a key leaves the terminal in line mode")
  func signalRestoresTerminal() throws {
    let terminal = try startShortLesson()
    try waitForChoice(terminal)
    #expect(!terminal.isInLineMode, "waiting for one key")
    terminal.signal(SIGTERM)
    #expect(terminal.waitForExit() == 128 + SIGTERM)
    #expect(terminal.isInLineMode)
  }

  @Test(
    "at the REPL on a lesson's state, a note about a lesson's line names the lesson file and line")
  func notesNameTheLesson() throws {
    let path = try folder().appendingPathComponent("notes.nn")
    try "# # T\n\nseed 42\ninput 2\nlayer dense 2 softmax\n\n# more\n\ndepth\n".write(
      to: path, atomically: true, encoding: .utf8)
    let run = try binary.run(
      ["--step", path.path], input: "\nr\ndata X = [[1, 2]] y = [5]\nloss crossentropy\nforward\n")
    #expect(
      run.standardError.contains(
        "\(path.path):5:1: note: the output layer, layer 1, was declared here"),
      "\(run.standardError)")
    #expect(
      run.standardError.contains("<stdin>:3:1: error:"), "the typed line is still the REPL's own")
  }

  @Test("piped or redirected, a lesson prints results only; --transcript shows the walk")
  func forms() throws {
    let path = try folder().appendingPathComponent("01-short.nn")
    try Self.lesson.write(to: path, atomically: true, encoding: .utf8)
    let results = try binary.run([path.path])
    #expect(results.status == 0)
    #expect(
      results.standardOutput.hasPrefix("seed 42\na = 1\na = 2\n"),
      "results only, as graders read them")
    let walk = try binary.run(["--transcript", path.path], environment: ["COLUMNS": "40"])
    #expect(walk.status == 0)
    #expect(
      walk.standardOutput.contains(
        "# A short lesson\n\nThe network has **one** layer, and a\nname `a` counts.\n\nnn> seed 42\nseed 42\nnn> let a = 1\na = 1"
      ))
    #expect(
      walk.standardOutput.contains("Each run of this cell adds one to a₁."), "math as Unicode")
    #expect(
      !walk.standardOutput.contains("the session is yours"), "without pauses, no REPL at the end")
    let json = try binary.run(["--output", "json", path.path])
    #expect(!json.standardOutput.contains("nn> "))
  }

  @Test("--lang zh: Chinese prose where there is some, the English with a note where there is none")
  func chineseFallback() throws {
    let folder = try folder()
    let untranslated = folder.appendingPathComponent("01-short.nn")
    try Self.lesson.write(to: untranslated, atomically: true, encoding: .utf8)
    let none = try binary.run(["--transcript", "--lang", "zh", untranslated.path])
    #expect(none.status == 0)
    #expect(none.standardOutput.hasPrefix("(这一课还没有中文讲解，下面显示英文原文)"))
    #expect(none.standardOutput.contains("# A short lesson"), "the English, never silently nothing")
    let partly = folder.appendingPathComponent("02-partly.nn")
    try """
    # # Lesson

    # [zh]
    # # 课程

    seed 1

    # Only English here.

    seed 2
    """.write(to: partly, atomically: true, encoding: .utf8)
    let some = try binary.run(["--transcript", partly.path], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(some.standardOutput.contains("# 课程"))
    #expect(!some.standardOutput.contains("# Lesson"))
    #expect(some.standardOutput.contains("(这一段还没有中文，下面是英文原文)\n\nOnly English here."))
    let english = try binary.run(
      ["--transcript", "--lang", "en", partly.path], environment: ["LANG": "zh_CN.UTF-8"])
    #expect(english.standardOutput.contains("# Lesson") && !english.standardOutput.contains("课程"))
  }

  @Test("--lang zh: commands' one-line help and common diagnostics in Chinese")
  func chineseMessages() throws {
    let run = try binary.run(["--lang", "zh"], input: "help\nlayr dense 4 relu\n")
    #expect(run.standardOutput.contains("前向传播：逐层计算 z = a·W + b 和 a = f(z)"))
    #expect(run.standardError.contains("没有这个命令（unknown command 'layr'）"))
    let english = try binary.run([], input: "help train\n")
    #expect(english.standardOutput.contains("run gradient descent for many epochs"))
    #expect(
      english.standardOutput.contains("THE COURSE TEXT: §"),
      "help cites the course text, not 'the seed'")
  }

  @Test(
    "'nnrepl lessons' lists each lesson with its title, what it teaches and its time; 'lessons N' starts one"
  )
  func index() throws {
    let list = try binary.run(
      ["lessons", "--folder", LessonTests.folder.path], environment: ["COLUMNS": "80"])
    #expect(list.status == 0)
    let lines = list.standardOutput.components(separatedBy: "\n")
    let zero = try #require(lines.first { $0.hasPrefix(" 0  Lesson 0 — A first network, trained") })
    #expect(
      zero.hasSuffix(" min") && zero.count == 79,
      "the time sits at the right edge, the last column left empty: \(zero)")
    #expect(list.standardOutput.contains("    - train it and watch the loss fall;"))
    #expect(lines.allSatisfy { LessonWalkTests.columns($0) <= 80 })
    let alias = try binary.run(["list", "--folder", LessonTests.folder.path])
    #expect(alias.standardOutput == list.standardOutput || alias.status == 0)
    let start = try binary.run(["lessons", "3", "--folder", LessonTests.folder.path])
    #expect(start.status == 0)
    #expect(start.standardOutput.contains("Lesson 3 — Backpropagation, checked"))
    #expect(start.standardOutput.contains("nn> backward"))
    #expect(
      start.standardOutput.contains(
        "Next: Lesson 4 — Gradient descent and the learning rate — nnrepl lessons 4"))
    let missing = try binary.run(["lessons", "42", "--folder", LessonTests.folder.path])
    #expect(missing.status == 64)
    #expect(missing.standardError.contains("there is no lesson 42"))
  }
}
