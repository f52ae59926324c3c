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

/// The `nnrepl` command: a REPL when given no file, a script runner when given one, and a
/// grader of exercises (`nnrepl check`).
@main
struct NNRepl: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnrepl",
    abstract: "Learn how neural networks learn: build, inspect and train one, line by line.",
    discussion: """
      With no file, starts an interactive session (type 'help' there). With a lesson at a \
      terminal, walks through it: its prose, each command as if typed, and what it printed, \
      pausing before each cell. Piped or redirected, a file runs top to bottom printing only \
      results, and stops at the first error, printing 'file:line:col: error: …'.

      'nnrepl lessons' lists the lessons; 'nnrepl lessons 3' starts lesson 3.

      Exit status:
        0   success
        1   an 'expect' line was false, or an exercise has a '???' left
        64  the command line is wrong
        65  the script has a syntax error (nothing was run)
        66  the script cannot be read
        69  'nnrepl kernel' finds no Python, or one without the kernel's package
        70  a line failed while running
        73  a file to write cannot be created ('export --to', ':save', ':record')
        74  standard output could not be written

      'nnrepl check --against EXERCISES FILE…' grades submissions by the original exercises.

      History is kept in ~/.nnrepl_history, or in the file NNREPL_HISTORY names. \
      Set NO_COLOR to turn colour off.

      'nnrepl kernel install --user' installs the Jupyter kernel (after 'pip install ./jupyter').
      """,
    version: "0.1.0",
    subcommands: [Run.self, Check.self, Export.self, Lessons.self, Kernel.self],
    defaultSubcommand: Run.self)

  /// The history file: `NNREPL_HISTORY`, or `~/.nnrepl_history`.
  static func historyPath(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    if let path = environment["NNREPL_HISTORY"], !path.isEmpty { return path }
    return environment["HOME"].map { $0 + "/.nnrepl_history" }
  }

  /// UTF-8 input (a Chinese comment) must edit correctly even when the environment sets no locale.
  /// Only the character type comes from the environment: numbers keep the C locale's decimal
  /// point, so `NumberFormat.printf` writes 0.5 and never 0,5 under a German locale.
  static func setUpLocale() {
    _ = setlocale(LC_CTYPE, "")
    if let locale = setlocale(LC_CTYPE, nil), ["C", "POSIX"].contains(String(cString: locale)) {
      _ = setlocale(LC_CTYPE, "C.UTF-8")
    }
  }
}

/// `nnrepl [file]`: the REPL, or a script.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Start the REPL, or run a script (the default: 'nnrepl lesson.nn' is 'nnrepl run lesson.nn')."
  )

  @Argument(help: "A script to run, such as lessons/02-forward-pass.nn.")
  var file: String?

  @Option(
    help: "How results are written: 'text' for people, or 'json' for one JSON object per line.")
  var output: EventPrinter.Format = .text

  @Flag(
    help:
      "Pause before each cell of the lesson (the default at a terminal): Enter runs it, s skips, b goes back, r opens the REPL, q quits."
  )
  var step = false

  @Flag(
    help: "Walk through the lesson without pausing: one readable transcript ('| less -R' friendly)."
  )
  var noPause = false

  @Flag(help: "Show the lesson's prose and echoed commands even when the output is not a terminal.")
  var transcript = false

  @Option(
    help: "The language of lessons and messages: 'en', or 'zh' for Chinese (default: from LANG).")
  var lang: String?

  @Option(
    help: "At the prompt: keep this file up to date with every line that runs (a lesson file).")
  var record: String?

  @Flag(
    help:
      "Serve a notebook kernel: JSON requests on standard input, one a line, JSON answers on standard output (the Jupyter kernel in jupyter/ runs this)."
  )
  var serve = false

  @OptionGroup var safety: SafetyOptions

  func validate() throws {
    if serve && (file != nil || step) {
      throw ValidationError("--serve reads requests, not a file: use 'nnrepl --serve' alone")
    }
    if step && file == nil {
      throw ValidationError(
        "--step needs a lesson file, such as 'nnrepl --step lessons/03-backprop.nn'")
    }
  }

  func run() throws {
    NNRepl.setUpLocale()
    let console = Console()
    Localized.current = Localized.language(
      flag: lang, environment: ProcessInfo.processInfo.environment)
    if console.outputIsTerminal { TerminalSize.watchResizes() }
    let status: ExitStatus
    if serve {
      var server = Serve(session: safety.session(), anywhere: safety.allowFilesAnywhere)
      status = server.run()
    } else if let file, let pace = pace(console) {
      status = LessonWalk(
        path: file, language: Localized.current, console: console, pace: pace,
        anywhere: safety.allowFilesAnywhere,
        session: safety.session()
      ).run()
    } else if let file {
      status = ScriptRunner(
        path: file, printer: EventPrinter(console: console, format: output, promptWidth: nil),
        anywhere: safety.allowFilesAnywhere,
        session: safety.session()
      ).run()
    } else {
      status = runInteractive(console)
    }
    // Ended by SIGTERM or SIGHUP: the line editor is gone (terminal restored), the history was
    // saved line by line; end with the conventional status 128 + the signal's number.
    if Interrupt.terminationSignal != 0 { throw ExitCode(128 + Interrupt.terminationSignal) }
    if console.reportOutputFailure() { throw ExitCode(ExitStatus.ioError.rawValue) }
    if status != .success { throw ExitCode(status.rawValue) }
  }

  /// How a file is walked through, or `nil` for results only: a pipe, a file or `--output json`
  /// keep the results-only form graders and tests read.
  func pace(_ console: Console) -> LessonWalk.Pace? {
    if output == .json && !step && !transcript { return nil }
    if step { return .paused }
    if noPause || transcript { return .straight }
    guard console.outputIsTerminal else { return nil }
    return console.inputIsTerminal ? .paused : .straight
  }

  private func runInteractive(_ console: Console) -> ExitStatus {
    if console.inputIsTerminal {
      Interrupt.install()
      let reader = LibeditLineReader(historyPath: NNRepl.historyPath())
      if let reader {
        var repl = REPL(
          reader: reader,
          printer: EventPrinter(console: console, format: output, promptWidth: REPL.prompt.count),
          isInteractive: true, recording: record, anywhere: safety.allowFilesAnywhere,
          session: safety.session())
        return repl.run()
      }
    }
    var repl = REPL(
      reader: PlainLineReader(),
      printer: EventPrinter(console: console, format: output, promptWidth: nil),
      isInteractive: false, recording: record, anywhere: safety.allowFilesAnywhere,
      session: safety.session())
    return repl.run()
  }

}

extension EventPrinter.Format: ExpressibleByArgument {}
