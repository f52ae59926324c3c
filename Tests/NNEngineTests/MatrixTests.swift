import NNEngine
import Testing

@Suite("Matrix")
struct MatrixTests {
  let a = Matrix([[1, 2, 3], [4, 5, 6]])

  @Test("the product of 2×3 and 3×2 is worked out by hand")
  func product() {
    let b = Matrix([[7, 8], [9, 10], [11, 12]])
    #expect(a.matmul(b) == Matrix([[58, 64], [139, 154]]))
  }

  @Test("transposing swaps rows and columns")
  func transpose() {
    #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
    #expect(a.transposed.transposed == a)
  }

  @Test("a 1×n right-hand side is added to every row")
  func rowBroadcasting() {
    #expect(a + Matrix(row: [10, 20, 30]) == Matrix([[11, 22, 33], [14, 25, 36]]))
    #expect(a - a == Matrix(rows: 2, columns: 3))
  }

  @Test("element-wise product, scaling and sums")
  func elementWise() {
    #expect(a * a == Matrix([[1, 4, 9], [16, 25, 36]]))
    #expect(2 * a == Matrix([[2, 4, 6], [8, 10, 12]]))
    #expect(a.columnSums == Matrix(row: [5, 7, 9]))
    #expect(a.rowSums == Matrix(column: [6, 15]))
    #expect(a.sum == 21)
    #expect(Matrix([[3, 4]]).norm == 5)
  }

  @Test("argmax picks the first largest entry of each row")
  func argmax() {
    #expect(Matrix([[0.1, 0.7, 0.2], [0.5, 0.5, 0], [0, 0, 1]]).rowArgmax == [1, 0, 2])
  }

  @Test("a row as a 1×n matrix, and all rows as arrays")
  func rowsOut() {
    #expect(a.row(1) == Matrix(row: [4, 5, 6]))
    #expect(a.rowArrays == [[1, 2, 3], [4, 5, 6]])
  }

  @Test("shapes print the way lessons write them")
  func shapeDescription() {
    #expect(a.shape.description == "2×3")
  }
}
