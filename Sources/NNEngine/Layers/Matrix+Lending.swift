/// Lending one matrix of a list out and back, so that a layer can hand its pass's matrices to
/// functions that take named matrices (`cache.output`) without copying any of them.
extension Array where Element == Matrix {
  /// Takes matrix `index` out, leaving an empty one in its place; put it back with `self[index] = …`.
  /// Writing into the taken matrix does not copy it: the list no longer shares its storage.
  public mutating func take(_ index: Int) -> Matrix {
    var taken = Matrix(rows: 0, columns: 0)
    swap(&taken, &self[index])
    return taken
  }

  /// Makes room for `count` matrices, keeping those there are if the count fits.
  public mutating func prepare(count: Int) {
    if self.count != count { self = Array(repeating: Matrix(rows: 0, columns: 0), count: count) }
  }
}

extension Optional where Wrapped == Matrix {
  /// Lends the matrix to `body` to write into, and keeps what it wrote; when there is none (the
  /// first layer, whose ∂J/∂x nobody needs), `body` writes into a scratch matrix that is dropped.
  public mutating func write(_ body: (inout Matrix) -> Void) {
    let wanted = self != nil
    var matrix = take() ?? Matrix(rows: 0, columns: 0)
    body(&matrix)
    if wanted { self = matrix }
  }
}
