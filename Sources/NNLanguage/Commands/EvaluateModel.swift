import NNEngine
import NNRender

/// `evaluate`: how good the network is, on the training data and the held-out data.
public struct EvaluateModel: CommandWithoutArguments {
  static let help = CommandHelp(
    "evaluate", synopsis: "evaluate",
    summary: "show loss and accuracy on the training and test data, and a confusion matrix",
    details: """
      The confusion matrix counts, for each true class (row), how often each class was predicted
      (column): the diagonal is right, everything else is a mistake and shows which classes are
      confused. After 'split' there is one for the test data too.
      On a text ('data text'): the validation loss on every validation window (windows laid end
      to end, so each character is predicted once; 'val_loss' then names it), the training loss
      on as many windows spread evenly over the training part, and the losses to beat (a uniform
      guess, ln V, and the bigram model). Ctrl-C stops it and changes nothing.
      """,
    examples: ["split 0.8", "train 500", "evaluate"], seed: "§2.1, §5.2")

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    if let corpus = session.corpus { return try run(on: corpus, in: &session, context) }
    let (network, data, loss, targets) = try session.requireTrainingSetup(
      for: "'evaluate'", at: context.range
    ) { network, data in
      let samples = [data.count, session.testData?.count ?? 0]
      return PassWork(
        forward: [samples.max() ?? 0],
        other: [("the targets", Session.targetNumbers(samples: samples.reduce(0, +), of: network))])
    }
    if let note = session.chooseImpliedLoss() { context.say(note) }
    var sets = [("train", data, targets)]
    if let test = session.testData,
      let testTargets = try session.testSetup(at: context.range)?.targets
    {
      sets.append(("test", test, testTargets))
    }
    var rows: [[String]] = []
    var confusions: [(String, [[Int]])] = []
    for (name, set, setTargets) in sets {
      let pass = network.forward(set.inputs)
      let value = network.loss(of: pass, targets: setTargets, loss: loss)
      var row = [name, "\(set.count)", NumberFormat.scalar(value)]
      if let classes = set.classes {
        try Session.requireFinite(pass.output, at: context.range)
        let predicted = Session.predictedClasses(of: pass.output)
        let correct = zip(predicted, classes).filter { $0 == $1 }.count
        row.append(
          "\(NumberFormat.scalar(Double(correct) / Double(classes.count), digits: 4)) (\(correct)/\(classes.count))"
        )
        let classCount = max(
          network.outputWidth == 1 ? 2 : network.outputWidth, (classes.max() ?? 0) + 1)
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (truth, guess) in zip(classes, predicted) { counts[truth][guess] += 1 }
        confusions.append((name, counts))
      } else {
        row.append("—")
      }
      rows.append(row)
    }
    context.say(
      .table(
        Table(header: ["data", "samples", "loss", "accuracy"], rows: rows, rightAligned: [1, 2])))
    for (name, counts) in confusions {
      let header = ["\(name): true ↓ predicted →"] + counts.indices.map { "\($0)" }
      let body = counts.enumerated().map { ["\($0.offset)"] + $0.element.map(String.init) }
      context.say(.table(Table(header: header, rows: body, rightAligned: Set(1...counts.count))))
    }
  }
}
