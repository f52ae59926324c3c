#if canImport(Accelerate)
  import Accelerate
#elseif canImport(CBLAS)
  import CBLAS
#endif

/// The matrix product: the one operation where a network spends nearly all of its time.
///
/// There are two ways to compute it, and they agree up to the order in which sums are added:
///
/// - `referenceProduct` is the formula written as three loops. Read it to see what a product is;
///   the tests check the fast way against it.
/// - BLAS's `dgemm` (OpenBLAS on Linux, Accelerate on macOS) cuts the matrices into blocks that
///   fit the CPU's caches, uses its vector instructions and both cores: 5–30 times faster than the
///   loops on the sizes of a real network (docs/ARCHITECTURE.md has the measurements).
///
/// Small products, which is every product in the lessons, take the loops: they cost microseconds
/// either way, and the loops add in the same order on every machine, so a seeded lesson prints the
/// same digits everywhere. BLAS's order of addition depends on the CPU it runs on.
extension Matrix {
  /// Which factors of a product enter it transposed. The transpose is never built: the product
  /// reads the factor column by column instead.
  public struct Transposition: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The left factor: `Aᵀ·B`, as in `∇W = xᵀ·δ`.
    public static let left = Transposition(rawValue: 1)
    /// The right factor: `A·Bᵀ`, as in `δ·Wᵀ`.
    public static let right = Transposition(rawValue: 2)
  }

  /// Products with fewer multiply-adds than this take the readable loops (see above). `dgemm` is
  /// faster from about 8·8·8 up, but below 32·32·32 a product takes under 10 µs either way, and the
  /// largest product in the lessons (100·12·12, lesson 06) stays well inside it.
  public static let smallProduct = 32 * 32 * 32

  /// The matrix product `A·B`: entry (i, j) is Σₖ A[i,k]·B[k,j].
  public func matmul(_ other: Matrix) -> Matrix { Matrix.product(self, other) }

  /// The product of `a` and `b`, either of them transposed as `transposing` says.
  public static func product(_ a: Matrix, _ b: Matrix, transposing: Transposition = []) -> Matrix {
    let shape = productShape(a, b, transposing)
    var c = Matrix(rows: shape.rows, columns: shape.columns)
    multiply(a, b, transposing: transposing, into: &c)
    return c
  }

  /// Writes the product into `c`, which already has the product's shape: training reuses the same
  /// `c` at every step instead of allocating a new matrix.
  public static func multiply(
    _ a: Matrix, _ b: Matrix, transposing: Transposition = [], into c: inout Matrix
  ) {
    precondition(c.shape == productShape(a, b, transposing), "the product does not fit \(c.shape)")
    let inner = transposing.contains(.left) ? a.rows : a.columns
    if isForBLAS(rows: c.rows, columns: c.columns, inner: inner) {
      blasProduct(a, b, transposing: transposing, into: &c)
    } else {
      referenceProduct(a, b, transposing: transposing, into: &c)
    }
  }

  /// Whether a rows×inner by inner×columns product goes to BLAS: when it is not small, and when
  /// every size fits the 32-bit integers of BLAS's interface (a 3-billion-row column does not).
  static func isForBLAS(rows: Int, columns: Int, inner: Int) -> Bool {
    let largest = Int(Int32.max)
    return rows <= largest && columns <= largest && inner <= largest
      && Double(rows) * Double(columns) * Double(inner) >= Double(smallProduct)
  }

  /// The shape of op(A)·op(B), after checking that the inner sizes agree.
  static func productShape(_ a: Matrix, _ b: Matrix, _ transposing: Transposition) -> Shape {
    let left = transposing.contains(.left) ? Shape(rows: a.columns, columns: a.rows) : a.shape
    let right = transposing.contains(.right) ? Shape(rows: b.columns, columns: b.rows) : b.shape
    precondition(left.columns == right.rows, "cannot multiply \(left) by \(right)")
    return Shape(rows: left.rows, columns: right.columns)
  }

  /// The product as the formula reads, C[i,j] = Σₖ A[i,k]·B[k,j], overwriting `c`.
  ///
  /// The loops run i, k, j so that the innermost loop walks along a row of `B` and a row of `C`,
  /// which is how both are laid out in memory, and each row's start is found once, outside the
  /// inner loop. A transposed factor is read through its strides: entry (i, k) of Aᵀ is entry
  /// (k, i) of A. A zero A[i,k], common after relu, skips its whole row of work.
  public static func referenceProduct(
    _ a: Matrix, _ b: Matrix, transposing: Transposition = [], into c: inout Matrix
  ) {
    let (m, n) = (c.rows, c.columns)
    let inner = transposing.contains(.left) ? a.rows : a.columns
    // Where entry (i, k) of op(A) and entry (k, j) of op(B) live: i·aRow + k·aColumn, and so on.
    let (aRow, aColumn) = transposing.contains(.left) ? (1, a.columns) : (a.columns, 1)
    let (bRow, bColumn) = transposing.contains(.right) ? (1, b.columns) : (b.columns, 1)
    c.elements.withUnsafeMutableBufferPointer { c in
      a.elements.withUnsafeBufferPointer { a in
        b.elements.withUnsafeBufferPointer { b in
          guard let c = c.baseAddress, let a = a.baseAddress, let b = b.baseAddress else { return }
          for i in 0..<m {
            let cRow = c + i * n
            for j in 0..<n { cRow[j] = 0 }
            for k in 0..<inner {
              let aik = a[i * aRow + k * aColumn]
              if aik == 0 { continue }
              let bRowStart = b + k * bRow
              if bColumn == 1 {
                for j in 0..<n { cRow[j] += aik * bRowStart[j] }
              } else {
                for j in 0..<n { cRow[j] += aik * bRowStart[j * bColumn] }
              }
            }
          }
        }
      }
    }
  }

  /// The product by BLAS: `dgemm` computes C := α·op(A)·op(B) + β·C; here α = 1 and β = 0.
  /// Each matrix is passed with its row length (the "leading dimension"), as stored.
  public static func blasProduct(
    _ a: Matrix, _ b: Matrix, transposing: Transposition, into c: inout Matrix
  ) {
    let inner = transposing.contains(.left) ? a.rows : a.columns
    let transposeA = transposing.contains(.left) ? CblasTrans : CblasNoTrans
    let transposeB = transposing.contains(.right) ? CblasTrans : CblasNoTrans
    let (m, n, k) = (Int32(c.rows), Int32(c.columns), Int32(inner))
    let (lda, ldb, ldc) = (Int32(a.columns), Int32(b.columns), Int32(c.columns))
    c.elements.withUnsafeMutableBufferPointer { c in
      a.elements.withUnsafeBufferPointer { a in
        b.elements.withUnsafeBufferPointer { b in
          cblas_dgemm(
            CblasRowMajor, transposeA, transposeB, m, n, k,
            1, a.baseAddress, lda, b.baseAddress, ldb, 0, c.baseAddress, ldc)
        }
      }
    }
  }
}
