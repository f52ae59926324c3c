#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNEngine
import NNRender

/// Evaluates an expression while writing down every step, so that the gradient of the result with
/// respect to any name can then be found by walking the steps backwards: reverse-mode automatic
/// differentiation, as micrograd does for single numbers, here for matrices.
///
/// Each step stores its value and how to pass a gradient back to the steps it used (the chain
/// rule for that one operation). Steps are stored children first, so walking backwards visits
/// every step after all the steps that used it. A name used twice appears as two leaves whose
/// gradients are added together — which is why `x * x` has gradient `2x`.
struct Tape {
  /// Finds the value of a name, or fails with a diagnostic that says why it has none.
  typealias Lookup = (String, SourceRange) throws(Diagnostic) -> Matrix

  /// Each step's value.
  private(set) var values: [Matrix] = []
  /// For each step, given the gradient of the result with respect to this step's value, the
  /// gradients to add to the steps it was computed from.
  private var backward: [(Matrix) -> [(step: Int, gradient: Matrix)]] = []
  /// The name a step read, for leaves that are names.
  private var names: [String?] = []
  private let lookup: Lookup
  /// The formula of a name defined from other names, to be recorded in its place; `nil` for a
  /// name read as a value.
  private let formula: (String) -> Expression?
  /// The step each defined name's formula ended at, so that it is recorded only once.
  private var recorded: [String: Int] = [:]
  /// The definitions being recorded, so that a name read inside its own formula is read as a value.
  private var defining: Set<String> = []
  /// Whether to stop: checked before every step, so Ctrl-C ends even a very long expression.
  private let isCancelled: () -> Bool
  /// The most numbers the tape may hold in all its steps together (each is kept for the
  /// gradient); a step that would go past it is refused before it is computed.
  private let maxNumbers: Int
  /// How many numbers the steps recorded so far hold.
  private var numbersHeld = 0
  /// Says how to raise `maxNumbers`.
  private let limitNote: Diagnostic.Note

  init(
    maxNumbers: Int, limitNote: Diagnostic.Note, isCancelled: @escaping () -> Bool = { false },
    formula: @escaping (String) -> Expression? = { _ in nil }, lookup: @escaping Lookup
  ) {
    self.maxNumbers = maxNumbers
    self.limitNote = limitNote
    self.isCancelled = isCancelled
    self.formula = formula
    self.lookup = lookup
  }

  /// The gradient of step `output`, which must be 1×1, with respect to every leaf called `name`
  /// (summed), or `nil` if the expression never reads `name`.
  func gradient(of output: Int, withRespectTo name: String) -> Matrix? {
    precondition(
      values[output].shape == Shape(rows: 1, columns: 1),
      "the gradient of a matrix is not one matrix")
    var adjoints = values.map { Matrix(rows: $0.rows, columns: $0.columns) }
    adjoints[output] = Matrix(row: [1])
    for step in stride(from: output, through: 0, by: -1) {
      for (child, contribution) in backward[step](adjoints[step]) {
        adjoints[child] = adjoints[child] + contribution
      }
    }
    let leaves = names.indices.filter { names[$0] == name }
    guard let first = leaves.first else { return nil }
    return leaves.dropFirst().reduce(adjoints[first]) { $0 + adjoints[$1] }
  }

  /// Evaluates `expression`, recording its steps; returns the index of its last step.
  ///
  /// The tree is walked with a work list rather than by recursion, children before their
  /// parent and left before right, so that neither a long chain nor a chain of definitions
  /// can overflow the stack. A name that `formula` defines is recorded as its formula, once,
  /// however often it is read: the steps form a graph, and gradients meeting at a shared step
  /// add up there.
  mutating func record(_ expression: Expression) throws(Diagnostic) -> Int {
    var work: [Work] = [.visit(expression)]
    var results: [Int] = []
    while let item = work.popLast() {
      if isCancelled() {
        throw .runtime(
          "runtime.interrupted", "interrupted before the expression was computed",
          notes: [.init("nothing was changed")])
      }
      switch item {
      case .visit(let node): try visit(node, onto: &work, results: &results)
      case .combine(let node):
        let b = results.removeLast()
        var a: Int?
        if case .binary = node { a = results.removeLast() }
        results.append(try combine(node, b, with: a))
      case .defined(let name):
        recorded[name] = results.last
        defining.remove(name)
      }
    }
    return results[0]
  }

  /// What is left to do: record a node's operands first, then the node from them, then
  /// remember the step a definition ended at.
  private enum Work {
    case visit(Expression)
    case combine(Expression)
    case defined(String)
  }

  /// Records a leaf at once, or schedules a node's operands before the node itself.
  private mutating func visit(_ node: Expression, onto work: inout [Work], results: inout [Int])
    throws(Diagnostic)
  {
    switch node {
    case .number(let value, _):
      results.append(try append(Matrix(row: [value])))
    case .literal(let literal):
      results.append(try append(literal.matrix))
    case .name(let name, let range):
      if let step = recorded[name] {
        results.append(step)
      } else if !defining.contains(name), let definition = formula(name) {
        defining.insert(name)
        work += [.defined(name), .visit(definition)]
      } else {
        results.append(try append(try lookup(name, range), name: name))
      }
    case .negate(let operand, _), .power(let operand, _, _), .call(_, let operand, _),
      .transpose(let operand, _),
      .index(let operand, _, _, _):
      work += [.combine(node), .visit(operand)]
    case .binary(_, let lhs, let rhs, _):
      work += [.combine(node), .visit(rhs), .visit(lhs)]
    }
  }

  /// Records `node` from its operands' steps: `b` is the last operand's, `a` the one before it
  /// (a binary node's left).
  private mutating func combine(_ node: Expression, _ b: Int, with a: Int?) throws(Diagnostic)
    -> Int
  {
    switch node {
    case .negate:
      return try append((-1) * values[b]) { g in [(b, (-1) * g)] }
    case .binary(let op, _, _, let range):
      guard let a else { preconditionFailure("a binary node is combined with its left operand") }
      return try recordBinary(op, a, b, at: range)
    case .power(_, let p, _):
      let x = values[b]
      return try append(x.map { pow($0, p) }) { g in [(b, g * x.map { p * pow($0, p - 1) })] }
    case .call(let function, _, _):
      return try recordCall(function, b)
    case .transpose:
      return try append(values[b].transposed) { g in [(b, g.transposed)] }
    case .index(_, let row, let column, let range):
      return try recordIndex(b, row, column, at: range)
    case .number, .literal, .name:
      return b
    }
  }

  private mutating func recordBinary(
    _ op: BinaryOperator, _ a: Int, _ b: Int, at range: SourceRange
  ) throws(Diagnostic) -> Int {
    let (x, y) = (values[a], values[b])
    if op == .matmul { return try recordProduct(a, b, at: range) }
    guard let shape = Broadcasting.resultShape(x.shape, y.shape) else {
      throw Broadcasting.mismatch(op, x.shape, y.shape, at: range)
    }
    try checkSize(rows: shape.rows, columns: shape.columns, of: "'\(op.rawValue)'", at: range)
    let (u, v) = (Broadcasting.expand(x, to: shape), Broadcasting.expand(y, to: shape))
    // Each gradient is computed at the result's shape, then folded back to its operand's shape.
    func back(_ du: @escaping (Matrix) -> Matrix, _ dv: @escaping (Matrix) -> Matrix) -> (Matrix) ->
      [(step: Int, gradient: Matrix)]
    {
      { g in
        [
          (a, Broadcasting.reduce(du(g), to: x.shape)),
          (b, Broadcasting.reduce(dv(g), to: y.shape)),
        ]
      }
    }
    switch op {
    case .add: return try append(u + v, back({ $0 }, { $0 }))
    case .subtract: return try append(u - v, back({ $0 }, { (-1) * $0 }))
    case .multiply: return try append(u * v, back({ $0 * v }, { $0 * u }))
    case .divide:
      return try append(
        u.combined(with: v, /),
        back({ $0.combined(with: v, /) }, { g in g * u.combined(with: v) { -$0 / ($1 * $1) } }))
    case .matmul: return try recordProduct(a, b, at: range)
    }
  }

  /// The matrix product A·B; its gradients are G·Bᵀ for A and Aᵀ·G for B.
  private mutating func recordProduct(_ a: Int, _ b: Int, at range: SourceRange) throws(Diagnostic)
    -> Int
  {
    let (x, y) = (values[a], values[b])
    guard x.columns == y.rows else {
      throw Broadcasting.mismatch(.matmul, x.shape, y.shape, at: range)
    }
    try checkSize(rows: x.rows, columns: y.columns, of: "'@'", at: range)
    return try append(x.matmul(y)) { g in
      [(a, g.matmul(y.transposed)), (b, x.transposed.matmul(g))]
    }
  }

  private mutating func recordCall(_ function: Function, _ a: Int) throws(Diagnostic) -> Int {
    let z = values[a]
    switch function {
    case .sigmoid, .relu, .tanh, .softmax:
      let activation = Activation(rawValue: function.rawValue) ?? .linear
      let out = activation.apply(z)
      return try append(out) { g in [(a, activation.gradient(of: g, z: z, a: out))] }
    case .exp:
      let out = z.map { exp($0) }
      return try append(out) { g in [(a, g * out)] }
    case .log:
      return try append(z.map { log($0) }) { g in [(a, g.combined(with: z, /))] }
    case .sum:
      return try append(Matrix(row: [z.sum])) { g in
        [(a, Matrix(rows: z.rows, columns: z.columns, repeating: g[0, 0]))]
      }
    case .mean:
      let count = Double(z.elements.count)
      return try append(Matrix(row: [z.sum / count])) { g in
        [(a, Matrix(rows: z.rows, columns: z.columns, repeating: g[0, 0] / count))]
      }
    case .dsigmoid:
      let s = Activation.sigmoid.apply(z)
      // d/dz σ(1 − σ) = σ(1 − σ)(1 − 2σ)
      return try append(s.map { $0 * (1 - $0) }) { g in
        [(a, g * s.map { $0 * (1 - $0) * (1 - 2 * $0) })]
      }
    case .drelu:
      return try append(z.map { $0 > 0 ? 1 : 0 }) { g in
        [(a, Matrix(rows: g.rows, columns: g.columns))]
      }
    case .dtanh:
      let t = Activation.tanh.apply(z)
      // d/dz (1 − tanh²) = −2·tanh·(1 − tanh²)
      return try append(t.map { 1 - $0 * $0 }) { g in [(a, g * t.map { -2 * $0 * (1 - $0 * $0) })] }
    }
  }

  private mutating func recordIndex(_ a: Int, _ row: Int, _ column: Int?, at range: SourceRange)
    throws(Diagnostic) -> Int
  {
    let m = values[a]
    let (i, j) = column.map { (row, $0) } ?? (m.rows == 1 ? (0, row) : (row, 0))
    guard i < m.rows, j < m.columns, column != nil || m.rows == 1 || m.columns == 1 else {
      let written = column.map { "[\(row), \($0)]" } ?? "[\(row)]"
      throw Diagnostic(
        .indexOutOfRange(written, shape: "\(m.shape)"), at: range,
        notes: [
          .init(
            column == nil && m.rows > 1 && m.columns > 1
              ? "a matrix with several rows and columns needs two indices: [row, column]"
              : "indices count from 0: rows 0 to \(m.rows - 1), columns 0 to \(m.columns - 1)")
        ])
    }
    return try append(Matrix(row: [m[i, j]])) { g in
      var spread = Matrix(rows: m.rows, columns: m.columns)
      spread[i, j] = g[0, 0]
      return [(a, spread)]
    }
  }

  /// Adds a step, unless the tape would then hold more than `maxNumbers` numbers.
  private mutating func append(
    _ value: Matrix, name: String? = nil,
    _ back: @escaping (Matrix) -> [(step: Int, gradient: Matrix)] = { _ in [] }
  ) throws(Diagnostic) -> Int {
    let count = value.elements.count
    guard numbersHeld <= maxNumbers - count else {
      throw tapeTooLarge(holding: numbersHeld + count)
    }
    numbersHeld += count
    values.append(value)
    backward.append(back)
    names.append(name)
    return values.count - 1
  }

  /// The refusal of a step that would make the tape hold `total` numbers, more than `maxNumbers`.
  private func tapeTooLarge(holding total: Int) -> Diagnostic {
    .runtime(
      "runtime.tapeTooLarge",
      "the steps of this expression would hold \(NumberFormat.grouped(total)) numbers (\(NumberFormat.bytes(total * 8))) in all",
      notes: [
        .init(
          "every step is kept so that 'grad' can walk back through it; work on fewer samples or split the expression"
        ), limitNote,
      ])
  }

  /// Refuses a result larger than `maxNumbers`, or one that would take the tape past it, before allocating it, saying how large it would
  /// have been.
  private func checkSize(rows: Int, columns: Int, of what: String, at range: SourceRange)
    throws(Diagnostic)
  {
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard overflow || count > maxNumbers else {
      guard count > maxNumbers - numbersHeld else { return }
      throw tapeTooLarge(holding: numbersHeld + count)
    }
    let size =
      overflow
      ? "more numbers than memory can hold"
      : "\(NumberFormat.grouped(count)) numbers (\(NumberFormat.bytes(count * 8)))"
    throw Diagnostic(
      .tooLarge("the result of \(what)", wouldBe: "\(rows)×\(columns): \(size)"), at: range,
      notes: [.init("work on fewer samples"), limitNote])
  }
}
