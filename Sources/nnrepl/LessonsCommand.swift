import ArgumentParser
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNLanguage

/// `nnrepl lessons [N] [--folder F]` (or `nnrepl list`): the lessons with what each teaches and
/// how long it takes, or lesson N walked through.
struct Lessons: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the lessons with what each teaches and how long it takes, or start lesson N.",
    discussion: """
      The lessons are found in the folder given, else in ./lessons, else next to the repository \
      nnrepl was built in.
      """,
    aliases: ["list"])

  @Argument(help: "The number of the lesson to start, such as 3.")
  var number: Int?

  @Option(help: "The folder that holds the lessons.")
  var folder: String?

  @Flag(help: "Walk through the lesson without pausing.")
  var noPause = false

  @Option(help: "The language of the lessons: 'en', or 'zh' for Chinese (default: from LANG).")
  var lang: String?

  @OptionGroup var safety: SafetyOptions

  func run() throws {
    NNRepl.setUpLocale()
    let console = Console()
    Localized.current = Localized.language(
      flag: lang, environment: ProcessInfo.processInfo.environment)
    guard let folder = LessonIndex.folder(given: folder) else {
      console.err(
        "nnrepl: error: no lessons found in ./lessons or next to nnrepl's repository\nnote: name the folder: 'nnrepl lessons --folder path/to/lessons'"
      )
      throw ExitCode(ExitStatus.cannotOpenInput.rawValue)
    }
    let index = LessonIndex(folder: folder, language: Localized.current)
    guard let number else {
      console.out(index.rendered(width: TerminalSize.layoutColumns, style: console.outputStyle))
      return
    }
    guard let entry = index.entries.first(where: { $0.number == number }) else {
      let numbers = index.entries.map { String($0.number) }.joined(separator: ", ")
      console.err(
        "nnrepl: error: there is no lesson \(number) in \(folder)\nnote: the lessons are \(numbers)"
      )
      throw ExitCode(ExitStatus.usage.rawValue)
    }
    let pace: LessonWalk.Pace =
      noPause || !(console.inputIsTerminal && console.outputIsTerminal) ? .straight : .paused
    let status = LessonWalk(
      path: entry.path, language: Localized.current, console: console, pace: pace,
      anywhere: safety.allowFilesAnywhere,
      session: safety.session()
    ).run()
    if Interrupt.terminationSignal != 0 { throw ExitCode(128 + Interrupt.terminationSignal) }
    if status != .success { throw ExitCode(status.rawValue) }
  }
}
