import ArgumentParser
import NNLanguage
import NNRender

/// `nnrepl check FILE…`: grade exercises by their `expect` lines.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Grade exercises: run each file and report pass, fail or not answered, with a score.",
    discussion: """
      An exercise passes when every line runs and every 'expect' holds. A '???' left in the file
      is reported as 'not answered'. The exit status is 0 when every exercise passes, else 1.
      """)

  @Argument(help: "The exercise files to grade.")
  var files: [String]

  @Option(help: "'text' for people, or 'json' for one JSON object per exercise and one for the score.")
  var output: EventPrinter.Format = .text

  @OptionGroup var safety: SafetyOptions

  func run() throws {
    NNRepl.setUpLocale()
    let console = Console()
    var grades: [Grade] = []
    for path in files {
      guard let source = ScriptRunner.read(path, console: console) else {
        throw ExitCode(ExitStatus.cannotOpenInput.rawValue)
      }
      let grade = Grade(source, files: DiskFiles(base: ScriptRunner.folder(of: path), anywhere: safety.allowFilesAnywhere), session: safety.session())
      grades.append(grade)
      console.out(output == .json ? Check.json(grade).text : Check.line(grade, style: console.outputStyle))
    }
    let passed = grades.filter { $0.status == .pass }.count
    if output == .json {
      console.out(JSONValue.object([("score", .integer(passed)), ("of", .integer(grades.count))]).text)
    } else {
      console.out("score: \(passed)/\(grades.count) exercises passed")
    }
    if passed < grades.count { throw ExitCode(ExitStatus.expectationFailed.rawValue) }
  }

  static func line(_ grade: Grade, style: TextStyle) -> String {
    let checks = "\(grade.checksPassed)/\(grade.checks) checks"
    let place = grade.line.map { "line \($0): " } ?? ""
    switch grade.status {
    case .pass: return style.colored("✓ pass", .green) + "          \(grade.name)   \(checks)"
    case .fail: return style.colored("✗ fail", .red) + "          \(grade.name)   \(checks)   \(place)\(grade.message ?? "")"
    case .unanswered: return style.colored("? not answered", .magenta) + "  \(grade.name)   \(grade.line.map { "'???' on line \($0)" } ?? "")"
    case .error: return style.colored("✗ error", .red) + "         \(grade.name)   \(place)\(grade.message ?? "")"
    }
  }

  static func json(_ grade: Grade) -> JSONValue {
    .object([
      ("file", .string(grade.name)), ("status", .string(grade.status.rawValue)),
      ("checks_passed", .integer(grade.checksPassed)), ("checks", .integer(grade.checks)),
      ("line", grade.line.map(JSONValue.integer) ?? .null), ("message", grade.message.map(JSONValue.string) ?? .null),
    ])
  }
}
