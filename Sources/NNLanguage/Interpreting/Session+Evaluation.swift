import NNEngine

/// Loss and accuracy of the current network on the data.
extension Session {
  /// The class each row of an output predicts: the largest output, or for a single output,
  /// 1 when it is at least 0.5.
  static func predictedClasses(of output: Matrix) -> [Int] {
    output.columns == 1 ? output.elements.map { $0 >= 0.5 ? 1 : 0 } : output.rowArgmax
  }

  /// Fails if some of the network's outputs are NaN or infinite: no class can be read from them
  /// (NaN ≥ 0.5 is false, so every one would count as class 0).
  static func requireFinite(_ output: Matrix, at range: SourceRange) throws(Diagnostic) {
    let width = max(output.columns, 1)
    let bad = stride(from: 0, to: output.elements.count, by: width).filter { start in
      output.elements[start..<start + width].contains { !$0.isFinite }
    }
    guard let first = bad.first else { return }
    throw .runtime(
      "runtime.nonFiniteOutput",
      "the network's output ŷ is NaN or infinite for \(bad.count) of \(counted(output.rows, "row")) (the first is row \(first / width)), so no class can be read from it",
      at: range,
      notes: [
        .init(
          "the parameters have become NaN or infinite, usually from too large a learning rate: 'init' draws new ones"
        )
      ])
  }

  /// The loss on the whole data with the current parameters (on a text, on its fixed sample).
  func currentLoss(at range: SourceRange) throws(Diagnostic) -> Double {
    if let corpus { return try corpusLoss(corpus, at: range) }
    let (network, data, loss, targets) = try requireTrainingSetup(
      for: "measuring the loss", at: range
    ) { network, data in
      PassWork(
        forward: [data.count],
        other: [("the targets", Session.targetNumbers(samples: data.count, of: network))])
    }
    return network.loss(of: network.forward(data.inputs), targets: targets, loss: loss)
  }

  /// The fraction of samples whose predicted class is their label, and how many that is.
  func accuracy(at range: SourceRange) throws(Diagnostic) -> (
    fraction: Double, correct: Int, total: Int
  ) {
    let network = try requireLayers(at: range)
    let data = try requireData(at: range)
    try checkWidth(of: data.inputs, against: network, what: "the data", at: range)
    guard let labels = data.classes else {
      throw .runtime(
        "runtime.accuracyNeedsClasses",
        "accuracy needs class labels, but this data has target rows",
        at: range, notes: [.init("for regression, look at the loss instead")])
    }
    try requireForwardMemory(
      samples: data.count, of: network, withTargets: true, command: "'accuracy'", at: range)
    _ = try targets(at: range)  // checks that every label has an output
    let output = network.forward(data.inputs).output
    try Session.requireFinite(output, at: range)
    let predicted = Session.predictedClasses(of: output)
    let correct = zip(predicted, labels).filter { $0 == $1 }.count
    return (Double(correct) / Double(labels.count), correct, labels.count)
  }
}
