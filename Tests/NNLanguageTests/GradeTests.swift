@testable import NNLanguage
import NNTestSupport
import Testing

/// Grading a submission by its original: only the blanks are the student's.
@Suite("Grading by the original")
struct GradeTests {
  static let original = SourceFile(
    name: "exercise.nn",
    text: """
      forbid z1 yhat
      seed 42
      input 2
      layer dense 4 sigmoid
      layer dense 3 softmax
      data document
      forward
      let z = ???
      expect z == z1 within 1e-12 points 2
      let p = ???
      expect p == yhat within 1e-12
      """)

  func grade(_ text: String) -> Grade {
    Grade(SourceFile(name: "student.nn", text: text), against: Self.original, files: MemoryFiles())
  }

  func submission(_ first: String, _ second: String, extra: String = "") -> String {
    Self.original.lines.joined(separator: "\n")
      .replacing("let z = ???", with: first).replacing("let p = ???", with: second) + extra
  }

  @Test("right answers score every point, and 'points 2' weighs a check")
  func fullMarks() {
    let grade = grade(submission("let z = X @ W1 + b1", "let p = softmax(sigmoid(z) @ W2 + b2)"))
    #expect(grade.status == .pass)
    #expect(grade.points == 3 && grade.maxPoints == 3)
    #expect(grade.checks.map(\.maxPoints) == [2, 1])
    #expect(grade.blanks.map(\.line) == [8, 10])
  }

  @Test("an answer that names a forbidden result is not allowed and its check scores nothing")
  func forbidden() {
    let grade = grade(submission("let z = z1", "let p = softmax(sigmoid(X @ W1 + b1) @ W2 + b2)"))
    #expect(grade.blanks[0].status == .notAllowed)
    #expect(grade.blanks[0].message == "not allowed: uses z1")
    #expect(grade.checks.map(\.status) == [.notAllowed, .pass])
    #expect(grade.points == 1)
  }

  @Test("a deleted or edited expect is graded from the original, and added lines are ignored")
  func originalChecks() {
    var lines = submission("let z = 2 * X @ W1", "let p = yhat * 1", extra: "\nlet z = z1")
      .components(separatedBy: "\n")
    lines.removeAll { $0.hasPrefix("expect z") }
    lines = lines.map { $0.hasPrefix("expect p") ? "expect p == p" : $0 }
    let grade = grade(lines.joined(separator: "\n"))
    #expect(grade.checks.count == 2)
    #expect(grade.checks[0].status == .fail)
    #expect(grade.checks[1].status == .notAllowed, "yhat is forbidden even inside an expression")
    #expect(grade.points == 0 && grade.maxPoints == 3)
    #expect(
      grade.ignoredLines == [10, 11],
      "the edited expect and the added line (numbered in the submission)")
  }

  @Test("every blank is listed, and an answered blank is graded while another is left")
  func partialCredit() {
    let grade = grade(submission("let z = ???", "let p = softmax(sigmoid(X @ W1 + b1) @ W2 + b2)"))
    #expect(grade.status == .unanswered)
    #expect(grade.blanks.map(\.status) == [.unanswered, .answered])
    #expect(grade.checks.map(\.status) == [.unanswered, .pass])
    #expect(grade.points == 1)
  }

  @Test("a comment beside a blank, kept, dropped or changed, does not hide the answer")
  func comments() {
    let original = SourceFile(
      name: "exercise.nn", text: "let rate = ???   # a number\nexpect rate == 0.5")
    for line in ["let rate = 0.5", "let rate = 0.5   # a number", "let rate = 0.5 # my guess"] {
      let grade = Grade(
        SourceFile(name: "student.nn", text: line + "\nexpect rate == 0.5"), against: original,
        files: MemoryFiles())
      #expect(grade.blanks.map(\.status) == [.answered], "\(line)")
      #expect(grade.points == 1, "\(line)")
    }
  }

  @Test("a blank whose line is missing from the submission is not answered")
  func missingLine() {
    let grade = grade("seed 42\nexpect 1 == 1")
    #expect(grade.blanks.map(\.status) == [.unanswered, .unanswered])
    #expect(grade.points == 0 && grade.maxPoints == 3)
  }

  @Test("an answer that fails to run fails its blank and its check, not the others")
  func failingAnswer() {
    let grade = grade(
      submission("let z = X @ W2", "let p = softmax(sigmoid(X @ W1 + b1) @ W2 + b2)"))
    #expect(grade.blanks[0].status == .failed)
    #expect(grade.checks.map(\.status) == [.error, .pass])
  }

  @Test("expect … points N parses, and forbid lists names")
  func parsing() throws {
    let expect = try #require(
      try CommandCatalog.parse(line: "expect loss < 0.05 points 3", number: 1)?.as(Expect.self))
    #expect(expect.points == 3)
    #expect(
      try CommandCatalog.parse(line: "forbid delta1 dW1", number: 1)
        == Command(Forbid(names: ["delta1", "dW1"])))
    #expect(throws: Diagnostic.self) {
      try CommandCatalog.parse(line: "expect loss < 1 points 0", number: 1)
    }
    #expect(throws: Diagnostic.self) { try CommandCatalog.parse(line: "forbid", number: 1) }
  }
}
