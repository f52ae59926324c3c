/// The arithmetic a dense network needs besides the matrix product (Matrix+Product.swift): the
/// transpose, element-wise operations, and sums over rows.
///
/// Shapes are checked with `precondition`: a mismatch here is a bug in nnrepl, because every
/// shape a user can choose is checked by the language before it reaches the engine.
extension Matrix {
  /// The transpose `Aᵀ`: rows become columns.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for i in 0..<rows {
      for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] }
    }
    return result
  }

  /// Applies `transform` to every entry.
  public func map(_ transform: (Double) -> Double) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: elements.map(transform))
  }

  /// Combines two matrices of the same shape entry by entry; a 1×n right-hand side is added to
  /// every row of an m×n left-hand side (row broadcasting, as a bias is added to `X·W`).
  public func combined(with other: Matrix, _ operation: (Double, Double) -> Double) -> Matrix {
    if other.rows == 1 && rows != 1 && other.columns == columns {
      var result = self
      for i in 0..<rows {
        for j in 0..<columns {
          result.elements[i * columns + j] = operation(elements[i * columns + j], other.elements[j])
        }
      }
      return result
    }
    precondition(shape == other.shape, "cannot combine \(shape) with \(other.shape)")
    return Matrix(
      rows: rows, columns: columns, elements: zip(elements, other.elements).map(operation))
  }

  /// Entry-wise sum, with row broadcasting of a 1×n right-hand side.
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.combined(with: rhs, +) }

  /// Entry-wise difference, with row broadcasting of a 1×n right-hand side.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.combined(with: rhs, -) }

  /// The entry-wise (Hadamard) product `A ⊙ B`; the matrix product is `matmul`.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.combined(with: rhs, *) }

  /// Every entry times a number.
  public static func * (scalar: Double, matrix: Matrix) -> Matrix { matrix.map { scalar * $0 } }

  /// The sum of each column over all rows, as a 1×n matrix: `Σrows δ` gives a bias gradient.
  public var columnSums: Matrix {
    var sums = Matrix(rows: 1, columns: columns)
    columnSums(into: &sums)
    return sums
  }

  /// Writes the column sums into `sums`, reusing its storage.
  public func columnSums(into sums: inout Matrix) {
    sums.ensureShape(rows: 1, columns: columns)
    let width = columns
    sums.elements.withUnsafeMutableBufferPointer { sums in
      elements.withUnsafeBufferPointer { entries in
        for j in 0..<width { sums[j] = 0 }
        for i in 0..<rows {
          for j in 0..<width { sums[j] += entries[i * width + j] }
        }
      }
    }
  }

  /// Changes every entry in place, from the entry at the same place in `other` (same shape):
  /// `update(&self[k], other[k])`. Optimizers use it to step without making new matrices.
  public mutating func updateEach(with other: Matrix, _ update: (inout Double, Double) -> Void) {
    precondition(shape == other.shape, "cannot update \(shape) from \(other.shape)")
    elements.withUnsafeMutableBufferPointer { entries in
      other.elements.withUnsafeBufferPointer { others in
        for k in entries.indices { update(&entries[k], others[k]) }
      }
    }
  }

  /// The sum of each row, as an n×1 matrix.
  public var rowSums: Matrix {
    Matrix(
      column: (0..<rows).map { i in elements[(i * columns)..<((i + 1) * columns)].reduce(0, +) })
  }

  /// The sum of all entries.
  public var sum: Double { elements.reduce(0, +) }

  /// The Frobenius norm √(Σ entries²): the size of a gradient.
  public var norm: Double { elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// The column index of the largest entry in each row: the predicted class of each sample.
  public var rowArgmax: [Int] {
    (0..<rows).map { i in
      var best = 0
      for j in 1..<max(columns, 1) where elements[i * columns + j] > elements[i * columns + best] {
        best = j
      }
      return best
    }
  }
}
