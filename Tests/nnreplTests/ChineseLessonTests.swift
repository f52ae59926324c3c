import Foundation
import NNTestSupport
import Testing

/// Every lesson carries its prose in Chinese as well, the course text's language: a `# [zh]` cell
/// after each English prose cell, shown instead of it by `--lang zh`. The lessons are found as
/// `LessonTests` finds them (every `.nn` file in `lessons/`), so a lesson added without Chinese
/// prose fails here until it has a Chinese partner for each English cell.
@Suite("Lessons in Chinese")
struct ChineseLessonTests {
  let binary = BuiltBinary()

  /// One cell of an exported notebook: `markdown` or `code`, and its text.
  struct Cell {
    var kind: String
    var text: String
  }

  /// Whether `text` holds Chinese: a character of the CJK Unified Ideographs (U+4E00–U+9FFF) or
  /// their extension A (U+3400–U+4DBF).
  static func isChinese(_ text: some StringProtocol) -> Bool {
    text.unicodeScalars.contains {
      (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value)
    }
  }

  /// The headings of a lesson's prose, without their `#` marks: those of the Chinese cells (the
  /// ones whose first line is `# [zh]`) and those of the English ones.
  static func headings(in lesson: String) -> (chinese: [String], english: [String]) {
    var (chinese, english): ([String], [String]) = ([], [])
    var language: String?  // of the prose cell being read; a line that is not prose ends it
    for line in lesson.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("#"), !line.hasPrefix("#%%") else {
        language = nil
        continue
      }
      let text = line.dropFirst().drop { $0 == " " }
      if language == nil {
        language = text == "[zh]" ? "zh" : "en"
        if language == "zh" { continue }
      }
      guard text.hasPrefix("#") else { continue }
      if language == "zh" { chinese.append(title(text)) } else { english.append(title(text)) }
    }
    return (chinese, english)
  }

  /// A Markdown heading's text: `## Training` is `Training`.
  static func title(_ heading: Substring) -> String {
    String(heading.drop { $0 == "#" }.drop { $0 == " " })
  }

  /// The lesson run and exported as a Jupyter notebook in `language`, read back as its cells.
  func cells(of lesson: String, in language: String) throws -> [Cell] {
    let notebook = FileManager.default.temporaryDirectory.appendingPathComponent(
      UUID().uuidString + ".ipynb")
    defer { try? FileManager.default.removeItem(at: notebook) }
    let path = LessonTests.folder.appendingPathComponent(lesson).path
    let run = try binary.run(["export", path, "--to", notebook.path, "--lang", language])
    #expect(run.status == 0, "\(run.standardError)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: notebook)) as? [String: Any]
    let cells = json?["cells"] as? [[String: Any]] ?? []
    return cells.map { cell in
      Cell(
        kind: cell["cell_type"] as? String ?? "", text: (cell["source"] as? [String] ?? []).joined()
      )
    }
  }

  @Test("the Chinese prose cells pair off with the English ones", arguments: LessonTests.lessons)
  func partners(_ lesson: String) throws {
    let english = try cells(of: lesson, in: "en")
    let chinese = try cells(of: lesson, in: "zh")
    let prose = english.filter { $0.kind == "markdown" }.count
    #expect(prose > 0)
    #expect(
      chinese.filter { $0.kind == "markdown" && Self.isChinese($0.text) }.count == prose,
      "\(lesson): each of its \(prose) English prose cells needs a `# [zh]` cell after it")
    try #require(
      chinese.map(\.kind) == english.map(\.kind),
      "\(lesson): the Chinese prose sits where the English does")
    for (en, zh) in zip(english, chinese) {
      if en.kind == "code" {
        #expect(zh.text == en.text, "the same commands in both languages")
      } else {
        let first = String(en.text.prefix { $0 != "\n" })
        #expect(
          Self.isChinese(zh.text) && !zh.text.contains(first),
          "\(lesson): no Chinese for “\(first)”")
      }
    }
  }

  @Test(
    "the lesson's transcript with --lang zh shows every Chinese heading and none of the English ones",
    arguments: LessonTests.lessons)
  func transcript(_ lesson: String) throws {
    let url = LessonTests.folder.appendingPathComponent(lesson)
    let headings = Self.headings(in: try String(contentsOf: url, encoding: .utf8))
    #expect(
      headings.chinese.count == headings.english.count,
      "\(lesson): a Chinese heading for each English one")
    let run = try binary.run(["--transcript", "--lang", "zh", url.path])
    #expect(run.status == 0, "\(run.standardError)")
    let shown = run.standardOutput.split(separator: "\n").map { Self.title($0.drop { $0 == " " }) }
    for heading in headings.chinese {
      #expect(Self.isChinese(heading), "\(lesson): the heading “\(heading)” is not in Chinese")
      #expect(run.standardOutput.contains(heading), "\(lesson): “\(heading)” was not shown")
    }
    for heading in headings.english {
      #expect(
        !shown.contains(heading),
        "\(lesson): the English heading “\(heading)” was shown with --lang zh")
    }
  }
}
