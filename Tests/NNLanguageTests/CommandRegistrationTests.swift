import Foundation
@testable import NNLanguage
import NNTestSupport
import Testing

/// A command is registered by one line in `CommandCatalog.definitions`; these tests fail when a
/// command file's type is left out of it, so that it would be missing from parsing, `help` and
/// completion.
@Suite("Commands: one registration each")
struct CommandRegistrationTests {
  /// The command types `Commands/*.swift` declare, read from the source (Swift cannot list a
  /// protocol's conforming types at run time).
  static let declaredTypes: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Sources/NNLanguage/Commands").standardizedFileURL
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let declaration = /struct (\w+): (?:CommandDefinition|CommandWithoutArguments)\b/
    return files.filter { $0.hasSuffix(".swift") }.sorted().flatMap { file in
      let text =
        (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
      return text.matches(of: declaration).map { String($0.1) }
    }
  }()

  /// Types that another command's `parse` returns, with a line that reaches them.
  static let parsedByAnother = ["TextDataCommand": "data text corpus.txt context 8"]

  static var registered: [String] { CommandCatalog.definitions.map { String(describing: $0) } }

  @Test("every command type in Commands/ is in CommandCatalog.definitions, once")
  func everyTypeRegistered() {
    #expect(Self.declaredTypes.count > 40, "the scan found the command files")
    for type in Self.declaredTypes where Self.parsedByAnother[type] == nil {
      #expect(Self.registered.contains(type), "\(type) is not in CommandCatalog.definitions")
    }
    #expect(Set(Self.registered).count == Self.registered.count, "a type is listed twice")
    #expect(
      Set(CommandCatalog.names).count == CommandCatalog.names.count, "two commands share a name")
  }

  @Test("a command parsed by another is reachable through it")
  func subcommandsReachable() throws {
    for (type, line) in Self.parsedByAnother {
      let command = try #require(try CommandCatalog.parse(line: line, number: 1))
      #expect(String(describing: Swift.type(of: command.definition)) == type)
    }
  }

  @Test("'help' lists every registered command")
  func helpListsEveryCommand() {
    let overview = Transcript("help").outputs
    guard case .definitions(let list)? = overview.first else {
      Issue.record("help starts with the list of commands")
      return
    }
    #expect(list.entries.map(\.term) == CommandCatalog.definitions.map { $0.help.synopsis })
    for name in CommandCatalog.names {
      #expect(Transcript("help \(name)").text.hasPrefix("USAGE: "), "'help \(name)' has a page")
    }
  }

  @Test("Tab at the start of a line offers every registered command")
  func completionOffersEveryCommand() {
    let offered = Completion(completing: "", in: Session()).candidates
    #expect(offered == CommandCatalog.names.sorted())
    #expect(
      offered.count == CommandCatalog.definitions.count - 1,
      "all but the bare expression, which has no name")
  }

  @Test("each command's examples parse, and those that start with its name parse to it")
  func examplesParseToTheirCommand() throws {
    for definition in CommandCatalog.definitions {
      for example in definition.help.examples {
        let command = try #require(
          try CommandCatalog.parse(line: example, number: 1), "'\(example)'")
        let parsedName = Swift.type(of: command.definition).help.name
        if example.split(separator: " ").first.map(String.init) == definition.help.name {
          #expect(parsedName == definition.help.name, "'\(example)' is \(definition)")
        }
      }
    }
  }

  @Test("a command without arguments refuses one, naming itself")
  func commandWithoutArguments() throws {
    let error = try #require(throws: Diagnostic.self) {
      try CommandCatalog.parse(line: "depth 3", number: 1)
    }
    #expect(error.id == "parser.unexpectedToken")
    #expect(error.message == "unexpected '3' after 'depth'")
    #expect(try CommandCatalog.parse(line: "depth", number: 1) == Command(Depth()))
    #expect(try CommandCatalog.parse(line: "depth", number: 1) != Command(Step()))
  }
}
