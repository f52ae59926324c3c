#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNLanguage
import NNRender

/// The lessons of a folder, in order, each with what its first cell says: its title, what the
/// student will be able to do afterwards, and how long it takes.
struct LessonIndex {
  struct Entry: Equatable {
    /// The lesson's number, from its file name (`03-backprop.nn` is 3).
    var number: Int
    var path: String
    var title: String
    /// The "Afterwards you can" list of the first cell.
    var outcomes: [String]
    /// Minutes: a `time: 15 min` line in the first cell, or an estimate from the lesson's length.
    var minutes: Int
  }

  var folder: String
  var entries: [Entry]

  /// The lessons in `folder`: files named `NN-something.nn`, by number.
  init(folder: String, language: String = "en") {
    self.folder = folder
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    entries = names.sorted().compactMap { name in
      guard name.hasSuffix(".nn"), let number = Int(name.prefix { $0.isNumber }) else { return nil }
      let path = folder + "/" + name
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
      return LessonIndex.entry(number: number, path: path, text: text, language: language)
    }
  }

  /// The folder of lessons to use: `given`, else `./lessons`, else the `lessons` folder of the
  /// repository the binary was built in (it sits in `<repository>/.build/<configuration>/`).
  static func folder(given: String?) -> String? {
    if let given { return given }
    var candidates = [FileManager.default.currentDirectoryPath + "/lessons"]
    var binary = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    for _ in 0..<5 {
      binary = binary.deletingLastPathComponent()
      candidates.append(binary.path + "/lessons")
    }
    return candidates.first { !LessonIndex(folder: $0).entries.isEmpty }
  }

  /// The lesson after the one at `path`, if its folder has one.
  static func next(after path: String, language: String) -> Entry? {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let name = URL(fileURLWithPath: path).lastPathComponent
    return LessonIndex(folder: folder, language: language).entries.first {
      URL(fileURLWithPath: $0.path).lastPathComponent > name
    }
  }

  static func entry(number: Int, path: String, text: String, language: String) -> Entry {
    let notebook = Notebook(SourceFile(name: path, text: text))
    let prose = notebook.cells(in: language).compactMap { cell -> String? in
      if case .prose(let text, _) = cell { return text }
      return nil
    }
    let first = prose.first ?? ""
    let lines = first.split(separator: "\n").map { String($0).trimmingBlanks() }
    let title =
      lines.first.map { String($0.drop { $0 == "#" || $0 == " " }) }
      ?? URL(fileURLWithPath: path).lastPathComponent
    let outcomes = lines.filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
    return Entry(
      number: number, path: path, title: title, outcomes: outcomes,
      minutes: minutes(stated: lines, notebook: notebook))
  }

  /// A `time: N min` line, or about 150 words of prose a minute plus 20 seconds a command,
  /// rounded up to 5 minutes.
  private static func minutes(stated lines: [String], notebook: Notebook) -> Int {
    for line in lines where line.lowercased().hasPrefix("time:") {
      if let minutes = Int(line.dropFirst(5).trimmingBlanks().prefix { $0.isNumber }) {
        return minutes
      }
    }
    var words = 0
    var commands = 0
    for cell in notebook.cells(in: "en") {
      switch cell {
      case .prose(let text, _): words += text.split { $0 == " " || $0 == "\n" }.count
      case .code(let numbers): commands += numbers.count
      }
    }
    let estimate = Double(words) / 150 + Double(commands) / 3
    return max(5, Int((estimate / 5).rounded(.up)) * 5)
  }

  /// The index as a person reads it: one block per lesson, wrapped to `width`.
  func rendered(width: Int, style: TextStyle) -> String {
    var lines: [String] = []
    for entry in entries {
      let time = "\(entry.minutes) min"
      let head = "\(String(entry.number).leftPadded(to: 2))  \(entry.title)"
      let gap = max(2, width - TextWidth.of(head) - time.count)
      lines.append(style.bold(head) + String(repeating: " ", count: gap) + time)
      for outcome in entry.outcomes {
        lines += TerminalProse.render("- " + outcome, style: style, width: width - 4).split(
          separator: "\n"
        ).map { "    " + $0 }
      }
      lines.append("")
    }
    let hint =
      "Start one with `nnrepl lessons N`, or `nnrepl \(folder)/NN-….nn`. At a terminal a lesson pauses before each cell; `--no-pause` runs it straight through."
    lines.append(TerminalProse.render(hint, style: style, width: width))
    return lines.joined(separator: "\n")
  }
}
