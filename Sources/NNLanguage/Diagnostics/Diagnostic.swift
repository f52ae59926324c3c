/// A message about the user's input: an error, a warning, or a note, with where it points.
///
/// Every problem a user can cause becomes one of these — never a crash. The interpreter reports it
/// and leaves the session exactly as it was before the line.
public struct Diagnostic: Error, Equatable, Sendable {
  public enum Severity: String, Equatable, Sendable {
    case error, warning
  }

  /// What kind of failure an error is; it decides a script's exit status.
  public enum Category: Equatable, Sendable {
    /// The line could not be read: an unknown command, a wrong token, a ragged matrix.
    case syntax
    /// The line was read but could not run: a wrong shape, no data, no gradients yet.
    case runtime
    /// An `expect` line whose condition was false.
    case expectation
    /// An exercise line with a `???` the student has not filled in yet.
    case unanswered
  }

  /// An extra line of explanation, such as a suggestion; it may point somewhere else.
  public struct Note: Equatable, Sendable {
    public var message: String
    public var range: SourceRange?
    /// The change the note suggests, when it is unambiguous ("did you mean 'sigmoid'?").
    public var fixIt: FixIt?

    public init(_ message: String, at range: SourceRange? = nil, fixIt: FixIt? = nil) {
      self.message = message
      self.range = range
      self.fixIt = fixIt
    }
  }

  /// A replacement for part of a line: the word a suggestion names in place of the mistyped one.
  public struct FixIt: Equatable, Sendable {
    /// The text to replace (on the diagnostic's line).
    public var range: SourceRange
    public var replacement: String

    public init(replacing range: SourceRange, with replacement: String) {
      self.range = range
      self.replacement = replacement
    }
  }

  public var severity: Severity
  public var category: Category
  /// A stable name for the message, such as `parser.unknownActivation`, that tests rely on.
  public var id: String
  /// What went wrong: lowercase, no final period, source text in single quotes.
  public var message: String
  /// The offending text, if the message is about a place in a line.
  public var range: SourceRange?
  public var notes: [Note]

  public init(
    _ severity: Severity = .error, _ category: Category, id: String, _ message: String,
    at range: SourceRange?, notes: [Note] = []
  ) {
    self.severity = severity
    self.category = category
    self.id = id
    self.message = message
    self.range = range
    self.notes = notes
  }

  /// `line`, the text of the line this diagnostic is about, with its fix-it made — when it has
  /// exactly one, on that line — so that the REPL can offer the corrected line.
  public func fixed(_ line: String) -> String? {
    let fixIts = notes.compactMap(\.fixIt)
    guard fixIts.count == 1, let fix = fixIts.first, fix.range.line == range?.line else {
      return nil
    }
    var characters = Array(line)
    let start = fix.range.column - 1
    let end = start + fix.range.length
    guard start >= 0, end <= characters.count else { return nil }
    characters.replaceSubrange(start..<end, with: fix.replacement)
    return String(characters)
  }

  /// The same diagnostic pointing at `range`, unless it already points somewhere.
  func locatedIfUnplaced(at range: SourceRange) -> Diagnostic {
    var copy = self
    if copy.range == nil { copy.range = range }
    return copy
  }
}
