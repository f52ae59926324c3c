import NNEngine
import NNTestSupport
import Testing

@Suite("Products of blocks read in place")
struct MatrixBlockTests {
  static let transpositions: [Matrix.Transposition] = [[], .left, .right, [.left, .right]]

  /// op(A)·op(B) of blocks that sit inside larger matrices, against the same product of the
  /// blocks copied out, for a small size (the loops) and a large one (BLAS).
  @Test(
    "a block product equals the product of the blocks copied out", arguments: [3, 40], [0, 1, 2, 3])
  func blockProduct(_ size: Int, _ transposition: Int) {
    let transposing = Self.transpositions[transposition]
    let (m, k, n) = (size, size + 2, size + 1)
    let (aShape, bShape) = (
      transposing.contains(.left) ? (k, m) : (m, k), transposing.contains(.right) ? (n, k) : (k, n)
    )
    // Each factor lies at row 1, column 2 of a matrix 3 rows and 5 columns larger.
    let a = LayerCheck.numbers(aShape.0 + 3, aShape.1 + 5, seed: 1)
    let b = LayerCheck.numbers(bShape.0 + 3, bShape.1 + 5, seed: 2)
    func copied(_ matrix: Matrix, _ shape: (Int, Int)) -> Matrix {
      Matrix((1..<(1 + shape.0)).map { i in (2..<(2 + shape.1)).map { j in matrix[i, j] } })
    }
    let expected = Matrix.product(copied(a, aShape), copied(b, bShape), transposing: transposing)
    var c = Matrix(rows: m + 2, columns: n + 4, repeating: 7)
    a.withBlock { a in
      b.withBlock { b in
        c.withMutableBlock { c in
          MatrixBlock.multiply(
            a.block(row: 1, column: 2, rows: aShape.0, columns: aShape.1),
            b.block(row: 1, column: 2, rows: bShape.0, columns: bShape.1), transposing: transposing,
            into: c.block(row: 2, column: 4, rows: m, columns: n), adding: true)
        }
      }
    }
    // Adding onto the 7s already there, and leaving every entry outside the block alone.
    for i in 0..<(m + 2) {
      for j in 0..<(n + 4) {
        let inside = i >= 2 && j >= 4
        let want = inside ? 7 + expected[i - 2, j - 4] : 7
        #expect(isApproximatelyEqual(c[i, j], want, tolerance: 1e-12), "(\(i), \(j))")
      }
    }
  }

  @Test("a batch of sequences read as its positions: n×(T·D) as (n·T)×D, bias and column sums")
  func positions() {
    var x = LayerCheck.numbers(2, 3 * 2, seed: 3)
    let bias = Matrix(row: [10, 20])
    var sums = Matrix(rows: 0, columns: 0)
    x.withMutableBlock(width: 2) { positions in
      #expect((positions.rows, positions.columns) == (6, 2))
      positions.addToEveryRow(bias)
      positions.columnSums(into: &sums)
    }
    #expect(x[1, 5] == LayerCheck.numbers(2, 6, seed: 3)[1, 5] + 20)
    let expected = (0..<2).map { j in (0..<6).reduce(0.0) { $0 + x.elements[$1 * 2 + j] } }
    #expect(sums == Matrix(row: expected))
  }
}
