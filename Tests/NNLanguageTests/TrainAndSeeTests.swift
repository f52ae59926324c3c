import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// Data files, evaluation and plots, through the language.
@Suite("Train and see")
struct TrainAndSeeTests {
  static let csv = """
    width,height,kind
    1.0,2.0,cat
    1.5,1.8,cat
    3.0,0.5,dog

    3.2,0.4,dog
    """

  @Test("a CSV file: features, class names in the order seen, blank lines skipped")
  func loadCSV() throws {
    let files = MemoryFiles(["pets.csv": Self.csv])
    let transcript = Transcript("data load pets.csv target kind", files: files)
    #expect(transcript.outcome == .success)
    let data = try #require(transcript.interpreter.session.data)
    #expect(data.inputs == Matrix([[1, 2], [1.5, 1.8], [3, 0.5], [3.2, 0.4]]))
    #expect(data.classes == [0, 0, 1, 1])
    #expect(transcript.text.contains("classes: 0 = cat, 1 = dog"))
  }

  @Test(
    "CSV errors name the file, the line and the column",
    arguments: [
      ("missing.csv", "", "cannot load 'missing.csv': no such file: 'missing.csv'"),
      ("a.csv", "x,y\n1,2\n3\n", "a.csv:3: this row has 1 field but the header has 2"),
      ("a.csv", "x,y\n1,2\nabc,1\n", "a.csv:3: 'abc' in column 'x' is not a number"),
      ("a.csv", "", "'a.csv' is empty"),
      ("a.csv", "x,y\n", "'a.csv' has a header but no rows"),
    ])
  func csvErrors(_ name: String, _ text: String, _ message: String) throws {
    let files = MemoryFiles(name == "missing.csv" ? [:] : [name: text])
    let transcript = Transcript("data load \(name)", files: files)
    #expect(transcript.error?.message == message)
  }

  @Test("CSV from spreadsheets: a byte-order mark, CRLF line ends, quoted fields with commas")
  func spreadsheetCSV() throws {
    let text = "\u{FEFF}x,\"label, long\"\r\n1.5,\"a \"\"b\"\"\"\r\n2.5,c\r\n"
    #expect(CSVTable.fields(of: "1, \"x,y\" ,\"say \"\"hi\"\"\"") == ["1", "x,y", "say \"hi\""])
    let transcript = Transcript("data load s.csv", files: MemoryFiles(["s.csv": text]))
    #expect(transcript.outcome == .success, "\(transcript.error?.message ?? "")")
    #expect(transcript.interpreter.session.data?.inputs == Matrix(column: [1.5, 2.5]))
    #expect(transcript.text.contains("classes: 0 = a \"b\", 1 = c"))
  }

  @Test("an unknown target column suggests the closest one")
  func unknownTarget() {
    let transcript = Transcript(
      "data load pets.csv target knid", files: MemoryFiles(["pets.csv": Self.csv]))
    #expect(transcript.error?.message == "'pets.csv' has no column 'knid'")
    #expect(transcript.error?.notes.first?.message == "did you mean 'kind'?")
  }

  @Test("evaluate: loss and accuracy on train and test, and confusion matrices")
  func evaluate() throws {
    let transcript = Transcript(
      """
      seed 1
      data gauss n 40
      split 0.75
      layer dense 2 softmax
      loss crossentropy
      train 50
      evaluate
      """)
    #expect(transcript.outcome == .success)
    let tables = transcript.outputs.compactMap { output -> Table? in
      guard case .table(let table) = output else { return nil }
      return table
    }
    #expect(tables.count == 3)
    #expect(tables[0].rows.map { $0[0] } == ["train", "test"])
    #expect(tables[0].rows.map { $0[1] } == ["30", "10"])
    let trainConfusion = tables[1].rows.map { $0.dropFirst().compactMap { Int($0) } }
    #expect(trainConfusion.joined().reduce(0, +) == 30, "every training sample is counted once")
    // The table states each figure once: "0.9 (27/30)".
    #expect(
      tables[0].rows[0][3].hasSuffix("(\(trainConfusion[0][0] + trainConfusion[1][1])/30)"),
      "the diagonal holds the right answers")
  }

  @Test("the loss history records every epoch, with the test loss after split")
  func history() {
    let transcript = Transcript(
      "seed 2\ndata moons n 50\nsplit 0.8\nlayer dense 2 softmax\nloss crossentropy\ntrain 5\ntrain 3"
    )
    let history = transcript.interpreter.session.history
    #expect(history.map(\.epoch) == Array(0...8))
    #expect(history.allSatisfy { $0.testLoss != nil })
  }

  @Test("changing the optimizer between runs keeps the weights")
  func hyperparametersBetweenRuns() throws {
    var interpreter = Transcript(
      "seed 3\ndata xor\nlayer dense 4 tanh\nlayer dense 2 softmax\nloss crossentropy\ntrain 10"
    ).interpreter
    let before = try #require(interpreter.session.network)
    _ = interpreter.run(line: "optimizer adam", number: 1) { _ in }
    _ = interpreter.run(line: "lr 0.01", number: 2) { _ in }
    #expect(interpreter.session.network == before)
    #expect(interpreter.session.trainer.optimizer == .adam)
  }

  @Test("plots: every kind, and SVG files that parse as XML with the expected elements")
  func plots() throws {
    let files = MemoryFiles()
    let transcript = Transcript(
      """
      seed 4
      data circle n 60
      layer dense 4 tanh
      layer dense 2 softmax
      loss crossentropy
      train 20
      plot loss to loss.svg
      plot data to data.svg
      plot boundary to boundary.svg
      plot tanh from -3 to 3 to tanh.svg
      plot W1 to w1.svg
      """, files: files)
    #expect(transcript.outcome == .success)
    let expected: [(String, [String: Int])] = [
      ("loss.svg", ["polyline": 1]), ("data.svg", ["circle": 60, "polyline": 0]),
      ("boundary.svg", ["circle": 60]), ("tanh.svg", ["polyline": 2]), ("w1.svg", ["polyline": 0]),
    ]
    for (name, counts) in expected {
      let svg = try #require(files[name], "\(name) was not written")
      let elements = try SVGElements(svg)
      #expect(elements.root == "svg")
      #expect(elements.version == "1.1")
      for (element, count) in counts {
        let found = elements.counts[element, default: 0]
        #expect(
          element == "circle" ? found >= count : found == count, "\(name): \(found) \(element)")
      }
    }
    #expect(Transcript("plot softmax").error?.id == "runtime.plotSoftmax")
    #expect(Transcript("plot loss").error?.id == "runtime.noHistory")
  }

  @Test("with colour, lines are braille dots and the legend is coloured")
  func colourPlot() {
    var plot = Plot(title: "two lines", xLabel: "x", yLabel: "y", xRange: 0...1, yRange: 0...1)
    plot.lines = [
      Plot.Series(name: "up", xs: [0, 1], ys: [0, 1], color: 0),
      Plot.Series(name: "down", xs: [0, 1], ys: [1, 0], color: 1),
    ]
    let text = TerminalPlot(style: .ansi).render(plot)
    #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille dots")
    #expect(text.contains("\u{1B}[38;5;33m"), "the first series in blue")
    #expect(text.contains("\u{1B}[38;5;208m━━\u{1B}[0m down"), "the legend in the series' colour")
    #expect(!TerminalPlot(style: .plain).render(plot).contains("\u{1B}"))
  }

  @Test("a monochrome plot, exactly: ticks at nice numbers, zero labelled 0")
  func monochromeGolden() {
    var plot = Plot(title: "relu", xLabel: "z", yLabel: "value", xRange: -1...1, yRange: 0...1)
    plot.lines = [Plot.Series(name: "relu(z)", xs: [-1, 0, 1], ys: [0, 0, 1], color: 0)]
    var renderer = TerminalPlot(style: .plain)
    renderer.width = 8
    renderer.height = 4
    #expect(
      renderer.render(plot) == """
        relu
        1.0 ┤       *
            │      *
        0.5 ┤     *
          0 ┤*****
            └────────
             -1  0  1
             x: z y:
             value
             * relu(z)
        """)
  }
}

/// The root, version and element counts of an SVG document, read with an XML parser.
struct SVGElements {
  var root = ""
  var version = ""
  var counts: [String: Int] = [:]

  init(_ text: String) throws {
    let delegate = Delegate()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = delegate
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    (root, version, counts) = (delegate.root, delegate.version, delegate.counts)
  }

  private final class Delegate: NSObject, XMLParserDelegate {
    var root = ""
    var version = ""
    var counts: [String: Int] = [:]

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      if root.isEmpty {
        root = name
        version = attributes["version"] ?? ""
      }
      counts[name, default: 0] += 1
    }
  }
}
