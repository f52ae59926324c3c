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
  public init(_ text: String, interpreter: Interpreter = Interpreter(), files: MemoryFiles? = nil) {
    var interpreter = interpreter
    if let files { interpreter.files = files }
    self.interpreter = interpreter
    var collected: [Event] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      outcome = self.interpreter.run(line: String(line), number: index + 1) { collected.append($0) }
      if outcome != .success { break }
    }
    events = collected
  }

  /// The outputs, without diagnostics.
  public var outputs: [Output] {
    events.compactMap { event in
      guard case .output(let output) = event else { return nil }
      return output
    }
  }

  /// The diagnostics (errors and warnings).
  public var diagnostics: [Diagnostic] {
    events.compactMap { event in
      guard case .diagnostic(let diagnostic) = event else { return nil }
      return diagnostic
    }
  }

  /// The error that stopped the lines, if one did.
  public var error: Diagnostic? {
    guard case .failure(let diagnostic) = outcome else { return nil }
    return diagnostic
  }

  /// The last value called `name` (such as "loss"), if one was output.
  public func lastValue(_ name: String) -> Double? {
    for output in outputs.reversed() {
      if case .value(let valueName, let value) = output, valueName == name { return value }
    }
    return nil
  }

  /// The plots drawn, in order.
  public var plots: [Plot] {
    outputs.compactMap { output in
      guard case .plot(let plot) = output else { return nil }
      return plot
    }
  }

  /// The training progress lines: (epoch, loss) pairs.
  public var epochs: [(epoch: Int, loss: Double)] {
    outputs.compactMap { output in
      guard case .epoch(let number, let loss) = output else { return nil }
      return (number, loss)
    }
  }

  /// The plain text of every output, joined by newlines, as a terminal would show it: pieces of
  /// running text (`generate`'s characters) join with nothing between them.
  public var text: String {
    var (text, afterPiece) = ("", false)
    for (index, output) in outputs.enumerated() {
      let isPiece = if case .textPiece = output { true } else { false }
      if index > 0, !(isPiece && afterPiece) { text += "\n" }
      text += TerminalRenderer(style: .plain).render(output)
      afterPiece = isPiece
    }
    return text
  }

  /// The running text the lines wrote (`generate`'s characters), pieces joined.
  public var runningText: String {
    outputs.map { output in if case .textPiece(let piece) = output { piece } else { "" } }.joined()
  }
}
