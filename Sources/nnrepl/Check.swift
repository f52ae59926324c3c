import ArgumentParser
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
import NNRender

/// `nnrepl check [--against EXERCISES] FILE…`: grade submissions by the teacher's exercises.
///
/// Each submission is graded in a child `nnrepl` with a time and a memory limit, so a class run
/// always ends with one row per submission: an endless `train`, a crash or an unreadable file is
/// that student's row, not the end of the run.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Grade exercises: run each submission by its exercise's checks and report points.",
    discussion: """
      With --against, each submission is graded by the original exercise (the file of the same \
      name in that folder, or with the same first line): only what the submission wrote in place \
      of each '???' is taken, and every 'expect' comes from the original, so deleting or editing \
      one changes nothing. An answer that uses a name the exercise forbids ('forbid delta1') is \
      'not allowed'. Without --against, each file is graded by its own lines.

      Every blank and every check is listed; a check is worth 1 point unless it says \
      'points N'. The exit status is 0 when every submission has full marks, else 1.
      """)

  @Argument(help: "The submissions to grade.")
  var files: [String]

  @Option(
    help: ArgumentHelp(
      "The original exercises: a folder, such as lessons/exercises/, or one file.",
      valueName: "path"))
  var against: String?

  @Option(
    help: "'text' for people, or 'json' for one JSON object per submission and one for the score.")
  var output: EventPrinter.Format = .text

  @Option(
    help: ArgumentHelp(
      "Also write a roster to this CSV file: file, points, max and each check's result.",
      valueName: "file"))
  var report: String?

  @Option(help: ArgumentHelp("The most seconds one submission may run.", valueName: "seconds"))
  var timeLimit: Double = 60

  @OptionGroup var safety: SafetyOptions

  /// Grade the one submission here and print the grade as JSON: how the parent runs a child.
  @Flag(help: .hidden) var isolated = false

  func validate() throws {
    if timeLimit <= 0 {
      throw ValidationError("--time-limit should be a positive number of seconds")
    }
    if isolated && files.count != 1 { throw ValidationError("--isolated grades one file") }
  }

  func run() throws {
    NNRepl.setUpLocale()
    if isolated { return try gradeHere(files[0]) }
    let console = Console()
    var grades: [Grade] = []
    for path in files {
      let grade = gradeInChild(path)
      grades.append(grade)
      console.out(
        output == .json
          ? CheckReport.json(grade).text : CheckReport.text(grade, style: console.outputStyle))
    }
    let (points, maxPoints) = (
      grades.map(\.points).reduce(0, +), grades.map(\.maxPoints).reduce(0, +)
    )
    let full = grades.filter { $0.status == .pass }.count
    if output == .json {
      console.out(
        JSONValue.object([
          ("points", .integer(points)), ("max", .integer(maxPoints)),
          ("full_marks", .integer(full)), ("submissions", .integer(grades.count)),
        ]).text)
    } else {
      console.out(
        "score: \(points)/\(maxPoints) points; \(full)/\(grades.count) submission\(grades.count == 1 ? "" : "s") with full marks"
      )
    }
    if let report {
      do {
        try DiskFiles(
          base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), anywhere: true
        )
        .write(CheckReport.csv(grades), to: report)
      } catch {
        console.err("nnrepl: error: \(error.reason)")
        throw ExitCode(ExitStatus.cannotOpenInput.rawValue)
      }
    }
    if full < grades.count { throw ExitCode(ExitStatus.expectationFailed.rawValue) }
  }

  /// The original exercise for `path`: the `--against` file, the folder's file of the same name
  /// (or the one whose first line is the submission's), or the submission itself.
  func original(for path: String, submission: SourceFile?) -> String? {
    guard let against else { return nil }
    var isFolder = false
    guard FileManager.default.fileExists(atPath: against, isDirectory: &isFolder), isFolder else {
      return against
    }
    let folder = URL(fileURLWithPath: against)
    let byName = folder.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent).path
    if FileManager.default.fileExists(atPath: byName) { return byName }
    guard let submission else { return nil }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: against)) ?? []).filter {
      $0.hasSuffix(".nn")
    }.sorted()
    return names.map { folder.appendingPathComponent($0).path }.first { candidate in
      let text = FileManager.default.contents(atPath: candidate).map {
        String(decoding: $0, as: UTF8.self)
      }
      return text.map { SourceFile(name: candidate, text: $0).lines.first }
        == submission.lines.first
    }
  }

  /// Grades `path` in a child copy of this program, under the time limit.
  private func gradeInChild(_ path: String) -> Grade {
    guard let submission = Check.read(path) else {
      let exercise = original(for: path, submission: nil)
      return Grade(
        name: path, exercise: exercise ?? path, status: .unreadable,
        message: "cannot read: \(Check.readProblem(path))",
        maxPoints: exercise.flatMap(Check.read).map(Check.maxPoints) ?? 0)
    }
    let exercise = original(for: path, submission: submission)
    if against != nil && exercise == nil {
      return Grade(
        name: path, exercise: against ?? "", status: .error,
        message: "no exercise in '\(against ?? "")' has this file's name or first line")
    }
    let maxPoints = exercise.flatMap(Check.read).map(Check.maxPoints) ?? Check.maxPoints(submission)
    var arguments = ["check", "--isolated", path, "--max-memory", "\(safety.maxMemory.bytes)B"]
    if let exercise { arguments += ["--against", exercise] }
    if safety.allowFilesAnywhere { arguments.append("--allow-files-anywhere") }
    let (ending, bytes) = ChildProcess(path: ExecutablePath.current, arguments: arguments).run(
      seconds: timeLimit)
    let name = exercise ?? path
    switch ending {
    case .timedOut:
      return Grade(
        name: path, exercise: name, status: .stopped,
        message:
          "stopped: still running after \(NumberFormat.scalar(timeLimit)) s (the time limit, --time-limit)",
        maxPoints: maxPoints)
    case .signalled(let signal):
      return Grade(
        name: path, exercise: name, status: .stopped,
        message: "stopped: it crashed or ran out of memory (signal \(signal))", maxPoints: maxPoints
      )
    case .exited(let code):
      guard code == 0, let grade = try? JSONDecoder().decode(Grade.self, from: Data(bytes)) else {
        return Grade(
          name: path, exercise: name, status: .stopped,
          message: "stopped: the grader ended with status \(code)", maxPoints: maxPoints)
      }
      return grade
    }
  }

  /// The child's side: limit memory, grade, print the grade as one JSON line.
  private func gradeHere(_ path: String) throws {
    Check.limitMemory(to: safety.maxMemory.bytes)
    guard let submission = Check.read(path) else {
      throw ExitCode(ExitStatus.cannotOpenInput.rawValue)
    }
    let original = against.flatMap(Check.read)
    if against != nil && original == nil { throw ExitCode(ExitStatus.cannotOpenInput.rawValue) }
    let folder = ScriptRunner.folder(of: against ?? path)
    let grade = Grade(
      submission, against: original,
      files: DiskFiles(base: folder, anywhere: safety.allowFilesAnywhere), session: safety.session()
    )
    let encoded = try JSONEncoder().encode(grade)
    Console().out(String(decoding: encoded, as: UTF8.self))
  }

  /// The address space a child may take: the session's own limit (which refuses a too-large
  /// network with a message) plus room for the program and its libraries, so only a runaway that
  /// slips past the session's checks meets the hard limit.
  private static func limitMemory(to bytes: Int) {
    let limit = rlim_t(bytes) * 3 + 2_000_000_000
    var current = rlimit()
    getrlimit(RLIMIT_AS_VALUE, &current)
    var wanted = rlimit(rlim_cur: min(limit, current.rlim_max), rlim_max: current.rlim_max)
    setrlimit(RLIMIT_AS_VALUE, &wanted)
  }

  static func read(_ path: String) -> SourceFile? {
    var isFolder = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder,
      let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { return nil }
    return SourceFile(name: path, text: text)
  }

  private static func readProblem(_ path: String) -> String {
    var isFolder = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      return "no such file"
    }
    if isFolder { return "it is a folder" }
    return FileManager.default.contents(atPath: path) == nil
      ? "it cannot be read" : "it is not UTF-8 text"
  }

  /// The points an exercise's checks are worth, without running it.
  static func maxPoints(_ exercise: SourceFile) -> Int {
    Script(exercise).lines.map { $0.command.as(Expect.self)?.points ?? 0 }.reduce(0, +)
  }
}

#if canImport(Glibc)
  private let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
#else
  private let RLIMIT_AS_VALUE = RLIMIT_AS
#endif
