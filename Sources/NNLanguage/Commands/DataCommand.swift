import NNEngine
import NNRender

/// `data …`: the training data — built in, drawn from a pattern, loaded from a CSV file, or
/// written inline.
public struct DataCommand: CommandDefinition {
  /// The data sets nnrepl knows by name.
  public enum Name: String, CaseIterable, Sendable {
    case document, xor, circle, gauss, spiral, moons, sine
  }

  /// Where the data comes from.
  public enum Source: Equatable, Sendable {
    /// The seed's four points as written.
    case document
    /// True XOR on the four corners of the unit square.
    case xorCorners
    /// `count` points drawn from a pattern with some noise.
    case generated(Dataset.Pattern, count: Int, noise: Double)
    /// A CSV file with a header row; `target` names the label column (default: the last);
    /// `shape` says how to read each row (`shape 8x8x1`: an image).
    case file(path: String, target: String?, shape: SampleShape? = nil)
    /// A generated set with shaped samples: images of shapes, or a sequence task (DataTask.swift).
    case task(DataTask)
    /// Written in the line.
    case inline(Dataset)
  }

  public var source: Source

  static let help = CommandHelp(
    "data",
    synopsis:
      "data <set> [n <count>] [noise <amount>] | data load <file.csv> [target <column>] [shape <h>x<w>x<c>] | data X = <matrix> y = <labels> | data text <file> context <T> [split <fraction>]",
    summary: "load training data: X has one sample per row",
    details: """
      document   the course text's §5.2 data as written: X = [[1,0],[0,1],[1,1],[0,0]], y = [0,1,1,0].
                 The document calls it XOR, but each label copies the second input.
      xor        true XOR on the unit square's corners (with 'n': points in [−5, 5]², class 1
                 where x and y have different signs, as in TensorFlow Playground)
      circle, gauss, spiral, moons   two classes in the plane (default n 200, noise 0)
      sine       x in [−π, π] and the target sin(x): a regression
      shapes     8×8×1 images of bars, crosses and circles at random places (noise 0.1)
      parity     T random bits; is the sum of the last k odd? (steps 8, last 2)
      sum        T numbers in [0, 1]; the sum of the last k (a regression)
      echo       T one-hot symbols (symbols 3); the label is the first one.
                 shapes, parity, sum and echo set the input's shape too (8x8x1, or T×1
                 or T×symbols).
      load       a CSV file with a header row; every column but the target holds numbers.
                 Class names in the target ('setosa') become classes 0, 1, 2 … in order seen.
                 'shape 8x8x1' reads each row as an image (or '16x3' as a sequence).
      text       a text file for a language model: its characters, sorted, are the tokens
                 ('show vocab'); a sample is a window of T ids, its targets the next T ids
                 (x = ids[s..<s+T], y = ids[s+1..<s+T+1]); the last 10% is held out.
                 Once a language model is built or loaded, the text is numbered by its
                 vocabulary instead, so that it fine-tunes the model with the ids it learned;
                 a character outside it is refused. 'reset' forgets the vocabulary.
      Labels y are class numbers (one per sample; with several outputs they become one-hot
      rows Y) or target rows (y = [[0.5], [0.2]]) for regression. Drawn data uses the 'seed'.
      """,
    examples: [
      "data xor", "data spiral n 300 noise 0.1", "data load data/iris.csv target species",
      "data text lessons/data/tinyshakespeare.txt context 32",
      "data X = [[0, 0], [1, 1]] y = [0, 1]",
    ],
    seed: "§5.2")

  /// data <set> [n <int>] [noise <number>] | data load <path> [target <name>] [shape <h>x<w>x<c>]
  /// | data X '=' <matrix> y '=' <labels> | data text …
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.current?.isWord("X") == true {
      return Command(DataCommand(source: .inline(try parseInline(&parser))))
    }
    if parser.eat(word: "text") { return try TextDataCommand.parse(&parser) }
    if parser.eat(word: "load") {
      let path = try parser.expectPath("a CSV file's path")
      let target =
        parser.eat(word: "target")
        ? try parser.expectWord("the name of the target column").text : nil
      let shape = parser.eat(word: "shape") ? try DataTask.parseShape(&parser) : nil
      try parser.expectEnd(
        after: shape != nil ? "the shape" : target == nil ? "the path" : "the target column")
      return Command(DataCommand(source: .file(path: path.path, target: target, shape: shape)))
    }
    if let task = try DataTask.parse(&parser) { return Command(DataCommand(source: .task(task))) }
    let name = try parser.expectKeyword(Name.self, "data set")
    var count: Int?
    var noise: Double?
    while !parser.isAtEnd {
      if parser.eat(word: "n") {
        count = try parser.expectInteger("the number of samples", in: 1...Limits.samples)
      } else if parser.eat(word: "noise") {
        let range = parser.currentRange
        let amount = try parser.expectNumber("the amount of noise")
        guard amount >= 0, amount <= 10 else {
          throw .syntax(
            "parser.noise", "the noise must be between 0 and 10", at: range,
            notes: [.init("0.1 is a little, 0.5 a lot")])
        }
        noise = amount
      } else {
        try parser.expectEnd(after: "the data set")
      }
    }
    switch name {
    case .document:
      guard count == nil, noise == nil else {
        throw .syntax(
          "parser.fixedData", "the document's data is its four points; it takes no 'n' or 'noise'",
          at: parser.previousRange)
      }
      return Command(DataCommand(source: .document))
    case .xor where count == nil && noise == nil:
      return Command(DataCommand(source: .xorCorners))
    default:
      let pattern = Dataset.Pattern(rawValue: name.rawValue) ?? .xor
      return Command(
        DataCommand(source: .generated(pattern, count: count ?? 200, noise: noise ?? 0)))
    }
  }

  /// X '=' <matrix> y '=' <labels>
  private static func parseInline(_ parser: inout Parser) throws(Diagnostic) -> Dataset {
    parser.advance()
    try parser.expect(symbol: "=", after: "'X'")
    let inputs = try parser.expectMatrixLiteral("the inputs X")
    try parser.expect(word: "y", after: "the inputs X")
    try parser.expect(symbol: "=", after: "'y'")
    let labels = try parser.expectMatrixLiteral("the labels y")
    try parser.expectEnd(after: "the labels")
    let x = inputs.isFlat ? Matrix(column: inputs.rows[0]) : inputs.matrix
    guard x.columns <= Limits.width else {
      throw .syntax(
        "parser.dataTooWide", "X has \(x.columns) features, more than the limit of \(Limits.width)",
        at: inputs.range)
    }
    let parsed = DataCommand.labels(from: labels)
    let count = Dataset(inputs: x, labels: parsed).labelCount
    guard count == x.rows else {
      throw .syntax(
        "parser.labelCount",
        "X has \(counted(x.rows, "sample")) but y has \(counted(count, "label"))",
        at: labels.range, notes: [.init("give one label (or one target row) per row of X")])
    }
    return Dataset(inputs: x, labels: parsed)
  }

  /// A flat list of whole numbers ≥ 0 is class labels; any other list or matrix is targets.
  private static func labels(from literal: MatrixLiteral) -> Dataset.Labels {
    if literal.isFlat {
      let values = literal.rows[0]
      if values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) {
        return .classes(values.map { Int($0) })
      }
      return .targets(Matrix(column: values))
    }
    return .targets(literal.matrix)
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let (dataset, classNames) = try load(session, context)
    if let network = session.network {
      try session.checkWidth(
        of: dataset.inputs, against: network, what: "this data", at: context.range)
    }
    if let shape = sampleShape, session.network?.layers.isEmpty ?? true {
      session.network = Network(inputShape: shape)
    }
    session.data = dataset
    session.testData = nil
    session.corpus = nil
    session.dataChanged()
    context.say(
      DataCommand.describe(dataset)
        + (sampleShape.map { ", each sample \(Input.describe($0))" } ?? ""))
    if let classNames {
      context.say(
        "classes: "
          + classNames.enumerated().map { "\($0.offset) = \($0.element)" }.joined(separator: ", "))
    }
    if source == .document {
      context.say(
        "note: the course text calls this XOR, but each label copies the second input (XOR would be [1, 1, 0, 0]); 'data xor' loads true XOR"
      )
    }
  }

  private func load(_ session: Session, _ context: RunContext) throws(Diagnostic) -> (
    Dataset, [String]?
  ) {
    switch source {
    case .document: return (.document, nil)
    case .xorCorners: return (.xor, nil)
    case .inline(let dataset): return (dataset, nil)
    case .generated(let pattern, let count, let noise):
      var generator = session.dataGenerator(for: pattern)
      return (Dataset.generate(pattern, count: count, noise: noise, using: &generator), nil)
    case .task(let task):
      let numbers = task.count.multipliedReportingOverflow(by: task.shape.count)
      guard !numbers.overflow, numbers.partialValue <= session.maxNumbers else {
        throw .runtime(
          "runtime.dataTooLarge",
          "this data would hold \(NumberFormat.grouped(task.count)) samples of \(task.shape.count) numbers, more than the session's limit",
          at: context.range,
          notes: [
            .init("ask for fewer samples ('n') or shorter sequences ('steps')"), session.memoryNote,
          ])
      }
      return (task.generate(seed: session.seed), task.classNames)
    case .file(let path, let target, let shape):
      let text: String
      do {
        text = try context.files.read(path)
      } catch {
        throw Diagnostic(.cannotRead(path, reason: error.reason), at: context.range)
      }
      let (dataset, names) = try CSVTable(
        parsing: text, name: path, target: target, maxNumbers: session.maxNumbers, at: context.range
      ).dataset
      if let shape, shape.count != dataset.inputs.columns {
        throw .runtime(
          "runtime.csvShape",
          "'\(path)' has \(counted(dataset.inputs.columns, "feature")) a row, but \(shape) is \(counted(shape.count, "number"))",
          at: context.range,
          notes: [.init("give a shape whose sizes multiply to \(dataset.inputs.columns)")])
      }
      return (dataset, names)
    }
  }

  /// The shape the data's samples come with, if it says.
  var sampleShape: SampleShape? {
    switch source {
    case .task(let task): task.shape
    case .file(_, _, let shape): shape
    default: nil
    }
  }

  static func describe(_ dataset: Dataset) -> String {
    let x = dataset.inputs
    var text = "data: \(counted(x.rows, "sample")) × \(counted(x.columns, "feature"))"
    switch dataset.labels {
    case .classes(let classes):
      let classCount = (classes.max() ?? 0) + 1
      let shown =
        classes.count <= 12 ? ", labels [\(classes.map(String.init).joined(separator: ", "))]" : ""
      text += "\(shown) (\(counted(classCount, "class", "classes")))"
    case .targets(let rows):
      text += ", targets \(rows.shape)"
    }
    return text
  }
}

extension Dataset {
  /// The number of labels or target rows.
  var labelCount: Int {
    switch labels {
    case .classes(let classes): classes.count
    case .targets(let rows): rows.rows
    }
  }
}
