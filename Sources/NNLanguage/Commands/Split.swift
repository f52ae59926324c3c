import NNEngine
import NNRender

/// `split <fraction>`: hold out samples to test on.
public struct Split: CommandDefinition {
  public var fraction: Double

  static let help = CommandHelp(
    "split", synopsis: "split <fraction>",
    summary: "shuffle the data and keep a fraction for training, the rest for testing",
    details: """
      'split 0.8' trains on 80% of the samples and holds out 20%. The test loss, recorded while
      training, shows whether the network learns the pattern or memorises its samples. After
      'normalize', the features are normalized again with the training samples' statistics.
      """,
    examples: ["split 0.8"], seed: "§2.1")

  /// split <fraction:Double>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let range = parser.currentRange
    let fraction = try parser.expectNumber("the fraction to train on")
    guard fraction > 0, fraction < 1 else {
      throw .syntax(
        "parser.splitFraction", "the fraction must be between 0 and 1", at: range,
        notes: [.init("0.8 keeps 80% for training")])
    }
    try parser.expectEnd(after: "the fraction")
    return Command(Split(fraction: fraction))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let data = try session.requireData(at: context.range)
    let all = data.count + (session.testData?.count ?? 0)
    var merged = session.testData.map { test in Split.joined(data, test) } ?? data
    // 'normalize' on all the samples measured the test samples too: undo it, and redo it below
    // on the training samples alone, so that nothing about the test samples leaks into training.
    let normalization = session.normalization.flatMap { $0.recognizes(merged) ? $0 : nil }
    if let normalization { merged = normalization.scaling.undone(on: merged) }
    let trainCount = Int((Double(all) * fraction).rounded())
    guard trainCount >= 1, trainCount < all else {
      throw .runtime(
        "runtime.splitTooSmall",
        "\(counted(all, "sample")) cannot be split \(NumberFormat.scalar(fraction)) : \(NumberFormat.scalar(1 - fraction))",
        at: context.range, notes: [.init("both parts need at least one sample")])
    }
    var generator = SeededGenerator(seed: session.seed, stream: Session.splitStream)
    let order = generator.permutation(of: all)
    session.data = merged.samples(at: order[..<trainCount])
    session.testData = merged.samples(at: order[trainCount...])
    session.history = []
    context.say(
      "split: \(counted(trainCount, "sample")) to train on, \(all - trainCount) held out to test")
    if normalization != nil, let train = session.data, let test = session.testData {
      let scaling = FeatureScaling(of: train)
      (session.data, session.testData) = (scaling.applied(to: train), scaling.applied(to: test))
      session.normalization = Normalization(
        scaling: scaling, leaving: Split.joined(session.data ?? train, session.testData ?? test))
      session.dataChanged()
      context.say(
        "normalized again with the training samples' statistics alone, so the test samples stay unseen: \(scaling.description)"
      )
    }
  }

  /// Train and test samples together again, so that splitting twice starts from all of them.
  static func joined(_ a: Dataset, _ b: Dataset) -> Dataset {
    let inputs = Matrix(
      rows: a.count + b.count, columns: a.inputs.columns,
      elements: a.inputs.elements + b.inputs.elements)
    switch (a.labels, b.labels) {
    case (.classes(let x), .classes(let y)): return Dataset(inputs: inputs, labels: .classes(x + y))
    case (.targets(let x), .targets(let y)):
      return Dataset(
        inputs: inputs,
        labels: .targets(
          Matrix(rows: x.rows + y.rows, columns: x.columns, elements: x.elements + y.elements)))
    default: return a
    }
  }
}
