import NNLanguage

/// What the student answers at a paused lesson: single keys at a terminal (no Enter needed),
/// or one line per answer from a pipe (`printf '\ns\nq\n' | nnrepl --step lesson.nn`).
struct StepKeys {
  enum Answer: Equatable {
    case run, skip, back, repl, quit, endOfInput
    case other
  }

  let console: Console
  /// Whether keys come from a person at a terminal.
  let isTerminal: Bool
  /// What reads whole lines: a guess for `ask`, and the REPL's lines.
  var lineReader: any LineReader

  init(console: Console) {
    self.console = console
    isTerminal = console.inputIsTerminal
    lineReader = PlainLineReader()
    if isTerminal, let editor = LibeditLineReader(historyPath: NNRepl.historyPath()) {
      lineReader = editor
    }
  }

  /// The next answer, after showing `prompt`.
  mutating func next(prompt: String) -> Answer {
    guard isTerminal else {
      console.out(prompt)
      switch lineReader.readLine(prompt: "", completingIn: Session()) {
      case .endOfInput, .interrupted: return .endOfInput
      case .line(let text): return StepKeys.answer(for: text.trimmingBlanks().lowercased())
      }
    }
    console.write(prompt)
    let key = RawMode.readKey()
    console.write("\r\u{1B}[K")
    switch key {
    case .enter: return .run
    case .endOfInput: return .endOfInput
    case .interrupted: return .quit
    case .escape("[D"): return .back
    case .escape: return .other
    case .character(let character): return StepKeys.answer(for: String(character).lowercased())
    }
  }

  static func answer(for text: String) -> Answer {
    switch text {
    case "", " ": .run
    case "s": .skip
    case "b": .back
    case "r": .repl
    case "q": .quit
    default: .other
    }
  }

  /// A yes-or-no question answered by one key: `y` is yes.
  func confirm(_ question: String) -> Bool {
    console.write(question)
    let key = RawMode.readKey()
    console.out("")
    return key == .character("y") || key == .character("Y")
  }

  /// The student's guess for an `ask` line, as a number, or `nil` if they typed none.
  mutating func guess(for text: String, session: Session) -> Double? {
    guard
      case .line(let answer) = lineReader.readLine(
        prompt: "\(Localized.text("step.guess")) \(text): ", completingIn: session)
    else { return nil }
    return Double(answer.trimmingBlanks())
  }
}
