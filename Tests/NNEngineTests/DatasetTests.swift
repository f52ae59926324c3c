import NNEngine
import Testing

@Suite("Data sets")
struct DatasetTests {
  @Test("class labels become one-hot rows for several outputs and a column for one")
  func targets() throws {
    #expect(
      try Dataset.document.targets(outputWidth: 3)
        == Matrix([[1, 0, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0]]))
    #expect(try Dataset.xor.targets(outputWidth: 1) == Matrix(column: [0, 1, 1, 0]))
  }

  @Test("a label without an output unit is an error, naming the sample")
  func labelOutOfRange() {
    let data = Dataset(inputs: Matrix([[0], [1]]), labels: .classes([0, 3]))
    #expect(throws: EngineError.labelOutOfRange(label: 3, sample: 1, outputs: 3)) {
      try data.targets(outputWidth: 3)
    }
    #expect(throws: EngineError.labelOutOfRange(label: 3, sample: 1, outputs: 1)) {
      try data.targets(outputWidth: 1)
    }
  }

  @Test("target rows must be as wide as the output")
  func targetWidth() {
    let data = Dataset(inputs: Matrix([[0], [1]]), labels: .targets(Matrix([[0.5, 1], [0, 1]])))
    #expect(throws: EngineError.targetWidthMismatch(targets: 2, outputs: 1)) {
      try data.targets(outputWidth: 1)
    }
  }

  @Test("the seed's data is not XOR: its labels copy the second input")
  func documentIsNotXor() {
    let x = Dataset.document.inputs
    let xor = (0..<4).map { Int(x[$0, 0]) ^ Int(x[$0, 1]) }
    #expect(xor == [1, 1, 0, 0])
    #expect(Dataset.document.classes == (0..<4).map { Int(x[$0, 1]) })
  }
}
