import NNEngine
import Testing

@Suite("Generated images and sequence tasks")
struct GeneratedDataTests {
  /// The rows of pixels that are on in sample i of a noise-free image set.
  static func litPixels(_ data: Dataset, _ i: Int) -> [(Int, Int)] {
    (0..<64).filter { data.inputs[i, $0] == 1 }.map { ($0 / 8, $0 % 8) }
  }

  @Test("shapes: 8×8 images, the four classes in turn, the same for the same seed")
  func shapes() throws {
    var g = SeededGenerator(seed: 7)
    let data = Dataset.shapes(count: 400, noise: 0, using: &g)
    #expect(data.inputs.shape == Shape(rows: 400, columns: 64))
    #expect(data.classes == (0..<400).map { $0 % 4 })
    #expect(data.inputs.elements.allSatisfy { $0 == 0 || $0 == 1 })
    for i in 0..<400 {
      let lit = Self.litPixels(data, i)
      switch Dataset.ShapeClass(rawValue: i % 4) {
      case .horizontalBar: #expect(Set(lit.map(\.0)).count == 1 && (4...6).contains(lit.count))
      case .verticalBar: #expect(Set(lit.map(\.1)).count == 1 && (4...6).contains(lit.count))
      case .cross:
        #expect(lit.count == 9 && Set(lit.map(\.0)).count == 5 && Set(lit.map(\.1)).count == 5)
      case .circle:
        #expect(lit.count >= 8 && Set(lit.map(\.0)).count >= 4 && Set(lit.map(\.1)).count >= 4)
      case nil: Issue.record("no class \(i % 4)")
      }
    }
    var again = SeededGenerator(seed: 7)
    #expect(Dataset.shapes(count: 400, noise: 0, using: &again) == data)
    var noisy = SeededGenerator(seed: 7)
    #expect(Dataset.shapes(count: 400, noise: 0.2, using: &noisy).inputs != data.inputs)
  }

  @Test("shapes land in different places, so a detector must work everywhere")
  func shapesMove() {
    var g = SeededGenerator(seed: 3)
    let data = Dataset.shapes(count: 200, noise: 0, using: &g)
    let barRows = Set((0..<50).map { Self.litPixels(data, 4 * $0)[0].0 })
    #expect(barRows.count >= 6)
  }

  @Test("parity of the last k bits, and the sum of the last k numbers")
  func parityAndSum() throws {
    var g = SeededGenerator(seed: 1)
    let parity = Dataset.parity(count: 100, steps: 6, last: 3, using: &g)
    #expect(parity.inputs.shape == Shape(rows: 100, columns: 6))
    let classes = try #require(parity.classes)
    for i in 0..<100 {
      #expect(
        classes[i] == Int(parity.inputs[i, 3] + parity.inputs[i, 4] + parity.inputs[i, 5]) % 2)
    }
    #expect((30...70).contains(classes.reduce(0, +)), "about half are odd")
    let sum = Dataset.sumOfLast(count: 10, steps: 5, last: 2, using: &g)
    guard case .targets(let targets) = sum.labels else {
      return #expect(Bool(false), "a regression")
    }
    for i in 0..<10 { #expect(targets[i, 0] == sum.inputs[i, 3] + sum.inputs[i, 4]) }
  }

  @Test("echo: one-hot symbols, the label is the first")
  func echo() throws {
    var g = SeededGenerator(seed: 2)
    let data = Dataset.echo(count: 50, steps: 5, symbols: 3, using: &g)
    #expect(data.inputs.shape == Shape(rows: 50, columns: 15))
    let classes = try #require(data.classes)
    for i in 0..<50 {
      for t in 0..<5 { #expect((0..<3).map { data.inputs[i, t * 3 + $0] }.reduce(0, +) == 1) }
      #expect(data.inputs[i, classes[i]] == 1)
    }
    #expect(Set(classes) == [0, 1, 2])
  }
}
