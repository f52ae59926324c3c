/// Runs lines of the language against a session.
///
/// Each line is parsed into a `Command` and run on a copy of the session; the copy replaces the
/// session only if the command succeeds. Results go to `emit` as they happen, as `Event`s: the
/// interpreter never prints, so a terminal, a JSON writer and a test can all listen.
public struct Interpreter: Sendable {
  public private(set) var session: Session
  /// The files commands may read and write.
  public var files: any FileAccess

  public init(session: Session = Session(), files: any FileAccess = NoFiles()) {
    self.session = session
    self.files = files
  }

  /// How a line ended.
  public enum Outcome: Equatable, Sendable {
    case success
    /// The line failed with this error (already emitted); the session is unchanged.
    case failure(Diagnostic)
    /// The line was `quit`.
    case quit
  }

  /// Parses and runs line `number`, whose text is `text`.
  public mutating func run(
    line text: String, number: Int, isCancelled: @escaping () -> Bool = { false },
    emit: @escaping (Event) -> Void
  ) -> Outcome {
    let line: Script.Line?
    do {
      line = try Script.Line(parsing: text, number: number)
    } catch {
      emit(.diagnostic(error))
      return .failure(error)
    }
    guard let line else { return .success }
    return execute(line.command, range: line.range, isCancelled: isCancelled, emit: emit)
  }

  /// Runs a command that was parsed already; `range` is where it was written.
  public mutating func execute(
    _ command: Command, range: SourceRange, isCancelled: @escaping () -> Bool = { false },
    emit: @escaping (Event) -> Void
  ) -> Outcome {
    if command.is(Quit.self) { return .quit }
    var draft = session
    let context = RunContext(range: range, emit: emit, isCancelled: isCancelled, files: files)
    do {
      try command.definition.run(in: &draft, context)
    } catch {
      let located = error.locatedIfUnplaced(at: range)
      emit(.diagnostic(located))
      return .failure(located)
    }
    session = draft
    return .success
  }

  /// The word a line starts with (for JSON output), or `nil` for a blank line or one that starts
  /// with a symbol.
  public static func commandName(of text: String) -> String? {
    Lexer.tokens(in: text, line: 1).first.flatMap { $0.kind == .word ? $0.text : nil }
  }
}
