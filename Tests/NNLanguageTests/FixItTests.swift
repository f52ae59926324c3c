import NNTestSupport
import Testing

@testable import NNLanguage

/// A suggestion that names one word carries the fix-it that puts it in place, so that the line
/// can be offered corrected.
@Suite("Diagnostics: fix-its")
struct FixItTests {
  @Test(
    "a mistyped word's fix-it gives the corrected line",
    arguments: [
      ("layr dense 4 sigmoid", "layer dense 4 sigmoid"),
      ("layer dense 4 sigmod", "layer dense 4 sigmoid"),
      ("layer dens 4 relu", "layer dense 4 relu"), ("train 10 evry 2", "train 10 every 2"),
      ("  loss crossentropi  # comment kept", "  loss crossentropy  # comment kept"),
      ("help trian", "help train"),
    ])
  func corrected(_ line: String, _ fixed: String) throws {
    var interpreter = Interpreter()
    guard case .failure(let error) = interpreter.run(line: line, number: 7, emit: { _ in }) else {
      Issue.record("'\(line)' should fail")
      return
    }
    let fixIt = try #require(error.notes.first?.fixIt)
    #expect(fixIt.range.line == 7)
    #expect(error.fixed(line) == fixed)
  }

  @Test("names of the session: a mistyped parameter or matrix is corrected to the one that exists")
  func sessionNames() throws {
    var transcript = Transcript("input 2\nlayer dense 2 relu")
    for (line, fixed) in [("show Wl", "show W1"), ("grad W2", "grad W1"), ("show zz", nil)] {
      guard
        case .failure(let error) = transcript.interpreter.run(line: line, number: 3, emit: { _ in })
      else {
        Issue.record("'\(line)' should fail")
        continue
      }
      #expect(error.fixed(line) == fixed, "\(line)")
    }
  }

  @Test("no fix-it without a suggestion, and none for a note's message alone")
  func noFixIt() {
    var interpreter = Interpreter()
    guard case .failure(let error) = interpreter.run(line: "foo bar", number: 1, emit: { _ in })
    else {
      Issue.record("'foo bar' should fail")
      return
    }
    #expect(error.notes.map(\.message) == ["type 'help' to list the commands"])
    #expect(error.fixed("foo bar") == nil)
    #expect(
      Suggestions.note(for: "sigmod", among: ["sigmoid"]).first?.fixIt == nil,
      "a suggestion that knows no place cannot be made")
  }
}
