#if canImport(Accelerate)
  import Accelerate
#elseif canImport(CBLAS)
  import CBLAS
#endif

/// A rectangle of entries inside a matrix's storage, read in place: `rows`×`columns` entries
/// starting at `start`, each row `stride` entries after the one before.
///
/// Sequence layers need products of parts of matrices: one attention head is columns
/// h·K..<(h+1)·K of Q for the T rows of one sample. Copying each part into a `Matrix` of its own
/// would allocate at every step; a block names the part where it already lies. It is also how a
/// batch of n samples of T positions (n×(T·D)) is read as the n·T positions it holds ((n·T)×D):
/// the same numbers, in the same order.
public struct MatrixBlock {
  /// Entry (0, 0).
  public var start: UnsafeMutablePointer<Double>
  public var rows: Int
  public var columns: Int
  /// How far apart two rows start: the width of the matrix the block lies in.
  public var stride: Int

  public init(start: UnsafeMutablePointer<Double>, rows: Int, columns: Int, stride: Int) {
    self.start = start
    self.rows = rows
    self.columns = columns
    self.stride = stride
  }

  /// The block of `rows` rows from row `row`, and `columns` columns from column `column`.
  public func block(row: Int, column: Int, rows: Int, columns: Int) -> MatrixBlock {
    MatrixBlock(start: start + row * stride + column, rows: rows, columns: columns, stride: stride)
  }

  /// Entry (i, j).
  public subscript(i: Int, j: Int) -> Double {
    get { start[i * stride + j] }
    nonmutating set { start[i * stride + j] = newValue }
  }

  /// C = op(A)·op(B), or C += op(A)·op(B) when `adding`, through the same choice as
  /// `Matrix.multiply`: the readable loops for small products, BLAS's `dgemm` for large ones.
  public static func multiply(
    _ a: MatrixBlock, _ b: MatrixBlock, transposing: Matrix.Transposition = [], into c: MatrixBlock,
    adding: Bool = false
  ) {
    let inner = transposing.contains(.left) ? a.rows : a.columns
    precondition(
      (transposing.contains(.left) ? a.columns : a.rows) == c.rows
        && (transposing.contains(.right) ? b.rows : b.columns) == c.columns
        && (transposing.contains(.right) ? b.columns : b.rows) == inner,
      "the blocks' product does not fit \(c.rows)×\(c.columns)")
    if Matrix.isForBLAS(rows: c.rows, columns: c.columns, inner: inner) {
      blasProduct(a, b, transposing: transposing, into: c, adding: adding, inner: inner)
    } else {
      referenceProduct(a, b, transposing: transposing, into: c, adding: adding, inner: inner)
    }
  }

  /// C[i,j] (+)= Σₖ op(A)[i,k]·op(B)[k,j], in the order `Matrix.referenceProduct` adds.
  private static func referenceProduct(
    _ a: MatrixBlock, _ b: MatrixBlock, transposing: Matrix.Transposition, into c: MatrixBlock,
    adding: Bool, inner: Int
  ) {
    if transposing == .right {
      // C = A·Bᵀ: entry (i, j) is the dot product of row i of A and row j of B, both contiguous
      // (attention's Q·Kᵀ). The sum runs over k in the same order as the loops below.
      for i in 0..<c.rows {
        let (aRow, cRow) = (a.start + i * a.stride, c.start + i * c.stride)
        for j in 0..<c.columns {
          let bRow = b.start + j * b.stride
          var sum = adding ? cRow[j] : 0
          for k in 0..<inner { sum += aRow[k] * bRow[k] }
          cRow[j] = sum
        }
      }
      return
    }
    let (aRow, aColumn) = transposing.contains(.left) ? (1, a.stride) : (a.stride, 1)
    let (bRow, bColumn) = transposing.contains(.right) ? (1, b.stride) : (b.stride, 1)
    for i in 0..<c.rows {
      let cRow = c.start + i * c.stride
      if !adding { for j in 0..<c.columns { cRow[j] = 0 } }
      for k in 0..<inner {
        let aik = a.start[i * aRow + k * aColumn]
        if aik == 0 { continue }
        let bRowStart = b.start + k * bRow
        for j in 0..<c.columns { cRow[j] += aik * bRowStart[j * bColumn] }
      }
    }
  }

  /// The product by `dgemm`, C := op(A)·op(B) + β·C with β = 1 when adding, else 0; each block is
  /// passed with its row stride as the "leading dimension", which is what lets BLAS read a block
  /// in place.
  private static func blasProduct(
    _ a: MatrixBlock, _ b: MatrixBlock, transposing: Matrix.Transposition, into c: MatrixBlock,
    adding: Bool, inner: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, transposing.contains(.left) ? CblasTrans : CblasNoTrans,
      transposing.contains(.right) ? CblasTrans : CblasNoTrans,
      Int32(c.rows), Int32(c.columns), Int32(inner), 1, a.start, Int32(a.stride), b.start,
      Int32(b.stride),
      adding ? 1 : 0, c.start, Int32(c.stride))
  }
}

extension Matrix {
  /// Calls `body` with this matrix's storage as one block of rows of `width` (its own width
  /// unless given). The block is for reading only; its pointer is mutable because BLAS shares
  /// one pointer type between factors and results.
  public func withBlock<Result>(width: Int? = nil, _ body: (MatrixBlock) -> Result) -> Result {
    let width = width ?? columns
    precondition(
      width == 0 ? elements.isEmpty : elements.count % width == 0,
      "\(shape) cannot be read as rows of \(width)")
    return elements.withUnsafeBufferPointer { entries in
      MatrixBlock.whole(
        entries.baseAddress.map(UnsafeMutablePointer.init(mutating:)), count: entries.count,
        width: width, body)
    }
  }

  /// Calls `body` with this matrix's storage as one block of rows of `width` (its own width
  /// unless given), to write into.
  public mutating func withMutableBlock<Result>(width: Int? = nil, _ body: (MatrixBlock) -> Result)
    -> Result
  {
    let width = width ?? columns
    precondition(
      width == 0 ? elements.isEmpty : elements.count % width == 0,
      "\(shape) cannot be read as rows of \(width)")
    return elements.withUnsafeMutableBufferPointer { entries in
      MatrixBlock.whole(entries.baseAddress, count: entries.count, width: width, body)
    }
  }
}

extension MatrixBlock {
  /// The block over `count` entries at `start`, in rows of `width`; an empty matrix has no
  /// storage, so its block points at a number of its own and has no rows.
  fileprivate static func whole<Result>(
    _ start: UnsafeMutablePointer<Double>?, count: Int, width: Int, _ body: (MatrixBlock) -> Result
  ) -> Result {
    guard let start, width > 0 else {
      var nothing = 0.0
      return withUnsafeMutablePointer(to: &nothing) {
        body(MatrixBlock(start: $0, rows: 0, columns: width, stride: width))
      }
    }
    return body(MatrixBlock(start: start, rows: count / width, columns: width, stride: width))
  }
}

extension MatrixBlock {
  /// Adds the 1×columns row `bias` to every row: `Z + b`.
  public func addToEveryRow(_ bias: Matrix) {
    precondition(
      bias.elements.count == columns, "a bias of \(bias.shape) does not fit \(columns) columns")
    bias.elements.withUnsafeBufferPointer { b in
      for i in 0..<rows {
        let row = start + i * stride
        for j in 0..<columns { row[j] += b[j] }
      }
    }
  }

  /// Writes the sum of each column over every row into `sums` (1×columns): `Σrows δ`, a bias's
  /// gradient.
  public func columnSums(into sums: inout Matrix) {
    sums.ensureShape(rows: 1, columns: columns)
    sums.elements.withUnsafeMutableBufferPointer { sums in
      for j in 0..<columns { sums[j] = 0 }
      for i in 0..<rows {
        let row = start + i * stride
        for j in 0..<columns { sums[j] += row[j] }
      }
    }
  }
}
