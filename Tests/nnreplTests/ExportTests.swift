import Foundation
import NNTestSupport
import Testing

/// `nnrepl export`: every lesson becomes a valid notebook, a self-contained page and Markdown.
@Suite("nnrepl export")
struct ExportTests {
  let binary = BuiltBinary()

  func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("every lesson exports to .ipynb, and nbformat's validator accepts each")
  func jupyter() throws {
    let folder = try temporaryFolder()
    var paths: [String] = []
    for lesson in LessonTests.lessons {
      let path = folder.appendingPathComponent(
        lesson.replacingOccurrences(of: ".nn", with: ".ipynb")
      ).path
      let run = try binary.run([
        "export", LessonTests.folder.appendingPathComponent(lesson).path, "--to", path,
      ])
      #expect(run.status == 0, "\(lesson): \(run.standardError)")
      paths.append(path)
    }
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script =
      "import sys, nbformat\nfor p in sys.argv[1:]: nbformat.validate(nbformat.read(p, as_version=4))\nprint('valid', len(sys.argv) - 1)"
    check.arguments = ["python3", "-c", script] + paths
    let pipe = Pipe()
    check.standardOutput = pipe
    try check.run()
    check.waitUntilExit()
    #expect(
      check.terminationStatus == 0,
      "nbformat rejected a notebook (or is not installed: .ci/run installs it)")
    #expect(
      String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        == "valid \(paths.count)\n")
  }

  @Test("HTML: one self-contained page with the prose, the code, the outputs and inline SVG")
  func html() throws {
    let path = try temporaryFolder().appendingPathComponent("08.html").path
    let run = try binary.run([
      "export", LessonTests.folder.appendingPathComponent("08-project.nn").path, "--to", path,
    ])
    #expect(run.status == 0)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<h1>Lesson 8 — The course text's project, as it was meant</h1>"))
    #expect(html.contains("<pre class=\"code\"><code>seed 42\ninit normal"))
    #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(
      !html.contains("<script") && !html.contains("http-equiv") && !html.contains("<link"),
      "nothing is fetched or run")
    #expect(html.contains("<html lang=\"en\">"))
  }

  @Test(
    "HTML in Chinese says so (lang=\"zh\"), so a browser breaks its lines and picks its fonts as Chinese"
  )
  func htmlInChinese() throws {
    let path = try temporaryFolder().appendingPathComponent("01.html").path
    let lesson = LessonTests.folder.appendingPathComponent("01-depth-and-parameters.nn").path
    let run = try binary.run(["export", lesson, "--to", path, "--lang", "zh"])
    #expect(run.status == 0)
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.contains("<html lang=\"zh\">"))
    #expect(html.contains("第 1 课"))
  }

  @Test("Markdown: fenced code and output, plots as SVG files beside it")
  func markdown() throws {
    let folder = try temporaryFolder()
    let run = try binary.run([
      "export", LessonTests.folder.appendingPathComponent("05-activations.nn").path, "--to",
      folder.appendingPathComponent("05.md").path,
    ])
    #expect(run.status == 0)
    let markdown = try String(contentsOf: folder.appendingPathComponent("05.md"), encoding: .utf8)
    #expect(markdown.contains("```nnrepl\nplot sigmoid from -8 to 8"))
    #expect(markdown.contains("![sigmoid and its derivative](05-plot-1.svg)"))
    #expect(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("05-plot-3.svg").path))
  }

  @Test("--lang zh exports a lesson's Chinese prose instead of its English")
  func chinese() throws {
    let path = try temporaryFolder().appendingPathComponent("01.md").path
    let run = try binary.run([
      "export", LessonTests.folder.appendingPathComponent("01-depth-and-parameters.nn").path,
      "--to", path, "--lang", "zh",
    ])
    #expect(run.status == 0)
    let markdown = try String(contentsOfFile: path, encoding: .utf8)
    #expect(markdown.hasPrefix("# 第 1 课 — 深度与可训练参数"))
    #expect(!markdown.contains("# Lesson 1"))
    #expect(markdown.contains("```nnrepl\nseed 42"), "the code is the same in every language")
  }

  @Test("a lesson that fails is not exported, and the status says why")
  func failure() throws {
    let folder = try temporaryFolder()
    let lesson = folder.appendingPathComponent("bad.nn")
    try "input 2\nshow W1\n".write(to: lesson, atomically: true, encoding: .utf8)
    let run = try binary.run([
      "export", lesson.path, "--to", folder.appendingPathComponent("bad.html").path,
    ])
    #expect(run.status == 70)
    #expect(run.standardError.contains("error: the network has no layers yet"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad.html").path))
    #expect(try binary.run(["export", lesson.path, "--to", "x.pdf"]).status == 64)
  }

  @Test(
    "a notebook that cannot be written exits 73 (sysexits' EX_CANTCREAT), not 66, and the README's table says so"
  )
  func unwritableDestination() throws {
    let folder = try temporaryFolder()
    let lesson = folder.appendingPathComponent("fine.nn")
    try "input 2\n".write(to: lesson, atomically: true, encoding: .utf8)
    let run = try binary.run([
      "export", lesson.path, "--to", folder.appendingPathComponent("missing/out.html").path,
    ])
    #expect(run.status == 73, "\(run.standardError)")
    #expect(run.standardError.contains("nnrepl: error:"))
    let readme = try String(
      contentsOf: LessonTests.folder.deletingLastPathComponent().appendingPathComponent(
        "README.md"), encoding: .utf8)
    #expect(readme.contains("| `73` | an output file cannot be created (`nnrepl export --to`"))
  }
}
