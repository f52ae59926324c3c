/// A dense matrix of `Double`s, stored row by row.
///
/// nnrepl keeps samples in rows (the document's TensorFlow convention), so a batch of n inputs of
/// width d is an n×d matrix and a dense layer computes `Z = X·W + b`. A bias is a 1×n matrix: one
/// row that is added to every row of `X·W` ("row broadcasting").
///
/// `Matrix` is a value type. Copying one is cheap until a copy is changed (copy-on-write), which is
/// what lets a session undo a failed command by simply keeping its old value.
public struct Matrix: Equatable, Hashable, Sendable {
  /// The number of rows (for data: the number of samples).
  public let rows: Int
  /// The number of columns (for data: the number of features).
  public let columns: Int
  /// The entries, row after row: entry (i, j) is `elements[i * columns + j]`.
  public internal(set) var elements: [Double]

  /// A matrix of the given size with every entry equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "a matrix cannot have a negative size")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// A matrix from its entries in row-major order.
  public init(rows: Int, columns: Int, elements: [Double]) {
    precondition(
      elements.count == rows * columns, "\(elements.count) entries cannot fill \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix from a list of rows, as written in a literal `[[1, 0], [0, 1]]`.
  ///
  /// The rows must all have the same length; the language checks that before it calls this.
  public init(_ rowArrays: [[Double]]) {
    let columns = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
    self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
  }

  /// A 1×n matrix: one row, such as a bias or a single sample.
  public init(row: [Double]) {
    self.init(rows: 1, columns: row.count, elements: row)
  }

  /// An n×1 matrix: one column, such as the targets of a one-output network.
  public init(column: [Double]) {
    self.init(rows: column.count, columns: 1, elements: column)
  }

  /// Entry (i, j), both counted from 0.
  public subscript(row: Int, column: Int) -> Double {
    get { elements[row * columns + column] }
    set { elements[row * columns + column] = newValue }
  }

  /// The shape, `rows × columns`.
  public var shape: Shape { Shape(rows: rows, columns: columns) }

  /// The rows as arrays, for display and for JSON.
  public var rowArrays: [[Double]] {
    (0..<rows).map { i in Array(elements[(i * columns)..<((i + 1) * columns)]) }
  }

  /// Row `i` as a 1×n matrix.
  public func row(_ i: Int) -> Matrix {
    Matrix(row: Array(elements[(i * columns)..<((i + 1) * columns)]))
  }

  /// The matrix made of the given rows, in the given order: a mini-batch, or shuffled data.
  public func rows(at indices: some Collection<Int>) -> Matrix {
    var picked = Matrix(rows: indices.count, columns: columns)
    picked.copyRows(of: self, at: indices)
    return picked
  }

  /// Makes this matrix the given rows of `source`, in order, reusing its storage when it already
  /// has their shape: how training fills each mini-batch without allocating a new one.
  public mutating func copyRows(of source: Matrix, at indices: some Collection<Int>) {
    ensureShape(rows: indices.count, columns: source.columns)
    let (width, available) = (source.columns, source.rows)
    elements.withUnsafeMutableBufferPointer { target in
      source.elements.withUnsafeBufferPointer { source in
        guard let target = target.baseAddress, let source = source.baseAddress else { return }
        for (row, i) in indices.enumerated() {
          precondition(i >= 0 && i < available, "row \(i) is outside 0..<\(available)")
          // one row, as one block
          (target + row * width).update(from: source + i * width, count: width)
        }
      }
    }
  }

  /// Gives this matrix the shape rows×columns, keeping its storage if it already has that shape
  /// and replacing it with zeros if not. Training calls it on every buffer it reuses, so a buffer
  /// is allocated once, when the network or the batch size changes, and not at every step.
  public mutating func ensureShape(rows: Int, columns: Int) {
    if self.rows != rows || self.columns != columns { self = Matrix(rows: rows, columns: columns) }
  }
}

/// The size of a matrix. It prints as `4×3`, the way the lessons write shapes.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var rows: Int
  public var columns: Int

  public init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
  }

  public var description: String { "\(rows)×\(columns)" }
}
