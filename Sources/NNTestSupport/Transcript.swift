import NNLanguage
import NNRender

/// The result of running some lines through an interpreter, for tests.
public struct Transcript {
  /// Every event, in order.
  public var events: [Event] = []
  /// How the last line ended.
  public var outcome: Interpreter.Outcome = .success
  /// The interpreter after the lines, with its session.
  public var interpreter: Interpreter

  /// Runs `text` line by line, stopping at the first failure, as a script does.
  public init(_ text: String, interpreter: Interpreter = Interpreter()) {
    self.interpreter = interpreter
    var collected: [Event] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      outcome = self.interpreter.run(line: String(line), number: index + 1) { collected.append($0) }
      if outcome != .success { break }
    }
    events = collected
  }

  /// The outputs, without diagnostics.
  public var outputs: [Output] {
    events.compactMap { if case .output(let output) = $0 { output } else { nil } }
  }

  /// The diagnostics (errors and warnings).
  public var diagnostics: [Diagnostic] {
    events.compactMap { if case .diagnostic(let diagnostic) = $0 { diagnostic } else { nil } }
  }

  /// The error that stopped the lines, if one did.
  public var error: Diagnostic? {
    if case .failure(let diagnostic) = outcome { diagnostic } else { nil }
  }

  /// The last value called `name` (such as "loss"), if one was output.
  public func lastValue(_ name: String) -> Double? {
    outputs.reversed().lazy.compactMap { output -> Double? in
      if case .value(name, let value) = output { value } else { nil }
    }.first
  }

  /// The plain text of every output, joined by newlines, as a terminal would show it.
  public var text: String {
    outputs.map { TerminalRenderer(style: .plain).render($0) }.joined(separator: "\n")
  }
}
