import NNLanguage
import NNRender

/// A lesson walked through as it teaches: each prose cell rendered and wrapped to the terminal,
/// then the cell's commands as if typed (`nn> backward`), then what they printed.
///
/// Paused (`--step`, or at a terminal), it stops before each code cell, shows it, and waits for a
/// key: Enter or Space runs it, `s` skips it, `b` goes back one cell, `r` opens the REPL on the
/// lesson's state (Ctrl-D comes back), `q` quits. Going back restores the session as it was before
/// that cell — the session is a value, so each pending cell keeps a copy of it. At the end the
/// REPL opens on the lesson's state and the next lesson is named.
struct LessonWalk {
  enum Pace {
    /// One readable transcript (`--no-pause`, `--transcript`, or input that is not a person).
    case straight
    /// Waits for a key before each code cell.
    case paused
  }

  let path: String
  let language: String
  let console: Console
  let pace: Pace
  /// Whether the lesson may read and write files outside its folder.
  var anywhere = false
  /// The session to start from (it carries the memory limit).
  var session = Session()

  /// Where a walk is: the cell to show next, and the session before each code cell reached so
  /// far (what `b` goes back to).
  private struct Position {
    var index = 0
    var interpreter: Interpreter
    var snapshots: [(index: Int, interpreter: Interpreter)] = []
  }

  private enum Choice { case run, skip, back, quit }

  func run() -> ExitStatus {
    guard let source = ScriptRunner.read(path, console: console) else { return .cannotOpenInput }
    let script = Script(source)
    let results = EventPrinter(console: console, format: .text, promptWidth: nil)
    if let error = script.errors.first {
      for error in script.errors {
        results.show(.diagnostic(error), line: error.range?.line ?? 0, source: source)
      }
      return ExitStatus(for: error)
    }
    var keys = StepKeys(console: console)
    if pace == .paused && console.inputIsTerminal { Interrupt.install() }
    let notebook = Notebook(source)
    let cells = notebook.cells(in: language)
    let translated = language == "en" || notebook.hasProse(in: language)
    if !translated { note(Localized.text("lesson.untranslated", language)) }
    let commands = Dictionary(uniqueKeysWithValues: script.lines.map { ($0.number, $0) })
    let files = DiskFiles(base: ScriptRunner.folder(of: path), anywhere: anywhere)
    var position = Position(interpreter: Interpreter(session: session, files: files))
    while position.index < cells.count {
      let printer = PresentationPrinter(printer: results, width: TerminalSize.layoutColumns)
      switch cells[position.index] {
      case .prose(let text, let tag):
        if translated && tag != language { note(Localized.text("cell.untranslated", language)) }
        console.out(
          "\n" + TerminalProse.render(text, style: console.outputStyle, width: printer.width))
        position.index += 1
      case .code(let numbers):
        var choice = Choice.run
        if pace == .paused {
          position.snapshots.append((position.index, position.interpreter))
          choice = choose(numbers, source, &position, &keys, printer)
        } else {
          console.out("")
        }
        switch choice {
        case .run:
          if let failure = runCell(numbers, commands, &position.interpreter, &keys, printer, source)
          {
            return ExitStatus(for: failure)
          }
          position.index += 1
        case .skip:
          console.out(console.outputStyle.colored(Localized.text("step.skipped", language), .gray))
          position.index += 1
        case .back:
          // Back to the cell before, and to the prose that leads to it.
          let previous = position.snapshots.removeLast()
          position.interpreter = previous.interpreter
          position.index = previous.index
          while position.index > 0, case .prose = cells[position.index - 1] { position.index -= 1 }
          console.out(console.outputStyle.colored(Localized.text("step.back", language), .gray))
        case .quit: return .success
        }
      }
    }
    finish(interpreter: position.interpreter, keys: &keys)
    return .success
  }

  /// Shows the pending cell and waits for a key that runs, skips or leaves it; `r`, and `b` at
  /// the first cell, come back here.
  private func choose(
    _ numbers: [Int], _ source: SourceFile, _ position: inout Position, _ keys: inout StepKeys,
    _ printer: PresentationPrinter
  ) -> Choice {
    var shown = showPending(numbers, source, width: printer.width)
    while true {
      switch keys.next(prompt: Localized.text("step.choices", language)) {
      case .run:
        erase(lines: shown, keys: keys)
        return .run
      case .skip: return .skip
      case .back:
        guard position.snapshots.count >= 2 else {
          console.out(Localized.text("step.first", language))
          continue
        }
        position.snapshots.removeLast()
        return .back
      case .repl:
        position.interpreter = openREPL(
          on: position.interpreter, keys: &keys, greeting: Localized.text("step.repl", language))
        shown = showPending(numbers, source, width: printer.width)
      case .quit: return .quit
      case .endOfInput:
        guard keys.isTerminal else { return .quit }
        if keys.confirm(Localized.text("step.leave", language)) { return .quit }
      case .other:
        console.out(Localized.text("step.keys", language))
      }
    }
  }

  /// The pending cell's lines, each cut to the width, after a blank line; returns how many
  /// lines of commands it showed (what `erase` takes away again, leaving the blank line).
  private func showPending(_ numbers: [Int], _ source: SourceFile, width: Int) -> Int {
    console.out("")
    let bar = console.outputStyle.colored("│ ", .gray)
    for number in numbers {
      let line = source.line(number) ?? ""
      console.out(
        bar + (ShownText.width(of: line) > width - 2 ? ShownText.cut(line, to: width - 2) : line))
    }
    return numbers.count
  }

  /// At a terminal, takes the pending cell's preview off the screen: the commands are shown
  /// again as they run, as if typed.
  private func erase(lines: Int, keys: StepKeys) {
    guard keys.isTerminal, console.outputIsTerminal else { return }
    console.write("\r\u{1B}[K\u{1B}[\(lines)A\u{1B}[J")
  }

  /// Runs a code cell's lines, each echoed as if typed; an `ask` line first reads the guess
  /// (when a person is there to type one).
  private func runCell(
    _ numbers: [Int], _ commands: [Int: Script.Line], _ interpreter: inout Interpreter,
    _ keys: inout StepKeys,
    _ printer: PresentationPrinter, _ source: SourceFile
  ) -> Diagnostic? {
    for number in numbers {
      guard let line = commands[number] else { continue }
      printer.echo(line.text)
      var command = line.command
      if pace == .paused, let ask = command.as(Ask.self) {
        let guess = keys.guess(for: ask.text, session: interpreter.session)
        command = command.updating(Ask.self) { $0.guess = guess }
      }
      Interrupt.reset()
      // The range names the lesson, so that a note about this line made later, at the REPL,
      // points here and not at a typed line of the same number.
      let range = line.range.inFile(path)
      let outcome = interpreter.execute(command, range: range, isCancelled: { Interrupt.isSet }) {
        event in printer.show(event, line: number, source: source)
      }
      if case .failure(let diagnostic) = outcome { return diagnostic }
    }
    return nil
  }

  /// The REPL on `interpreter`'s state, until Ctrl-D; returns the state it leaves.
  private func openREPL(on interpreter: Interpreter, keys: inout StepKeys, greeting: String)
    -> Interpreter
  {
    console.out(
      console.outputStyle.colored(
        TerminalProse.render(greeting, style: .plain, width: TerminalSize.layoutColumns), .gray))
    var repl = REPL(
      reader: keys.lineReader,
      printer: EventPrinter(
        console: console, format: .text,
        promptWidth: console.inputIsTerminal ? REPL.prompt.count : nil),
      isInteractive: true, interpreter: interpreter, anywhere: anywhere)
    _ = repl.run(greeting: false)
    keys.lineReader = repl.reader
    return repl.interpreter
  }

  /// The end of the lesson: the next lesson's name, then (paused) the REPL on the lesson's state.
  private func finish(interpreter: Interpreter, keys: inout StepKeys) {
    let width = TerminalSize.layoutColumns
    console.out("\n" + console.outputStyle.bold(Localized.text("lesson.end", language)))
    if let next = LessonIndex.next(after: path, language: language) {
      let line =
        Localized.text("lesson.next", language) + " \(next.title) — nnrepl lessons \(next.number)"
      console.out(TerminalProse.render(line, style: console.outputStyle, width: width))
    }
    // What to try is the lesson's last cell, just shown; the REPL is where to try it.
    guard pace == .paused else { return }
    _ = openREPL(on: interpreter, keys: &keys, greeting: Localized.text("lesson.yours", language))
  }

  private func note(_ text: String) {
    console.out(console.outputStyle.colored("(\(text))", .gray))
  }
}
