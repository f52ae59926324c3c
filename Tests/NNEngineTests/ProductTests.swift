import Testing

@testable import NNEngine

/// The fast product (BLAS) must give the readable loops' answer, whatever the shapes and
/// transposes, because the loops are what a student reads and what the lessons' numbers come from.
@Suite("Matrix product")
struct ProductTests {
  /// A matrix of uniform numbers in [-1, 1), a fifth of them exactly 0 (as after relu).
  static func random(_ rows: Int, _ columns: Int, stream: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: 7, stream: stream)
    var m = Matrix(rows: rows, columns: columns)
    for i in m.elements.indices {
      let u = generator.nextUniform()
      m.elements[i] = u < 0.2 ? 0 : 2 * u - 1
    }
    return m
  }

  static let transpositions: [Matrix.Transposition] = [[], .left, .right, [.left, .right]]

  @Test(
    "a transposed factor gives the same product as transposing it first", arguments: transpositions)
  func transposedFactors(transposing: Matrix.Transposition) {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    let left = transposing.contains(.left) ? a.transposed : a
    let right = transposing.contains(.right) ? b.transposed : b
    #expect(Matrix.product(left, right, transposing: transposing) == a.matmul(b))
    #expect(a.matmul(b) == Matrix([[58, 64], [139, 154]]))
  }

  @Test(
    "BLAS agrees with the readable loops to 1e-12",
    arguments: [(37, 53, 29), (128, 784, 128), (128, 128, 10), (1, 300, 200), (257, 3, 65)],
    transpositions)
  func blasAgrees(shape: (m: Int, k: Int, n: Int), transposing: Matrix.Transposition) {
    let a =
      transposing.contains(.left)
      ? Self.random(shape.k, shape.m, stream: 1) : Self.random(shape.m, shape.k, stream: 1)
    let b =
      transposing.contains(.right)
      ? Self.random(shape.n, shape.k, stream: 2) : Self.random(shape.k, shape.n, stream: 2)
    var reference = Matrix(rows: shape.m, columns: shape.n, repeating: .nan)
    var fast = reference
    Matrix.referenceProduct(a, b, transposing: transposing, into: &reference)
    Matrix.blasProduct(a, b, transposing: transposing, into: &fast)
    let worst = zip(reference.elements, fast.elements).map { abs($0 - $1) }.max() ?? .nan
    #expect(worst <= 1e-12 * Double(shape.k).squareRoot())
    #expect(reference.elements.allSatisfy { $0.isFinite })
  }

  @Test("small products take the loops, bit for bit, so lessons print the same digits everywhere")
  func smallProductsAreExact() {
    let a = Self.random(12, 20, stream: 3)
    let b = Self.random(20, 9, stream: 4)
    #expect(12 * 20 * 9 < Matrix.smallProduct)
    var reference = Matrix(rows: 12, columns: 9)
    Matrix.referenceProduct(a, b, into: &reference)
    #expect(a.matmul(b) == reference)
  }

  @Test("sizes beyond BLAS's 32-bit integers take the loops instead of trapping")
  func hugeSizesStayInSwift() {
    #expect(Matrix.isForBLAS(rows: 128, columns: 128, inner: 784))
    #expect(!Matrix.isForBLAS(rows: 31, columns: 32, inner: 32))
    #expect(!Matrix.isForBLAS(rows: 3_000_000_000, columns: 1, inner: 1))
    // no overflow either
    #expect(!Matrix.isForBLAS(rows: 1 << 40, columns: 1 << 40, inner: 1 << 40))
  }

  @Test("an empty inner size gives zeros, and reusing a result overwrites it")
  func emptyAndReused() {
    let empty = Matrix.product(Matrix(rows: 3, columns: 0), Matrix(rows: 0, columns: 2))
    #expect(empty == Matrix(rows: 3, columns: 2))
    let a = Self.random(64, 64, stream: 5)
    var c = Matrix(rows: 64, columns: 64, repeating: 99)
    Matrix.multiply(a, a, into: &c)
    var reference = Matrix(rows: 64, columns: 64, repeating: -5)
    Matrix.referenceProduct(a, a, into: &reference)
    #expect(zip(c.elements, reference.elements).allSatisfy { abs($0 - $1) < 1e-12 })
  }
}
