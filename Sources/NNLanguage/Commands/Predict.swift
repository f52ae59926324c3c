import NNEngine
import NNRender

/// `predict [sample]`: what the network answers.
public struct Predict: CommandDefinition {
  public var sample: Matrix?

  static let help = CommandHelp(
    "predict", synopsis: "predict [<sample>]",
    summary: "show the network's output ŷ and predicted class for a sample, or for every sample",
    details: """
      The predicted class is the output with the largest value; with a single output it is 1
      when ŷ ≥ 0.5, else 0.
      """,
    examples: ["predict [1, 1]", "predict"], seed: "§5.2")

  /// predict [<sample>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    Command(Predict(sample: try parser.parseOptionalSample()))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    let inputs: Matrix
    if let sample {
      inputs = sample
    } else {
      inputs = try session.requireData(at: context.range).inputs
    }
    try session.checkWidth(
      of: inputs, against: network, what: sample == nil ? "the data" : "the sample",
      at: context.range)
    try session.requireForwardMemory(
      samples: inputs.rows, of: network, withTargets: false, command: "'predict'", at: context.range
    )
    let output = network.forward(inputs).output
    try Session.requireFinite(output, at: context.range)
    let classes = Session.predictedClasses(of: output)
    if sample != nil, inputs.rows == 1 {
      context.say(.matrix(name: "yhat", rows: output.rowArrays))
      context.say("predicted class \(classes[0])")
      return
    }
    let labels = sample == nil ? session.data?.classes : nil
    context.say(
      .table(Predict.table(inputs: inputs, output: output, classes: classes, labels: labels)))
  }

  private static func table(inputs: Matrix, output: Matrix, classes: [Int], labels: [Int]?) -> Table
  {
    let format = NumberFormat.entries(of: output.elements)
    let rows = (0..<inputs.rows).map { i in
      var row = [
        "\(i)", inputs.row(i).elements.map { NumberFormat.scalar($0) }.joined(separator: ", "),
        output.row(i).elements.map(format).joined(separator: "  "), "\(classes[i])",
      ]
      if let labels { row += ["\(labels[i])", labels[i] == classes[i] ? "✓" : "✗"] }
      return row
    }
    let header = ["sample", "x", "ŷ", "predicted"] + (labels == nil ? [] : ["label", ""])
    return Table(header: header, rows: rows, rightAligned: [0])
  }
}
