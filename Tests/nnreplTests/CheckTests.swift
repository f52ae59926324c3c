import Foundation
import NNTestSupport
import Testing

/// `nnrepl check`: grading exercises as a teacher would, from the shipped exercise files.
@Suite("nnrepl check")
struct CheckTests {
  let binary = BuiltBinary()
  static let folder = LessonTests.folder.appendingPathComponent("exercises")

  /// The shipped exercises with `answers` filled in, written to a temporary folder.
  func answered(_ answers: [String: [String]]) throws -> [String] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try answers.keys.sorted().map { name in
      var lines = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        .components(separatedBy: "\n")
      var remaining = answers[name] ?? []
      for index in lines.indices where !lines[index].hasPrefix("#") && lines[index].contains("???") && !remaining.isEmpty {
        lines[index] = lines[index].replacingOccurrences(of: "???", with: remaining.removeFirst())
      }
      let text = lines.joined(separator: "\n")
      let url = folder.appendingPathComponent(name)
      try text.write(to: url, atomically: true, encoding: .utf8)
      return url.path
    }
  }

  static let rightAnswers = [
    "1-forward-pass.nn": ["X @ W1 + b1", "softmax(sigmoid(z) @ W2 + b2)"],
    "2-backprop.nn": ["(d2 @ W2.T) * a1 * (1 - a1)", "X.T @ d1"],
    "3-learning-rate.nn": ["0.5"],
    "4-hidden-width.nn": ["2"],
  ]

  @Test("the shipped exercises are all 'not answered'")
  func blanks() throws {
    let paths = Self.rightAnswers.keys.sorted().map { Self.folder.appendingPathComponent($0).path }
    let run = try binary.run(["check"] + paths)
    #expect(run.status == 1)
    #expect(run.standardOutput.components(separatedBy: "? not answered").count == 5)
    #expect(run.standardOutput.hasSuffix("score: 0/4 exercises passed\n"))
  }

  @Test("right answers pass every exercise, and the exit status is 0")
  func rightAnswers() throws {
    let run = try binary.run(["check"] + answered(Self.rightAnswers))
    #expect(run.status == 0, "\(run.standardOutput)")
    #expect(run.standardOutput.hasSuffix("score: 4/4 exercises passed\n"))
    #expect(run.standardOutput.contains("2/2 checks"))
  }

  @Test("wrong answers fail with the failed expectation; JSON gives the same")
  func wrongAnswers() throws {
    let paths = try answered(["3-learning-rate.nn": ["0.5"], "4-hidden-width.nn": ["3"], "1-forward-pass.nn": ["X @ W1", "softmax(z)"]])
    let run = try binary.run(["check", "--output", "json"] + paths)
    #expect(run.status == 1)
    let records = try run.standardOutput.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
    #expect(records.map { $0["status"] as? String } == ["fail", "pass", "fail", nil])
    #expect((records[0]["message"] as? String)?.hasPrefix("expected z == z1 within 1e-12, but the largest difference") == true)
    #expect(records[2]["message"] as? String == "expected params <= 12, but params is 17")
    #expect(records[3]["score"] as? Int == 1 && records[3]["of"] as? Int == 3)
  }
}
