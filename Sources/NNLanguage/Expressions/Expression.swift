/// A matrix expression as written in a line: `X @ W1 + b1`, `sigmoid(z1)`, `W1.T`, `-sum(Y * log(yhat)) / 4`.
///
/// Numbers are 1×1 matrices, so `2 * x` and `/ 4` are ordinary element-wise operations. Each node
/// keeps where it was written, so an error can point at the operator or name that caused it.
public indirect enum Expression: Equatable, Sendable {
  /// A number, such as `2` or `0.5`: a 1×1 matrix.
  case number(Double, SourceRange)
  /// A matrix or list literal, such as `[[1, 0], [0, 1]]`.
  case literal(MatrixLiteral)
  /// A named matrix: `X`, `W1`, `loss`, or a name given with `let`.
  case name(String, SourceRange)
  /// `-e`; the range is the minus sign's.
  case negate(Expression, SourceRange)
  /// `a + b`, `a - b`, `a * b`, `a / b` (element-wise, with broadcasting) or `a @ b`; the range
  /// is the operator's.
  case binary(BinaryOperator, Expression, Expression, SourceRange)
  /// `e ** p` for a number p; the range is the operator's.
  case power(Expression, Double, SourceRange)
  /// `f(e)`; the range is the function's name.
  case call(Function, Expression, SourceRange)
  /// `e.T`; the range is `.T`.
  case transpose(Expression, SourceRange)
  /// `e[i, j]`, or `e[i]` for a matrix with one row or one column; the range is the brackets'.
  case index(Expression, Int, Int?, SourceRange)

  /// The names the expression reads.
  var names: Set<String> {
    switch self {
    case .number, .literal: []
    case .name(let name, _): [name]
    case .negate(let e, _), .power(let e, _, _), .call(_, let e, _), .transpose(let e, _),
      .index(let e, _, _, _):
      e.names
    case .binary(_, let lhs, let rhs, _): lhs.names.union(rhs.names)
    }
  }

  /// Whether the tree has at most `maxNodes` nodes and nests at most `maxDepth` deep. It walks
  /// a work list and stops at the first node past either bound, so it takes at most `maxNodes`
  /// steps even for a formula that has doubled itself many times over.
  func fits(depth maxDepth: Int, nodes maxNodes: Int) -> Bool {
    var pending: [(node: Expression, depth: Int)] = [(self, 1)]
    var visited = 0
    while let (node, depth) = pending.popLast() {
      visited += 1
      guard visited <= maxNodes, depth <= maxDepth else { return false }
      switch node {
      case .number, .literal, .name: break
      case .negate(let e, _), .power(let e, _, _), .call(_, let e, _), .transpose(let e, _),
        .index(let e, _, _, _):
        pending.append((e, depth + 1))
      case .binary(_, let lhs, let rhs, _): pending += [(lhs, depth + 1), (rhs, depth + 1)]
      }
    }
    return true
  }

  /// The expression with each name in `definitions` replaced by its definition.
  func substituting(_ definitions: [String: Expression]) -> Expression {
    switch self {
    case .number, .literal: self
    case .name(let name, _): definitions[name] ?? self
    case .negate(let e, let r): .negate(e.substituting(definitions), r)
    case .binary(let op, let lhs, let rhs, let r):
      .binary(op, lhs.substituting(definitions), rhs.substituting(definitions), r)
    case .power(let e, let p, let r): .power(e.substituting(definitions), p, r)
    case .call(let f, let e, let r): .call(f, e.substituting(definitions), r)
    case .transpose(let e, let r): .transpose(e.substituting(definitions), r)
    case .index(let e, let i, let j, let r): .index(e.substituting(definitions), i, j, r)
    }
  }
}

/// The operators between two matrices.
public enum BinaryOperator: String, Sendable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", matmul = "@"
}

/// The functions an expression can call. Each applies entry by entry except `softmax` (row by
/// row) and `sum` and `mean` (which give a 1×1 result).
public enum Function: String, CaseIterable, Sendable {
  case sigmoid, relu, tanh, softmax, exp, log, sum, mean
  /// The derivatives of the activations, as functions of z: σ′(z) = σ(z)(1 − σ(z)),
  /// relu′(z) = 1 for z > 0 else 0, tanh′(z) = 1 − tanh²(z).
  case dsigmoid, drelu, dtanh
}
