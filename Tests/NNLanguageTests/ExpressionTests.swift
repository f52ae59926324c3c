import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

@Suite("Expressions")
struct ExpressionTests {
  /// A session with a few named matrices to compute with.
  static let session: Session = {
    var session = Session()
    session.variables = [
      "A": Matrix([[0.5, -1.2], [0.3, 0.8], [-0.7, 0.2]]),
      "B": Matrix([[0.4, -0.3, 0.9], [1.1, 0.6, -0.5]]),
      "c": Matrix(row: [0.1, -0.2, 0.3]),
      "T": Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    ]
    return session
  }()

  func parse(_ text: String) throws -> Expression {
    var parser = Parser(text: text, line: 1)
    let expression = try parser.parseExpression()
    try parser.expectEnd(after: "the expression")
    return expression
  }

  func value(_ text: String, in session: Session = session) throws -> Matrix {
    try session.evaluate(try parse(text))
  }

  @Test("precedence: * before +, ** before unary minus, postfix first")
  func precedence() throws {
    guard
      case .binary(.add, .name("a", _), .binary(.multiply, .name("b", _), .name("c", _), _), _) =
        try parse("a + b * c")
    else {
      Issue.record("a + b * c")
      return
    }
    guard case .negate(.power(.name("x", _), 2, _), _) = try parse("-x ** 2") else {
      Issue.record("-x ** 2")
      return
    }
    guard case .index(.transpose(.name("W1", _), _), 0, 1, _) = try parse("W1.T[0, 1]") else {
      Issue.record("W1.T[0, 1]")
      return
    }
    guard
      case .binary(.subtract, .binary(.subtract, _, _, _), .name("c", _), _) = try parse(
        "a - b - c")
    else {
      Issue.record("a - b - c is (a - b) - c")
      return
    }
  }

  @Test("values: products, broadcasting, functions, indexing")
  func values() throws {
    #expect(try value("[[1, 2], [3, 4]] @ [[5], [6]]") == Matrix([[17], [39]]))
    #expect(
      try value("A @ B + c") == Self.session.variables["A"]!.matmul(Self.session.variables["B"]!)
        + Matrix(row: [0.1, -0.2, 0.3]))
    #expect(try value("2 * [1, 2] - 1") == Matrix(row: [1, 3]))
    #expect(try value("[[2, 4]] / [[2, 8]]") == Matrix(row: [1, 0.5]))
    #expect(try value("10 / [2, 4]") == Matrix(row: [5, 2.5]))
    #expect(try value("[3, 4] ** 2") == Matrix(row: [9, 16]))
    #expect(try value("sum(A)") == Matrix(row: [0.5 - 1.2 + 0.3 + 0.8 - 0.7 + 0.2]))
    #expect(try value("mean([1, 2, 3, 6])") == Matrix(row: [3]))
    #expect(try value("A.T") == Self.session.variables["A"]!.transposed)
    #expect(try value("A[2, 0]") == Matrix(row: [-0.7]))
    #expect(try value("c[1]") == Matrix(row: [-0.2]))
    #expect(try value("dsigmoid(0)") == Matrix(row: [0.25]))
    #expect(try value("dtanh(0) + drelu(-1) + drelu(2)") == Matrix(row: [2]))
    #expect(try value("log(exp(1))") == Matrix(row: [1]))
    #expect(abs(try value("sum(softmax([[1, 2, 3]]))")[0, 0] - 1) < 1e-15)
    #expect(try value("relu([-1, 2])") == Matrix(row: [0, 2]))
  }

  @Test(
    "shape errors name both shapes and the operator",
    arguments: [
      ("A + B", "cannot add 3×2 and 2×3 with '+'"),
      ("A - B", "cannot subtract 2×3 from 3×2 with '-'"),
      ("A * B", "cannot multiply 3×2 and 2×3 entry by entry with '*'"),
      ("A / B", "cannot divide 3×2 by 2×3 entry by entry with '/'"),
      ("A @ A", "cannot multiply 3×2 by 3×2 with '@'"),
      ("A[3, 0]", "[3, 0] is outside a 3×2 matrix"),
      ("A[1]", "[1] is outside a 3×2 matrix"),
      ("Q + 1", "unknown name 'Q'"),
    ])
  func shapeErrors(_ text: String, _ message: String) throws {
    let error = try #require(throws: Diagnostic.self) { try value(text) }
    #expect(error.message == message)
    #expect(error.category == .runtime)
  }

  @Test("'@' with matching rows suggests the transpose; '*' with matching inner sizes suggests '@'")
  func shapeHints() throws {
    let matmul = try #require(throws: Diagnostic.self) { try value("A @ A") }
    #expect(
      matmul.notes.map(\.message) == [
        "'@' needs the left's columns (2) to match the right's rows (3)",
        "did you mean the transpose of the left, '.T @'?",
      ])
    #expect(matmul.range?.column == 3, "the error points at the operator")
    let multiply = try #require(throws: Diagnostic.self) { try value("A * B") }
    #expect(multiply.notes.last?.message == "for the matrix product, use '@'")
  }

  @Test(
    "reverse-mode gradients match central differences",
    arguments: [
      ("sum(A * A)", "A"), ("sum(sigmoid(A @ B + c))", "A"), ("sum(sigmoid(A @ B + c))", "B"),
      ("sum(sigmoid(A @ B + c))", "c"), ("-sum(T * log(softmax(A @ B + c))) / 3", "B"),
      ("mean(tanh(A) ** 3)", "A"), ("sum(relu(A - 0.1) * A)", "A"),
      ("sum(exp(A) / (2 + A * A))", "A"),
      ("(A.T @ A)[0, 1] + sum(A)", "A"), ("sum(dsigmoid(A) + dtanh(A))", "A"),
      ("sum(1 / (B.T + 2))", "B"),
      ("sum(-A) + A[1, 1] * A[1, 1]", "A"),
    ])
  func gradients(_ text: String, _ variable: String) throws {
    let expression = try parse(text)
    let (_, gradient) = try Self.session.gradient(of: expression, withRespectTo: variable)
    let analytic = try #require(gradient)
    let numeric = GradientCheck.numericGradient(at: try #require(Self.session.variables[variable]))
    { point in
      var probe = Self.session
      probe.variables[variable] = point
      return (try? probe.evaluate(expression)[0, 0]) ?? .nan
    }
    #expect(GradientCheck.relativeError(analytic, numeric) < 1e-8, "\(text) wrt \(variable)")
  }

  @Test("micrograd's first program: a value used many times adds up its gradients")
  func scalarProgram() {
    let transcript = Transcript(
      """
      let x = -4
      let z = 2*x + 2 + x
      let q = relu(z) + z*x
      let h = relu(z*z)
      let y = h + q + q*x
      grad y wrt x
      """)
    #expect(transcript.outcome == .success)
    #expect(transcript.lastValue("y") == -20)
    #expect(transcript.lastValue("∂y/∂x") == 46)
  }

  @Test("micrograd's second program: names redefined in terms of themselves")
  func redefinitions() {
    let program = """
      let a = -4
      let b = 2
      let c = a + b
      let d = a*b + b**3
      let c = c + c + 1
      let c = c + 1 + c + (-a)
      let d = d + d*2 + relu(b + a)
      let d = d + 3*d + relu(b - a)
      let e = c - d
      let f = e**2
      let g = f / 2
      let g = g + 10 / f
      """
    let transcript = Transcript(program + "\ngrad g wrt a\ngrad g wrt b")
    #expect(transcript.outcome == .success)
    // The values PyTorch gives for the same program (micrograd's test_more_ops).
    #expect(
      isApproximatelyEqual(transcript.lastValue("g") ?? 0, 24.70408163265306, tolerance: 1e-12))
    #expect(
      isApproximatelyEqual(transcript.lastValue("∂g/∂a") ?? 0, 138.83381924198252, tolerance: 1e-12)
    )
    #expect(
      isApproximatelyEqual(transcript.lastValue("∂g/∂b") ?? 0, 645.5772594752186, tolerance: 1e-12))
  }

  @Test("the hand-written loss and its gradient agree with the network's")
  func handWrittenLoss() {
    let transcript = Transcript(
      SeedScripts.documentNetwork + """

        backward
        let J = -sum(Y * log(softmax(sigmoid(X @ W1 + b1) @ W2 + b2))) / 4
        expect J == loss within 1e-14
        let G = W1
        expect error grad J wrt nothing
        """)
    #expect(transcript.outcome == .success)
    var interpreter = transcript.interpreter
    var outputs: [Event] = []
    _ = interpreter.run(line: "grad J wrt W1", number: 1) { outputs.append($0) }
    guard case .output(.matrix(_, let rows, _)) = outputs.last else {
      Issue.record("no gradient printed")
      return
    }
    let network = interpreter.session.gradients.value?.weights(0)
    #expect(network.map { GradientCheck.relativeError(Matrix(rows), $0) < 1e-14 } == true)
  }

  @Test("'grad … wrt' needs one number; names must exist")
  func gradErrors() throws {
    let matrix = Transcript("let A = [[1, 2]]\ngrad A * 2 wrt A")
    #expect(matrix.error?.id == "runtime.gradientOfMatrix")
    let missing = Transcript("let A = [[1, 2]]\ngrad sum(A) wrt B")
    #expect(missing.error?.id == "runtime.unknownTensor")
    let independent = Transcript("let A = [[1, 2]]\nlet B = [3]\ngrad sum(A) wrt B")
    #expect(independent.outcome == .success)
    #expect(independent.text.contains("does not depend on 'B'"))
  }

  @Test("a bare name that is neither a tensor nor a command suggests the command")
  func bareWords() {
    let transcript = Transcript("summry")
    #expect(transcript.error?.id == "runtime.unknownTensor")
    #expect(transcript.error?.notes.first?.message == "did you mean 'summary'?")
  }
}

@Suite("Resource limits")
struct ResourceLimitTests {
  @Test("a product too large to hold is refused before it is computed, with its size in bytes")
  func hugeProduct() {
    let transcript = Transcript("data spiral n 100000\nlet K = X @ X.T")
    #expect(transcript.error?.id == "runtime.tooLarge")
    #expect(
      transcript.error?.message
        == "the result of '@' would be 100000×100000: 10,000,000,000 numbers (80 GB)")
  }

  @Test(
    "absurd sizes elsewhere are refused with the limit",
    arguments: [
      ("layer dense 999999999 relu", "parser.integerOutOfRange"),
      ("train 1000000000000", "parser.integerOutOfRange"),
      ("data spiral n 99999999", "parser.integerOutOfRange"),
      ("input 100000\nlayer dense 100000 relu", "runtime.tooManyParameters"),
    ])
  func absurdSizes(_ script: String, _ id: String) {
    #expect(Transcript(script).error?.id == id)
  }
}
