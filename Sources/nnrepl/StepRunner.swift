import NNLanguage
import NNRender

/// `nnrepl --step lesson.nn`: a lesson one cell at a time. Each prose cell is shown, then the next
/// code cell, and the student chooses: Enter runs it, `s` skips it, `r` opens the REPL with the
/// lesson's state so far (Ctrl-D comes back), `q` quits. An `ask` line asks for a guess first.
struct StepRunner {
  static let choices = "↵ run · s skip · r REPL · q quit ▸ "

  let path: String
  let language: String
  let console: Console
  /// Whether the lesson may read and write files outside the current folder.
  var anywhere = false
  /// The session to start from (it carries the memory limit).
  var session = Session()

  func run() -> ExitStatus {
    guard let source = ScriptRunner.read(path, console: console) else { return .cannotOpenInput }
    let script = Script(source)
    let printer = EventPrinter(console: console, format: .text, promptWidth: nil)
    if let error = script.errors.first {
      printer.show(.diagnostic(error), line: error.range?.line ?? 0, source: source)
      return ExitStatus(for: error)
    }
    var reader: any LineReader = PlainLineReader()
    if console.inputIsTerminal {
      Interrupt.install()
      if let editor = LibeditLineReader(historyPath: NNRepl.historyPath()) { reader = editor }
    }
    var interpreter = Interpreter(session: session, files: DiskFiles(base: ScriptRunner.folder(of: path), anywhere: anywhere))
    let commands = Dictionary(uniqueKeysWithValues: script.lines.map { ($0.number, $0) })
    for cell in Notebook(source).cells(in: language) {
      switch cell {
      case .prose(let text, _):
        console.out("\n" + TerminalProse.render(text, style: console.outputStyle))
      case .code(let numbers):
        console.out("")
        for number in numbers { console.out(console.outputStyle.colored("│ ", .gray) + (source.line(number) ?? "")) }
        var choosing = true
        while choosing {
          switch reader.readLine(prompt: StepRunner.choices, completingIn: interpreter.session) {
          case .endOfInput, .interrupted: return .success
          case .line(let choice):
            switch choice.trimmingBlanks().lowercased() {
            case "": 
              if let failure = runCell(numbers, commands, &interpreter, &reader, printer, source) { return ExitStatus(for: failure) }
              choosing = false
            case "s": choosing = false
            case "q": return .success
            case "r":
              var repl = REPL(reader: reader, printer: EventPrinter(console: console, format: .text, promptWidth: console.inputIsTerminal ? REPL.prompt.count : nil),
                              isInteractive: true, interpreter: interpreter, anywhere: anywhere)
              console.out("the REPL, with the lesson's state so far; Ctrl-D returns to the lesson")
              _ = repl.run(greeting: false)
              interpreter = repl.interpreter
              reader = repl.reader
            default: console.out("type Enter to run the cell, s to skip it, r for the REPL, q to quit")
            }
          }
        }
      }
    }
    console.out("\nend of the lesson")
    return .success
  }

  /// Runs a code cell's lines; an `ask` line first reads the student's guess.
  private func runCell(
    _ numbers: [Int], _ commands: [Int: Script.Line], _ interpreter: inout Interpreter, _ reader: inout any LineReader,
    _ printer: EventPrinter, _ source: SourceFile
  ) -> Diagnostic? {
    for number in numbers {
      guard let line = commands[number] else { continue }
      var command = line.command
      if case .ask(var ask) = command {
        if case .line(let answer) = reader.readLine(prompt: "your guess for \(ask.text): ", completingIn: interpreter.session) {
          ask.guess = Double(answer.trimmingBlanks())
        }
        command = .ask(ask)
      }
      Interrupt.reset()
      let outcome = interpreter.execute(command, range: Interpreter.commandRange(of: line.text, line: number), isCancelled: { Interrupt.isSet }) {
        event in printer.show(event, line: number, source: source)
      }
      if case .failure(let diagnostic) = outcome { return diagnostic }
    }
    return nil
  }
}
