import Foundation
import NNTestSupport
import Testing

/// `nnrepl check`: grading a class as a teacher would, from the shipped exercise files.
@Suite("nnrepl check")
struct CheckTests {
  let binary = BuiltBinary()
  static let folder = LessonTests.folder.appendingPathComponent("exercises")
  static let exercises = [
    "1-forward-pass.nn", "2-backprop.nn", "3-learning-rate.nn", "4-hidden-width.nn",
  ]

  /// A new empty folder.
  func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// The shipped exercise `name` with its `???` filled by `answers` in order, and each line
  /// changed by `edit`, written to `folder`.
  func submission(
    _ name: String, _ answers: [String], in folder: URL, edit: (String) -> String? = { $0 }
  ) throws -> String {
    var remaining = answers
    let lines = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
      .components(separatedBy: "\n")
    let text = lines.compactMap { line -> String? in
      var line = line
      if !line.hasPrefix("#") && line.contains("???") && !remaining.isEmpty {
        line = line.replacingOccurrences(of: "???", with: remaining.removeFirst())
      }
      return edit(line)
    }.joined(separator: "\n")
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func records(_ output: String) throws -> [[String: Any]] {
    try output.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
  }

  @Test("the shipped exercises, graded by themselves, are all 'not answered' and score nothing")
  func blanks() throws {
    let run = try binary.run(
      ["check"] + Self.exercises.map { Self.folder.appendingPathComponent($0).path })
    #expect(run.status == 1)
    #expect(run.standardOutput.components(separatedBy: "? not answered").count == 5)
    #expect(
      run.standardOutput.hasSuffix("score: 0/9 points; 0/4 submissions with full marks\n"),
      "\(run.standardOutput)")
  }

  @Test("the reference solutions score full marks against the exercises, and the exit status is 0")
  func solutions() throws {
    let solutions = Self.folder.appendingPathComponent("solutions")
    let run = try binary.run(
      ["check", "--against", Self.folder.path, "--output", "json"]
        + Self.exercises.map { solutions.appendingPathComponent($0).path })
    #expect(run.status == 0, "\(run.standardOutput)")
    let records = try records(run.standardOutput)
    #expect(records.dropLast().map { $0["status"] as? String } == ["pass", "pass", "pass", "pass"])
    #expect(records.dropLast().map { $0["points"] as? Int } == [2, 4, 1, 2])
    #expect(records.last?["points"] as? Int == 9 && records.last?["max"] as? Int == 9)
  }

  @Test(
    "answering with the engine's own result scores 0 for those checks: 'not allowed: uses delta1'")
  func cheating() throws {
    let folder = try temporaryFolder()
    let paths = [
      try submission("1-forward-pass.nn", ["z1", "softmax(sigmoid(z) @ W2 + b2)"], in: folder),
      try submission("2-backprop.nn", ["delta1", "dW1"], in: folder),
    ]
    let run = try binary.run(["check", "--against", Self.folder.path, "--output", "json"] + paths)
    #expect(run.status == 1)
    let records = try records(run.standardOutput)
    let blanks = records.prefix(2).map {
      ($0["blanks"] as? [[String: Any]] ?? []).map { $0["message"] as? String }
    }
    #expect(blanks[0].first == "not allowed: uses z1")
    #expect(blanks[1] == ["not allowed: uses delta1", "not allowed: uses dW1"])
    let checks = records.prefix(2).map {
      ($0["checks"] as? [[String: Any]] ?? []).map { $0["points"] as? Int }
    }
    #expect(checks == [[0, 0], [0, 0]])
    #expect(records[2]["points"] as? Int == 0)
  }

  @Test("a deleted or an edited expect is still graded from the original")
  func deletedExpect() throws {
    let folder = try temporaryFolder()
    let deleted = try submission("3-learning-rate.nn", ["0.00001"], in: folder) {
      $0.hasPrefix("expect") ? nil : $0
    }
    let run = try binary.run(["check", "--against", Self.folder.path, deleted])
    #expect(run.status == 1)
    #expect(
      run.standardOutput.contains("expect loss < 0.05   0/1   expected loss < 0.05, but loss is"),
      "\(run.standardOutput)")
    let edited = try submission("4-hidden-width.nn", ["3"], in: folder) {
      $0.hasPrefix("expect params") ? "expect params <= 100" : $0
    }
    let second = try binary.run(["check", "--against", Self.folder.path, edited])
    #expect(
      second.standardOutput.contains(
        "✗    expect params <= 12   0/1   expected params <= 12, but params is 17"),
      "\(second.standardOutput)")
    #expect(second.standardOutput.contains("not graded: changes outside the blanks, on line 15"))
  }

  @Test("every blank is listed and an answered one is graded while another is left")
  func partialCredit() throws {
    let folder = try temporaryFolder()
    let path = try submission("2-backprop.nn", ["(d2 @ W2.T) * a1 * (1 - a1)"], in: folder)
    let run = try binary.run(["check", "--against", Self.folder.path, path])
    #expect(
      run.standardOutput.contains("? not answered  \(path)  (2-backprop.nn)  2/4 points"),
      "\(run.standardOutput)")
    #expect(run.standardOutput.contains("???  answered: let d1 = (d2 @ W2.T) * a1 * (1 - a1)"))
    #expect(run.standardOutput.contains("???  not answered: replace '???' with your answer"))
    #expect(
      run.standardOutput.contains(
        "expect g == dW1 within 1e-12   0/2   the blank on line 28 is not answered"))
  }

  /// A teacher's exercise whose blank is the number of epochs, so a student can ask for an
  /// endless run.
  static let epochsExercise = """
    # # Epochs
    seed 42
    data document
    layer dense 4 sigmoid
    layer dense 3 softmax
    loss crossentropy
    lr 0.5
    train ???
    expect loss < 0.05
    """

  @Test(
    "a class of 30 with one missing and one endless train finishes with 30 rows, and the roster is written"
  )
  func classRun() throws {
    let folder = try temporaryFolder()
    let exercises = folder.appendingPathComponent("exercises")
    try FileManager.default.createDirectory(at: exercises, withIntermediateDirectories: true)
    try Self.epochsExercise.write(
      to: exercises.appendingPathComponent("epochs.nn"), atomically: true, encoding: .utf8)
    var paths: [String] = []
    for student in 1...30 {
      let place = folder.appendingPathComponent(String(format: "s%02d", student))
      try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
      let path = place.appendingPathComponent("epochs.nn")
      paths.append(path.path)
      if student == 7 { continue }  // handed nothing in
      let epochs = student == 13 ? "10000000" : "300"
      try Self.epochsExercise.replacingOccurrences(of: "???", with: epochs).write(
        to: path, atomically: true, encoding: .utf8)
    }
    let roster = folder.appendingPathComponent("grades.csv")
    let run = try binary.run(
      [
        "check", "--against", exercises.path, "--time-limit", "2", "--output", "json", "--report",
        roster.path,
      ] + paths)
    #expect(run.status == 1)
    let records = try records(run.standardOutput)
    #expect(records.count == 31)
    #expect(records[6]["status"] as? String == "cannot read")
    #expect(records[12]["status"] as? String == "stopped")
    #expect(
      (records[12]["message"] as? String)?.hasPrefix("stopped: still running after 2 s") == true)
    #expect(records.prefix(30).filter { $0["status"] as? String == "pass" }.count == 28)
    #expect(records[30]["points"] as? Int == 28 && records[30]["max"] as? Int == 30)
    let rows = try String(contentsOf: roster, encoding: .utf8).split(separator: "\n")
    #expect(rows.count == 31)
    #expect(rows.first == "file,exercise,status,points,max,message,check 1")
    #expect(
      rows[7].hasPrefix(
        "\(paths[6]),\(exercises.appendingPathComponent("epochs.nn").path),cannot read,0,1,"))
    #expect(rows[13].contains(",stopped,0,1,"))
    #expect(rows[1].hasSuffix(",pass,1,1,,line 9: pass 1/1"))
  }
}
