import NNEngine
@testable import NNLanguage
import Testing

@Suite("Parser: values")
struct ParserTests {
  func parse(_ line: String) throws -> Command? { try CommandCatalog.parse(line: line, number: 1) }

  @Test("the commands of the seed's §5.2 run")
  func documentRun() throws {
    #expect(try parse("input 2") == Command(Input(shape: .features(2))))
    #expect(
      try parse("layer dense 4 sigmoid")
        == Command(Layer(kind: "dense", request: DenseKind.Request(units: 4, activation: .sigmoid)))
    )
    #expect(try parse("loss crossentropy") == Command(LossCommand(loss: .crossentropy)))
    #expect(try parse("lr 0.1") == Command(LearningRate(rate: 0.1)))
    #expect(try parse("seed 7") == Command(Seed(seed: 7)))
    #expect(try parse("init he") == Command(Init(initialization: .he)))
    #expect(try parse("train 1000 every 100") == Command(Train(epochs: 1000, every: 100)))
    #expect(try parse("train 5") == Command(Train(epochs: 5, every: nil)))
  }

  @Test("blank and comment-only lines are no command")
  func blankLines() throws {
    #expect(try parse("") == nil)
    #expect(try parse("   # 这是注释") == nil)
  }

  @Test("inline data: class labels or target rows")
  func inlineData() throws {
    let classes = try #require(
      try parse("data X = [[0, 0], [1, 1]] y = [0, 1]")?.as(DataCommand.self))
    #expect(
      classes.source
        == .inline(Dataset(inputs: Matrix([[0, 0], [1, 1]]), labels: .classes([0, 1]))))
    let targets = try #require(
      try parse("data X = [[1 2] [3 4]] y = [[0.5], [-1]]")?.as(DataCommand.self))
    #expect(
      targets.source
        == .inline(
          Dataset(inputs: Matrix([[1, 2], [3, 4]]), labels: .targets(Matrix(column: [0.5, -1])))))
    let regression = try #require(
      try parse("data X = [[1], [2]] y = [0.5, 2.5]")?.as(DataCommand.self))
    #expect(
      regression.source
        == .inline(
          Dataset(inputs: Matrix([[1], [2]]), labels: .targets(Matrix(column: [0.5, 2.5])))))
  }

  @Test("data sets by name, drawn with options, and loaded from files")
  func dataSources() throws {
    #expect(try parse("data xor") == Command(DataCommand(source: .xorCorners)))
    #expect(
      try parse("data xor n 50")
        == Command(DataCommand(source: .generated(.xor, count: 50, noise: 0))))
    #expect(
      try parse("data spiral noise 0.2 n 300")
        == Command(DataCommand(source: .generated(.spiral, count: 300, noise: 0.2))))
    #expect(
      try parse("data load data/iris.csv target species")
        == Command(DataCommand(source: .file(path: "data/iris.csv", target: "species"))))
    #expect(
      try parse("data load \"my data.csv\"")
        == Command(DataCommand(source: .file(path: "my data.csv", target: nil))))
  }

  @Test("training settings")
  func trainingSettings() throws {
    #expect(try parse("optimizer adam") == Command(OptimizerCommand(optimizer: .adam)))
    #expect(
      try parse("optimizer momentum 0.5")
        == Command(OptimizerCommand(optimizer: .momentum(beta: 0.5))))
    #expect(try parse("batch 32") == Command(Batch(size: 32)))
    #expect(try parse("batch full") == Command(Batch(size: nil)))
    #expect(try parse("l2 0.01") == Command(L2(lambda: 0.01)))
    #expect(try parse("split 0.8") == Command(Split(fraction: 0.8)))
  }

  @Test("samples are flat lists or nested rows, with negative entries")
  func samples() throws {
    #expect(try parse("forward [1, -0.5]") == Command(Forward(sample: Matrix(row: [1, -0.5]))))
    #expect(
      try parse("predict [[1, 0], [0, 1]]") == Command(Predict(sample: Matrix([[1, 0], [0, 1]]))))
    #expect(try parse("forward") == Command(Forward(sample: nil)))
  }

  @Test("expect: comparisons of expressions, tolerances, and errors")
  func expectations() throws {
    let loss = try #require(try parse("expect loss < 0.05")?.as(Expect.self))
    guard
      case .comparison(
        .name("loss", _), .less, .number(0.05, _), tolerance: nil,
        text: Expect.Text(check: "loss < 0.05", actual: "loss")) = loss.check
    else {
      Issue.record("wrong check \(loss.check)")
      return
    }
    let entry = try #require(try parse("expect W1[0, 1] == -0.378 within 1e-3")?.as(Expect.self))
    guard
      case .comparison(
        .index(.name("W1", _), 0, 1, _), .equal, .negate(.number(0.378, _), _), tolerance: 0.001, _) =
        entry.check
    else {
      Issue.record("wrong check \(entry.check)")
      return
    }
    guard let error = try parse("expect error layer dense 4 sigmod")?.as(Expect.self),
      case .error(.failure(let diagnostic)) = error.check
    else { Issue.record("the inner line should fail to parse"); return }
    #expect(diagnostic.id == "parser.unknownKeyword")
    #expect(diagnostic.range?.column == 28, "the inner line keeps its columns")
  }

  @Test("expect's comparison rules")
  func comparisonRules() {
    #expect(Expect.holds(0.5, .equal, 0.5, tolerance: nil))
    #expect(!Expect.holds(0.5000001, .equal, 0.5, tolerance: nil))
    #expect(Expect.holds(0.5000001, .equal, 0.5, tolerance: 1e-6))
    #expect(Expect.holds(0.5, .lessOrEqual, 0.5, tolerance: nil))
    #expect(!Expect.holds(0.5, .less, 0.5, tolerance: nil))
    #expect(Expect.holds(1, .notEqual, 0.5, tolerance: 0.1))
  }
}

@Suite("Exercise blanks")
struct BlankTests {
  @Test("'???' is 'not answered', not a syntax error, wherever it stands")
  func blanks() throws {
    for line in ["lr ???", "let z = ???", "layer dense ??? tanh", "expect loss < ???"] {
      let error = try #require(throws: Diagnostic.self) {
        try CommandCatalog.parse(line: line, number: 3)
      }
      #expect(error.category == .unanswered)
      #expect(error.message == "not answered: replace '???' with your answer")
      #expect(error.range?.length == 3)
    }
    #expect(
      Lexer.tokens(in: "x ?? y", line: 1).map(\.kind) == [.word, .symbol, .symbol, .word],
      "two question marks are not a blank")
  }
}
