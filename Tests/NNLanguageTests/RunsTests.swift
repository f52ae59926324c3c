import Foundation
import NNLanguage
import NNRender
import NNTestSupport
import Testing

/// Runs kept by name, and drawn together: `train 300 as lr=0.5`, `plot loss lr=0.01 lr=0.5`.
@Suite("Named runs")
struct RunsTests {
  static let setup =
    "seed 42\ndata document\nlayer dense 4 sigmoid\nlayer dense 3 softmax\nloss crossentropy\n"

  @Test(
    "'train … as NAME' keeps the run; 'plot loss A B' draws each as a line from its own epoch 0")
  func twoRuns() throws {
    let transcript = Transcript(
      Self.setup
        + "lr 0.01\ntrain 30 as lr=0.01\ninit xavier\nlr 0.5\ntrain 20 as lr=0.5\nplot loss lr=0.01 lr=0.5 log"
    )
    #expect(transcript.error == nil)
    #expect(transcript.text.contains("kept this run as 'lr=0.5' for 'plot loss lr=0.5'"))
    guard case .plot(let plot)? = transcript.outputs.last else {
      Issue.record("the last output should be the plot")
      return
    }
    #expect(plot.lines.map(\.name) == ["lr=0.01", "lr=0.5"])
    #expect(plot.lines.map { $0.xs.first } == [0, 0], "each run starts at its own epoch 0")
    #expect(plot.lines.map(\.xs.count) == [31, 21])
    #expect(plot.logarithmicY)
    #expect(plot.lines[1].ys.last == transcript.lastValue("loss"))
  }

  @Test("a run kept again under the same name replaces the old one")
  func replace() throws {
    let session = Transcript(Self.setup + "train 5 as a\ntrain 7 as a").interpreter.session
    #expect(session.runs.map(\.name) == ["a"])
    #expect(session.runs.first?.records.count == 8)
  }

  @Test("an unknown run says which runs there are, and suggests the nearest")
  func unknownRun() throws {
    let error = try #require(Transcript(Self.setup + "train 5 as lr=0.5\nplot loss lr=0.05").error)
    #expect(error.id == "runtime.unknownRun")
    #expect(error.range == SourceRange(line: 7, column: 11, length: 7))
    #expect(
      error.notes.map(\.message) == [
        "did you mean 'lr=0.5'?", "the runs kept are 'lr=0.5'; 'train 300 as lr=0.05' keeps one",
      ])
  }

  @Test("names are tokens written together; 'every' and 'as' may both be given")
  func parsing() throws {
    let session = Transcript(
      Self.setup + "train 4 every 2 as adam-2\nplot loss adam-2 to x.svg", files: MemoryFiles()
    ).interpreter.session
    #expect(session.runs.map(\.name) == ["adam-2"])
    #expect(Transcript("train 5 as").error?.id == "parser.expectedName")
  }

  @Test("lesson 04 compares its three learning rates on one chart")
  func lessonFour() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("lessons/04-gradient-descent.nn")
    let transcript = Transcript(try String(contentsOf: url, encoding: .utf8))
    #expect(transcript.error == nil)
    let charts = transcript.plots
    #expect(
      charts.filter { $0.lines.count == 3 }.map { $0.lines.map(\.name) } == [
        ["lr=0.01", "lr=0.5", "lr=5"]
      ])
  }
}
