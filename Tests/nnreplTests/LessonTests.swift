import Foundation
import NNTestSupport
import Testing

/// Every lesson runs to the end with every `expect` passing: a change to the engine that alters a
/// number a lesson states fails here, and someone decides which of the two is wrong.
@Suite("Lessons")
struct LessonTests {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("lessons")

  static let lessons: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".nn") }.sorted()
  }()

  @Test("the lessons folder has lessons")
  func lessonsExist() {
    #expect(!Self.lessons.isEmpty)
  }

  @Test("runs cleanly", arguments: lessons)
  func runs(_ lesson: String) throws {
    // From a folder of its own, as a student runs it: the files it writes land there.
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let run = try BuiltBinary().run(
      [Self.folder.appendingPathComponent(lesson).path], directory: work)
    #expect(run.status == 0, "\(run.standardError)")
    #expect(!run.standardError.contains("error:"), "a lesson may show warnings, never errors")
    #expect(run.standardOutput.contains("✓"), "a lesson checks what it states")
  }
}
