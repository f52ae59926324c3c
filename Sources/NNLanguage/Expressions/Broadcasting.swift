import NNEngine

/// Which shapes combine entry by entry. Two matrices combine when their shapes are equal, when
/// one is 1×1 (a number: `2 * W1`), or when one is 1×n and the other m×n (a bias row added to every
/// row: `X @ W1 + b1`). The smaller one is stretched to the larger shape.
enum Broadcasting {
  /// The shape of the result, or `nil` if the shapes do not combine.
  static func resultShape(_ a: Shape, _ b: Shape) -> Shape? {
    if a == b { return a }
    if b == Shape(rows: 1, columns: 1) { return a }
    if a == Shape(rows: 1, columns: 1) { return b }
    if a.columns == b.columns && (a.rows == 1 || b.rows == 1) { return a.rows == 1 ? b : a }
    return nil
  }

  /// `m` stretched to `shape` by repeating its single entry or its single row.
  static func expand(_ m: Matrix, to shape: Shape) -> Matrix {
    if m.shape == shape { return m }
    if m.rows == 1 && m.columns == 1 {
      return Matrix(rows: shape.rows, columns: shape.columns, repeating: m[0, 0])
    }
    return Matrix(
      rows: shape.rows, columns: shape.columns,
      elements: Array((0..<shape.rows).map { _ in m.elements }.joined()))
  }

  /// The gradient of a stretched value folded back to its own shape: what was repeated is summed,
  /// because each copy passed its share of the gradient back to the same entries.
  static func reduce(_ gradient: Matrix, to shape: Shape) -> Matrix {
    if gradient.shape == shape { return gradient }
    if shape == Shape(rows: 1, columns: 1) { return Matrix(row: [gradient.sum]) }
    return gradient.columnSums
  }

  /// The message for shapes that do not combine under `op`.
  static func mismatch(_ op: BinaryOperator, _ a: Shape, _ b: Shape, at range: SourceRange)
    -> Diagnostic
  {
    let message: String
    var notes: [Diagnostic.Note] = []
    switch op {
    case .add: message = "cannot add \(a) and \(b) with '+'"
    case .subtract: message = "cannot subtract \(b) from \(a) with '-'"
    case .multiply: message = "cannot multiply \(a) and \(b) entry by entry with '*'"
    case .divide: message = "cannot divide \(a) by \(b) entry by entry with '/'"
    case .matmul:
      message = "cannot multiply \(a) by \(b) with '@'"
      notes.append(
        .init("'@' needs the left's columns (\(a.columns)) to match the right's rows (\(b.rows))"))
      if a.rows == b.rows { notes.append(.init("did you mean the transpose of the left, '.T @'?")) }
      return Diagnostic(.shapeMismatch(message), at: range, notes: notes)
    }
    notes.append(
      .init(
        "entry-by-entry operators need equal shapes, a 1×1 number, or a 1×\(max(a.columns, b.columns)) row to add to every row"
      ))
    if op == .multiply && a.columns == b.rows {
      notes.append(.init("for the matrix product, use '@'"))
    }
    return Diagnostic(.shapeMismatch(message), at: range, notes: notes)
  }
}
