import NNEngine

/// `data xor`, `data document`, or `data X = [[…]] y = […]`: the training data.
public struct DataCommand: CommandDefinition {
  /// The data sets nnrepl knows by name.
  public enum Name: String, CaseIterable, Sendable {
    case xor
    case document

    var dataset: Dataset {
      switch self {
      case .xor: .xor
      case .document: .document
      }
    }
  }

  public var dataset: Dataset
  /// The name, for a built-in data set.
  public var name: Name?

  static let help = CommandHelp(
    "data", synopsis: "data xor | data document | data X = <matrix> y = <labels>",
    summary: "load training data: X has one sample per row",
    details: """
      xor        true XOR: X = [[0,0],[0,1],[1,0],[1,1]], y = [0,1,1,0]. No straight line
                 separates the classes, so a network needs a hidden layer.
      document   the seed's §5.2 data as written: X = [[1,0],[0,1],[1,1],[0,0]], y = [0,1,1,0].
                 The document calls it XOR, but each label copies the second input.
      Labels y are class numbers (one per sample; with several outputs they become one-hot
      rows Y) or target rows (y = [[0.5], [0.2]]) for regression.
      """,
    examples: ["data xor", "data X = [[0, 0], [1, 1]] y = [0, 1]"], seed: "§5.2")

  /// data <name> | data X '=' <matrix> y '=' <labels>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    guard parser.current?.isWord("X") == true else {
      let name = try parser.expectKeyword(Name.self, "data set")
      try parser.expectEnd(after: "the data set's name")
      return .data(DataCommand(dataset: name.dataset, name: name))
    }
    parser.advance()
    try parser.expect(symbol: "=", after: "'X'")
    let inputs = try parser.expectMatrixLiteral("the inputs X")
    try parser.expect(word: "y", after: "the inputs X")
    try parser.expect(symbol: "=", after: "'y'")
    let labels = try parser.expectMatrixLiteral("the labels y")
    try parser.expectEnd(after: "the labels")
    let x = inputs.isFlat ? Matrix(column: inputs.rows[0]) : inputs.matrix
    guard x.columns <= Limits.width else {
      throw .syntax("parser.dataTooWide", "X has \(x.columns) features, more than the limit of \(Limits.width)", at: inputs.range)
    }
    let parsed = try DataCommand.labels(from: labels)
    let count = labelCount(parsed)
    guard count == x.rows else {
      throw .syntax(
        "parser.labelCount", "X has \(counted(x.rows, "sample")) but y has \(counted(count, "label"))",
        at: labels.range, notes: [.init("give one label (or one target row) per row of X")])
    }
    return .data(DataCommand(dataset: Dataset(inputs: x, labels: parsed), name: nil))
  }

  /// A flat list of whole numbers ≥ 0 is class labels; any other list or matrix is targets.
  private static func labels(from literal: MatrixLiteral) throws(Diagnostic) -> Dataset.Labels {
    if literal.isFlat {
      let values = literal.rows[0]
      if values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) {
        return .classes(values.map { Int($0) })
      }
      return .targets(Matrix(column: values))
    }
    return .targets(literal.matrix)
  }

  private static func labelCount(_ labels: Dataset.Labels) -> Int {
    switch labels {
    case .classes(let classes): classes.count
    case .targets(let rows): rows.rows
    }
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if let network = session.network {
      try session.checkWidth(of: dataset.inputs, against: network, what: "this data", at: context.range)
    }
    session.data = dataset
    session.lastForward = nil
    if session.gradients != nil { session.gradientsMissingReason = "the data changed since the last 'backward'" }
    session.gradients = nil
    context.say(description)
    if name == .document {
      context.say(
        "note: the seed calls this XOR, but each label copies the second input (XOR would be [1, 1, 0, 0]); 'data xor' loads true XOR")
    }
  }

  private var description: String {
    let x = dataset.inputs
    var text = "data: \(counted(x.rows, "sample")) × \(counted(x.columns, "feature"))"
    switch dataset.labels {
    case .classes(let classes):
      let classCount = (classes.max() ?? 0) + 1
      text += ", labels [\(classes.map(String.init).joined(separator: ", "))] (\(counted(classCount, "class", "classes")))"
    case .targets(let rows):
      text += ", targets \(rows.shape)"
    }
    return text
  }
}
