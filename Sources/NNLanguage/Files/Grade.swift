/// A submission graded by its exercise: the teacher's file is the test.
///
/// The program that runs is the *original* exercise with each `???` replaced by what the
/// submission wrote in its place; every other line, and so every `expect`, comes from the
/// original. A student who deletes or edits an `expect`, or adds a line that copies the engine's
/// answer, changes nothing. An answer that uses a name the exercise `forbid`s does not run.
///
/// Every line runs, even after a failure, so that each blank and each check is graded on its
/// own: a check belongs to the nearest blank above it and scores nothing while that blank is
/// unanswered, not allowed or failing — so a blank left empty cannot pass a check by default
/// (`lr ???` left out must not train with the default rate and pass).
public struct Grade: Equatable, Sendable, Codable {
  public enum Status: String, Equatable, Sendable, Codable {
    /// Every check scored its points.
    case pass
    /// A check failed, or a blank was not allowed or failed.
    case fail
    /// A `???` is still there (the other blanks were graded).
    case unanswered = "not answered"
    /// A line of the exercise itself could not be read or run.
    case error
    /// The submission could not be read.
    case unreadable = "cannot read"
    /// It ran past the time limit, or ran out of memory, or crashed (set by the grader).
    case stopped
  }

  /// One `???` of the original, and what the submission put there.
  public struct Blank: Equatable, Sendable, Codable {
    public enum Status: String, Equatable, Sendable, Codable {
      case answered
      case unanswered = "not answered"
      case notAllowed = "not allowed"
      case failed
    }
    /// The blank's line in the original.
    public var line: Int
    public var status: Status
    /// The submission's line that answers it, as run (with the original's text around the blank).
    public var answer: String?
    public var message: String?
  }

  /// One `expect` of the original.
  public struct Check: Equatable, Sendable, Codable {
    public enum Status: String, Equatable, Sendable, Codable {
      case pass
      case fail
      /// Its blank is not answered, so it did not run.
      case unanswered = "not answered"
      /// Its blank's answer uses a forbidden name, so it did not run.
      case notAllowed = "not allowed"
      case error
    }
    public var line: Int
    /// The check as the original writes it.
    public var text: String
    public var status: Status
    public var points: Int
    public var maxPoints: Int
    public var message: String?
  }

  /// The submission's file.
  public var name: String
  /// The original exercise it was graded by.
  public var exercise: String
  public var status: Status
  public var blanks: [Blank] = []
  public var checks: [Check] = []
  /// Lines the submission changed outside its blanks: not graded, reported so nobody wonders.
  public var ignoredLines: [Int] = []
  /// Why the whole submission could not be graded, or the first line of the exercise that failed.
  public var message: String?
  public var line: Int?

  public var points: Int { checks.map(\.points).reduce(0, +) }
  public var maxPoints: Int { checks.map(\.maxPoints).reduce(0, +) }

  /// A row for a submission that was never graded (it cannot be read, or it was stopped).
  public init(name: String, exercise: String, status: Status, message: String, maxPoints: Int = 0) {
    (self.name, self.exercise, self.status, self.message) = (name, exercise, status, message)
    if maxPoints > 0 {
      checks = [
        Check(
          line: 0, text: "the whole exercise", status: .error, points: 0, maxPoints: maxPoints,
          message: message)
      ]
    }
  }

  /// Grades `submission` by `original` (`nil`: the file grades itself, for a student checking
  /// their own work), with `files` for its `data load` and `save` lines.
  public init(
    _ submission: SourceFile, against original: SourceFile? = nil, files: any FileAccess,
    session: Session = Session()
  ) {
    let original = original ?? submission
    name = submission.name
    exercise = original.name
    status = .pass
    var program = original.lines
    let forbidden = Grade.forbiddenNames(in: original)
    let answers = Grade.answers(to: original, in: submission)
    for (line, answer) in answers {
      blanks.append(Grade.blank(line: line, answer: answer, forbidden: forbidden))
      if let answer { program[line - 1] = answer }
    }
    if submission.name != original.name || submission.lines != original.lines {
      ignoredLines = Grade.changedLines(
        of: submission, from: original, answers: answers.compactMap(\.answer))
    }
    run(
      SourceFile(name: original.name, text: program.joined(separator: "\n")), files: files,
      session: session)
    status = overallStatus
  }

  /// Runs every line of the assembled program, grading each check by the state of its blank.
  private mutating func run(_ program: SourceFile, files: any FileAccess, session: Session) {
    var interpreter = Interpreter(session: session, files: files)
    var owner: Int?  // the index in `blanks` of the nearest blank above
    for (index, text) in program.lines.enumerated() {
      let number = index + 1
      if let blank = blanks.firstIndex(where: { $0.line == number }) {
        owner = blank
        guard blanks[blank].status == .answered else { continue }
        if case .failure(let diagnostic) = interpreter.run(
          line: text, number: number, emit: { _ in })
        {
          (blanks[blank].status, blanks[blank].message) = (.failed, diagnostic.message)
        }
        continue
      }
      let parsed = Result { () throws(Diagnostic) in try Script.Line(parsing: text, number: number)
      }
      guard case .success(let line?) = parsed else {
        if case .failure(let diagnostic) = parsed {
          noteFailure(diagnostic, line: number, below: owner)
        }
        continue
      }
      guard let expect = line.command.as(Expect.self) else {
        let outcome = interpreter.execute(line.command, range: line.range) { _ in }
        if case .failure(let diagnostic) = outcome {
          noteFailure(diagnostic, line: number, below: owner)
        }
        if outcome == .quit { return }
        continue
      }
      var check = Check(
        line: number, text: Grade.checkText(expect, line: text), status: .pass, points: 0,
        maxPoints: expect.points)
      if let owner, blanks[owner].status != .answered {
        check.status =
          blanks[owner].status == .notAllowed
          ? .notAllowed : blanks[owner].status == .failed ? .error : .unanswered
        check.message =
          "the blank on line \(blanks[owner].line) is \(blanks[owner].status == .failed ? "an answer that fails" : blanks[owner].status.rawValue)"
      } else if case .failure(let diagnostic) = interpreter.execute(
        line.command, range: line.range, emit: { _ in })
      {
        (check.status, check.message) = (
          diagnostic.category == .expectation ? .fail : .error, diagnostic.message
        )
      } else {
        check.points = expect.points
      }
      checks.append(check)
    }
  }

  /// Records a line of the original (not an answer) that failed. Below a blank the answer
  /// caused it — the exercise's own lines run with a right answer — so the blank has failed; an
  /// unanswered blank's consequences are already graded. Above every blank, the exercise is wrong.
  private mutating func noteFailure(_ diagnostic: Diagnostic, line: Int, below owner: Int?) {
    guard let owner else {
      if message == nil { (message, self.line) = (diagnostic.message, line) }
      return
    }
    guard blanks[owner].status == .answered else { return }
    (blanks[owner].status, blanks[owner].message) = (
      .failed, "then line \(line) fails: \(diagnostic.message)"
    )
  }

  private var overallStatus: Status {
    if message != nil { return .error }
    if blanks.contains(where: { $0.status == .unanswered }) { return .unanswered }
    return checks.allSatisfy { $0.status == .pass } && blanks.allSatisfy { $0.status == .answered }
      ? .pass : .fail
  }

  /// The names every `forbid` line of the exercise lists.
  static func forbiddenNames(in original: SourceFile) -> Set<String> {
    var names: Set<String> = []
    for (index, text) in original.lines.enumerated() {
      if let forbid = (try? CommandCatalog.parse(line: text, number: index + 1))?.as(Forbid.self) {
        names.formUnion(forbid.names)
      }
    }
    return names
  }

  /// Each blank line of `original`, in order, with the submission's line for it: the first line
  /// after the previous answer whose code (comments aside) keeps the code around the `???`
  /// (`let d1 = …`), or `nil`. When the submission is the original, its blanks are its own lines
  /// that still hold `???`.
  static func answers(to original: SourceFile, in submission: SourceFile) -> [(
    line: Int, answer: String?
  )] {
    var answers: [(line: Int, answer: String?)] = []
    var next = 0
    for (index, text) in original.lines.enumerated() where isBlank(text, line: index + 1) {
      let pieces = code(of: text).components(separatedBy: "???")
      let found = submission.lines.indices.dropFirst(next).first {
        fits(code(of: submission.lines[$0]), pieces)
      }
      if let found {
        next = found + 1
        let answer = submission.lines[found]
        answers.append((index + 1, isBlank(answer, line: found + 1) ? nil : answer))
      } else {
        answers.append((index + 1, nil))
      }
    }
    return answers
  }

  /// A line's code, trimmed, without its comment (`#` outside a quoted file name).
  private static func code(of line: String) -> String {
    var inQuotes = false
    var end = line.endIndex
    for index in line.indices {
      if line[index] == "\"" { inQuotes.toggle() }
      if line[index] == "#" && !inQuotes {
        end = index
        break
      }
    }
    return String(line[..<end]).trimmed
  }

  /// Whether `line` holds a `???` outside a comment.
  static func isBlank(_ line: String, line number: Int) -> Bool {
    Lexer.tokens(in: line, line: number).contains { $0.kind == .blank }
  }

  /// Whether `line` is the template `pieces` (the original's text split at each `???`) with
  /// something in place of every `???`: it starts with the first piece, ends with the last and
  /// holds the others in order.
  private static func fits(_ line: String, _ pieces: [String]) -> Bool {
    guard let first = pieces.first, let last = pieces.last, line.hasPrefix(first),
      line.hasSuffix(last),
      line.count >= first.count + last.count
    else { return false }
    var rest = Substring(line.dropFirst(first.count).dropLast(last.count))
    for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
      guard let range = rest.firstRange(of: piece) else { return false }
      rest = rest[range.upperBound...]
    }
    return true
  }

  /// What the blank's answer gets: a forbidden name stops it before it runs.
  private static func blank(line: Int, answer: String?, forbidden: Set<String>) -> Blank {
    guard let answer else {
      return Blank(
        line: line, status: .unanswered, message: "not answered: replace '???' with your answer")
    }
    let used = Lexer.tokens(in: answer, line: line).filter {
      $0.kind == .word && forbidden.contains($0.text)
    }.map(\.text)
    if let name = used.first {
      return Blank(
        line: line, status: .notAllowed, answer: answer, message: "not allowed: uses \(name)")
    }
    return Blank(line: line, status: .answered, answer: answer)
  }

  /// The submission's lines with code that is neither in the original nor an answer.
  private static func changedLines(
    of submission: SourceFile, from original: SourceFile, answers: [String]
  ) -> [Int] {
    let kept = Set(original.lines.map(\.trimmed) + answers.map(\.trimmed))
    return submission.lines.indices.filter { index in
      let line = submission.lines[index].trimmed
      return !line.isEmpty && !line.hasPrefix("#") && !kept.contains(line)
    }.map { $0 + 1 }
  }

  /// An `expect` line's check as written, without the word `expect`, its points and any comment.
  private static func checkText(_ expect: Expect, line: String) -> String {
    if case .comparison(_, _, _, _, let text) = expect.check { return text.check }
    let tokens = Lexer.tokens(in: line, line: 1)
    guard tokens.count > 1, let last = tokens.last else { return line }
    let characters = Array(line)
    return String(
      characters[
        (tokens[1].range.column - 1)..<min(
          characters.count, last.range.column - 1 + last.range.length)])
  }
}

extension String {
  fileprivate var trimmed: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
