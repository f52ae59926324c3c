/// Reordering a batch of sequences so that a recurrent layer can take each time step as one block.
///
/// A batch of n sequences of T steps of F features is an n × (T·F) matrix: sample s's step t is
/// the F numbers at columns t·F ..< (t+1)·F of row s. A recurrent layer works one step at a time
/// for the whole batch, so it wants the *time-major* order instead, a (T·n) × F matrix whose rows
/// t·n ..< (t+1)·n are step t of every sample: one contiguous block per step, gathered step by
/// step in backpropagation through time, and then one matrix product (`∂J/∂Wx = Xᵀ·dU`) sums
/// over all the steps at once.
extension Matrix {
  /// Writes the n × (T·F) batch into `result` as a (T·n) × F matrix in time-major order: row
  /// t·n + s is sample s's step t. `result` keeps its storage if it has that shape.
  public func timeMajor(steps: Int, into result: inout Matrix) {
    precondition(steps > 0 && columns % steps == 0, "\(columns) columns cannot hold \(steps) steps")
    let (n, width) = (rows, columns / steps)
    result.ensureShape(rows: steps * n, columns: width)
    for s in 0..<n {
      for t in 0..<steps {
        for j in 0..<width {
          result.elements[(t * n + s) * width + j] = elements[s * columns + t * width + j]
        }
      }
    }
  }

  /// The inverse of `timeMajor(steps:into:)`: a (T·n) × F matrix back to the n × (T·F) batch.
  public func batchMajor(steps: Int, into result: inout Matrix) {
    precondition(steps > 0 && rows % steps == 0, "\(rows) rows cannot hold \(steps) steps")
    let (n, width) = (rows / steps, columns)
    result.ensureShape(rows: n, columns: steps * width)
    for s in 0..<n {
      for t in 0..<steps {
        for j in 0..<width {
          result.elements[s * steps * width + t * width + j] = elements[(t * n + s) * width + j]
        }
      }
    }
  }

  /// Overwrites rows `block·size ..< (block+1)·size` with `rows` (size × columns).
  public mutating func setRowBlock(_ block: Int, to rows: Matrix) {
    precondition(
      rows.columns == columns, "a block of \(rows.columns) columns cannot go into \(columns)")
    let start = block * rows.rows * columns
    elements.replaceSubrange(start..<(start + rows.elements.count), with: rows.elements)
  }

  /// The same entries read as a rows × columns matrix: a free change of shape, because the order
  /// in memory (row-major) does not change. An n × (h·w·c) batch of images is (n·h·w) × c pixels.
  public func reshaped(rows: Int, columns: Int) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: elements)
  }
}
