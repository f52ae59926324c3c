import Foundation
import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// `data shapes`, the sequence tasks and `data load … shape`: data whose samples have a shape.
@Suite("Shaped data: images and sequence tasks")
struct DataTaskTests {
  func parse(_ line: String) throws -> Command? { try CommandCatalog.parse(line: line, number: 1) }

  @Test("the grammar, with the defaults")
  func grammar() throws {
    #expect(
      try parse("data shapes")
        == Command(DataCommand(source: .task(.shapes(count: 200, noise: 0.1)))))
    #expect(
      try parse("data parity n 50 steps 6 last 3")
        == Command(DataCommand(source: .task(.parity(count: 50, steps: 6, last: 3)))))
    #expect(
      try parse("data sum last 4")
        == Command(DataCommand(source: .task(.sum(count: 200, steps: 8, last: 4)))))
    #expect(
      try parse("data echo steps 5 symbols 4")
        == Command(DataCommand(source: .task(.echo(count: 200, steps: 5, symbols: 4)))))
    #expect(
      try parse("data load digits.csv target digit shape 8x8x1")
        == Command(
          DataCommand(
            source: .file(
              path: "digits.csv", target: "digit", shape: .image(height: 8, width: 8, channels: 1)))
        ))
    #expect(Transcript("data parity steps 4 last 5").error?.id == "parser.lastSteps")
    #expect(Transcript("data shapes steps 4").error?.id == "parser.unexpectedToken")
    // 10¹¹ numbers would not fit in memory: refused before anything is drawn.
    #expect(
      Transcript("data echo n 1000000 steps 1000 symbols 100").error?.id == "runtime.dataTooLarge")
  }

  @Test("shaped data sets the input's shape, so a convolution or an LSTM can follow at once")
  func setsTheShape() throws {
    let images = Transcript("seed 3\ndata shapes n 8\nlayer conv2d 2 3x3 relu")
    #expect(images.error == nil)
    #expect(
      images.text.contains(
        "data: 8 samples × 64 features, labels [0, 1, 2, 3, 0, 1, 2, 3] (4 classes), each sample 8×8×1 (an image: 64 numbers)"
      ))
    #expect(
      images.text.contains("classes: 0 = horizontal bar, 1 = vertical bar, 2 = cross, 3 = circle"))
    let sequence = try #require(
      Transcript("data echo n 6 steps 4 symbols 3\nlayer gru 2").interpreter.session.network)
    #expect(sequence.inputShape == .sequence(steps: 4, features: 3))
    // The same seed draws the same images.
    #expect(
      Transcript("seed 3\ndata shapes n 8").interpreter.session.data
        == images.interpreter.session.data)
  }

  @Test("data load … shape reads each row as an image, and says when the sizes do not multiply out")
  func loadWithShape() throws {
    let csv = "a,b,c,d,label\n" + "0,1,1,0,1\n1,0,0,1,0\n"
    let files = MemoryFiles(["tiny.csv": csv])
    let loaded = Transcript(
      "data load tiny.csv target label shape 2x2x1\nlayer conv2d 1 2x2 relu", files: files)
    #expect(loaded.error == nil)
    #expect(
      loaded.interpreter.session.network?.inputShape == .image(height: 2, width: 2, channels: 1))
    let wrong = Transcript(
      "data load tiny.csv target label shape 3x3x1", files: MemoryFiles(["tiny.csv": csv]))
    #expect(wrong.error?.id == "runtime.csvShape")
    #expect(wrong.error?.message == "'tiny.csv' has 4 features a row, but 3×3×1 is 9 numbers")
  }
}

/// The digits that ship in lessons/data, read as images.
@Suite("The 8×8 digits")
struct DigitsTests {
  @Test("1,797 images of 8×8×1, ten classes in the counts the UCI data has")
  func digits() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../lessons/data/digits.csv")
    let csv = try String(contentsOf: url, encoding: .utf8)
    let transcript = Transcript(
      "data load digits.csv target digit shape 8x8x1", files: MemoryFiles(["digits.csv": csv]))
    let data = try #require(transcript.interpreter.session.data)
    #expect(data.inputs.shape == Shape(rows: 1_797, columns: 64))
    #expect(
      transcript.interpreter.session.network?.inputShape == .image(height: 8, width: 8, channels: 1)
    )
    let classes = try #require(data.classes)
    let counts = (0..<10).map { digit in classes.filter { $0 == digit }.count }
    #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    #expect(data.inputs.elements.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
  }
}
