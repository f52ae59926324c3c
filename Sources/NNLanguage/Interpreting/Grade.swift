/// The result of running an exercise: did every `expect` hold?
public struct Grade: Equatable, Sendable {
  public enum Status: String, Equatable, Sendable {
    /// Every line ran and every `expect` held.
    case pass
    /// An `expect` was false.
    case fail
    /// A `???` is still in the file.
    case unanswered = "not answered"
    /// A line could not be read or run.
    case error
  }

  public var name: String
  public var status: Status
  public var checksPassed: Int
  public var checks: Int
  /// Why it did not pass, and where.
  public var message: String?
  public var line: Int?

  /// Runs `source` as an exercise with `files` for its `data load` and `save` lines.
  public init(_ source: SourceFile, files: any FileAccess, session: Session = Session()) {
    let script = Script(source)
    name = source.name
    checks = script.checkCount
    if let blank = script.errors.first(where: { $0.category == .unanswered }) {
      (status, checksPassed, message, line) = (.unanswered, 0, blank.message, blank.range?.line)
      return
    }
    var interpreter = Interpreter(session: session, files: files)
    let (ending, passed) = script.run(with: &interpreter) { _, _ in }
    checksPassed = passed
    switch ending {
    case .completed:
      (status, message, line) = (.pass, nil, nil)
    case .failed(let diagnostic):
      status = diagnostic.category == .expectation ? .fail : .error
      (message, line) = (diagnostic.message, diagnostic.range?.line)
    }
  }
}
