/// What a diagnostic says, before it is placed: its stable id, whether it is an error or a
/// warning and of which category, and its text.
///
/// Each message is a static member of a catalog file (`DiagnosticMessage+Parser.swift`,
/// `DiagnosticMessage+Session.swift`), and its id is derived from the member's name, as
/// swift-syntax derives its `StaticParserError`s' ids: `.unknownCommand("layr")`, built with
/// `.syntax(…)`, has the id `parser.unknownCommand`. An id therefore cannot be mistyped where a
/// diagnostic is thrown, and a test checks that no two messages share one and that every id the
/// Chinese localisation names is a message.
struct DiagnosticMessage: Equatable, Sendable {
  /// The first part of an id, which says what kind of diagnostic it is.
  enum Domain: String, CaseIterable {
    /// A syntax error: the line could not be read.
    case parser
    /// A runtime error: the line was read but cannot run in this session.
    case runtime
    /// A warning: the line runs, but what it asks for is doubtful.
    case warning
    /// An `expect` whose condition was false.
    case expect
    /// An exercise line whose `???` is not answered yet.
    case exercise

    var severity: Diagnostic.Severity { self == .warning ? .warning : .error }

    var category: Diagnostic.Category {
      switch self {
      case .parser: .syntax
      case .runtime, .warning: .runtime
      case .expect: .expectation
      case .exercise: .unanswered
      }
    }
  }

  /// `parser.unknownCommand`: the domain, a dot and the name of the member that makes it.
  let id: String
  let severity: Diagnostic.Severity
  let category: Diagnostic.Category
  /// What went wrong: lowercase, no final period, source text in single quotes.
  let text: String

  /// A message of `domain` saying `text`, made by the catalog member `member` — `#function`,
  /// which inside `static func unknownCommand(_:)` is `unknownCommand(_:)`; the id keeps the
  /// name before the parenthesis.
  init(_ domain: Domain, _ text: String, member: String = #function) {
    id = domain.rawValue + "." + member.prefix { $0 != "(" }
    severity = domain.severity
    category = domain.category
    self.text = text
  }

  /// A syntax error's message (`parser.…`).
  static func syntax(_ text: String, member: String = #function) -> Self {
    Self(.parser, text, member: member)
  }

  /// A runtime error's message (`runtime.…`).
  static func runtime(_ text: String, member: String = #function) -> Self {
    Self(.runtime, text, member: member)
  }

  /// A warning's message (`warning.…`).
  static func warning(_ text: String, member: String = #function) -> Self {
    Self(.warning, text, member: member)
  }
}

extension Diagnostic {
  /// The diagnostic of a catalogued `message`, pointing at `range`.
  init(_ message: DiagnosticMessage, at range: SourceRange?, notes: [Note] = []) {
    self.init(
      message.severity, message.category, id: message.id, message.text, at: range, notes: notes)
  }
}
