/// Running a parsed script, for the program and for grading alike.
extension Script {
  /// How a script run ended.
  public enum Ending: Equatable, Sendable {
    /// Every line ran (or `quit` ended it).
    case completed
    /// A line failed; nothing after it ran.
    case failed(Diagnostic)
  }

  /// The number of `expect` lines: the checks an exercise is graded by.
  public var checkCount: Int {
    lines.filter { $0.command.is(Expect.self) }.count
  }

  /// Runs the lines in order with `interpreter`, stopping at the first failure; reports each
  /// event with its line number. Returns how it ended and how many `expect` lines passed.
  public func run(
    with interpreter: inout Interpreter, isCancelled: @escaping () -> Bool = { false },
    emit: @escaping (Int, Event) -> Void
  ) -> (ending: Ending, checksPassed: Int) {
    if let first = errors.first { return (.failed(first), 0) }
    var passed = 0
    for line in lines {
      let outcome = interpreter.execute(line.command, range: line.range, isCancelled: isCancelled) {
        event in
        emit(line.number, event)
      }
      switch outcome {
      case .success: if line.command.is(Expect.self) { passed += 1 }
      case .quit: return (.completed, passed)
      case .failure(let diagnostic): return (.failed(diagnostic), passed)
      }
    }
    return (.completed, passed)
  }
}
