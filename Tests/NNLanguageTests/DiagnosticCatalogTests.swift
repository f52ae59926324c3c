import Foundation
import NNEngine
@testable import NNLanguage
import Testing

/// The message catalog (`Diagnostics/DiagnosticMessage+*.swift`): a static member per message,
/// its id derived from the member's name.
@Suite("Diagnostics: the message catalog")
struct DiagnosticCatalogTests {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/NNLanguage").standardizedFileURL

  /// The text of every Swift file under `Sources/NNLanguage`, by its path from there.
  static let files: [String: String] = {
    let enumerator = FileManager.default.enumerator(atPath: sources.path)
    var files: [String: String] = [:]
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".swift") else { continue }
      files[path] = try? String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
    }
    return files
  }()

  /// Each catalog member's id, read from the catalog files: the domain of the constructor its
  /// body calls first (`.syntax(` is `parser`), a dot, and its name. Swift cannot list static
  /// members at run time, so the files are read.
  static let catalogued: [String] = {
    let member = /static (?:func|var) (\w+)[\s\S]*?(?:\.(syntax|runtime|warning)\(|Self\(\.(\w+),)/
    let domains = ["syntax": "parser", "runtime": "runtime", "warning": "warning"]
    return files.filter { $0.key.hasPrefix("Diagnostics/DiagnosticMessage+") }.sorted {
      $0.key < $1.key
    }
    .flatMap { _, text in
      text.matches(of: member).map { match in
        let domain = match.2.flatMap { domains[String($0)] } ?? match.3.map(String.init) ?? "?"
        return domain + "." + match.1
      }
    }
  }()

  /// Every `"domain.name"` string written in a file outside the catalog and the localisation.
  static var writtenIds: Set<String> {
    let literal = /"((?:parser|runtime|warning|expect|exercise)\.[A-Za-z]+)"/
    var written: Set<String> = []
    for (path, text) in files
    where !path.hasPrefix("Diagnostics/DiagnosticMessage") && !path.hasPrefix("Localization/") {
      for match in text.matches(of: literal) { written.insert("\(path) \(match.1)") }
    }
    return written
  }

  @Test("an id is the domain of its constructor and the member's name")
  func derivedIds() {
    #expect(DiagnosticMessage.unknownCommand("layr").id == "parser.unknownCommand")
    #expect(DiagnosticMessage.unknownCommand("layr").text == "unknown command 'layr'")
    #expect(DiagnosticMessage.unknownCommand("layr").category == .syntax)
    #expect(DiagnosticMessage.noLayers.id == "runtime.noLayers")
    #expect(DiagnosticMessage.noLayers.category == .runtime)
    #expect(DiagnosticMessage.unanswered.id == "exercise.unanswered")
    #expect(DiagnosticMessage.unanswered.category == .unanswered)
    let warning = DiagnosticMessage.crossEntropyOutput(.relu)
    #expect(
      (warning.id, warning.severity, warning.category) == (
        "warning.crossEntropyOutput", .warning, .runtime
      ))
    let failed = DiagnosticMessage.failed("loss < 1", but: "loss is 2")
    #expect(
      (failed.id, failed.category, failed.text) == (
        "expect.failed", .expectation, "expected loss < 1, but loss is 2"
      ))
    let located = Diagnostic(
      .noSuchLayer("layer 3", depth: 2), at: SourceRange(line: 4, column: 1, length: 7))
    #expect(located.id == "runtime.noSuchLayer")
    #expect(located.message == "there is no layer 3: the network has 2 layers")
    #expect(located.severity == .error && located.range?.line == 4 && located.notes.isEmpty)
  }

  @Test("the scan reads the members as the compiler builds them")
  func scanAgreesWithTheCompiler() {
    #expect(Self.catalogued.count > 40, "the scan found the catalog")
    for id in [
      DiagnosticMessage.unknownCommand("x").id, DiagnosticMessage.unanswered.id,
      DiagnosticMessage.noData.id,
      DiagnosticMessage.failed("a", but: "b").id, DiagnosticMessage.crossEntropyOutput(.tanh).id,
      DiagnosticMessage.expectedTranspose(found: "x").id,
    ] {
      #expect(Self.catalogued.contains(id), "\(id)")
    }
  }

  @Test("every id in the catalog names one message")
  func uniqueIds() {
    let names = Self.catalogued.map { $0.split(separator: ".")[1] }
    let repeated = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys
      .sorted()
    #expect(repeated.isEmpty, "members with the same name share an id: \(repeated)")
  }

  @Test("every diagnostic the Chinese localisation translates is a real id")
  func chineseKeysAreIds() {
    for key in Chinese.diagnostics.keys.sorted() {
      #expect(Self.catalogued.contains(key), "'\(key)' is no diagnostic's id")
    }
  }

  @Test("a catalogued id is thrown through its message, not written as a string")
  func catalogIdsNotWrittenOut() {
    let catalogued = Set(Self.catalogued)
    let written = Self.writtenIds
    let outside = written.filter { catalogued.contains(String($0.split(separator: " ")[1])) }
    #expect(outside.sorted() == [])
  }
}
