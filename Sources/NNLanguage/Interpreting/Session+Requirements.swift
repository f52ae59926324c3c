import NNEngine
import NNRender

/// The checks commands make before they run, each failing with a message that says what to do.
extension Session {
  /// The network, which needs at least one layer.
  func requireLayers(at range: SourceRange) throws(Diagnostic) -> Network {
    guard let network, !network.layers.isEmpty else {
      throw Diagnostic(
        .noLayers, at: range,
        notes: [.init("add one with 'layer dense 4 sigmoid' (after 'input 2' or 'data xor')")])
    }
    return network
  }

  /// The training data.
  func requireData(at range: SourceRange) throws(Diagnostic) -> Dataset {
    guard let data else {
      throw Diagnostic(
        .noData, at: range,
        notes: [.init("load some with 'data xor', or 'data X = [[0, 1], [1, 0]] y = [1, 0]'")])
    }
    return data
  }

  /// The chosen loss, or the one the output layer implies.
  func requireLoss(at range: SourceRange) throws(Diagnostic) -> Loss {
    guard let loss = loss ?? impliedLoss else {
      throw Diagnostic(
        .noLoss, at: range,
        notes: [
          .init(
            "choose one with 'loss crossentropy' (for softmax or sigmoid outputs) or 'loss mse'")
        ])
    }
    return loss
  }

  /// The target matrix Y for the data's labels and the network's output width.
  func targets(at range: SourceRange) throws(Diagnostic) -> Matrix {
    let network = try requireLayers(at: range)
    let data = try requireData(at: range)
    if network.outputShape.positions > 1 {
      return try positionTargets(of: data, for: network, at: range)
    }
    let size = NumberCount.product(data.count, network.outputWidth)
    guard size <= maxNumbers else {
      throw Diagnostic(
        .tooLarge(
          "the targets of \(counted(data.count, "sample")) for \(counted(network.outputWidth, "output"))",
          wouldBe: Session.size(size)),
        at: range, notes: [.init("use fewer samples or fewer outputs"), memoryNote])
    }
    do {
      return try data.targets(outputWidth: network.outputWidth)
    } catch {
      var diagnostic = RuntimeMessages.diagnostic(for: error, at: range)
      if case .targets(let column) = data.labels, column.columns == 1, network.outputWidth > 1,
        let odd = column.elements.first(where: { $0 < 0 || $0 != $0.rounded() })
      {
        diagnostic.notes.append(
          .init(
            "class labels are whole numbers from 0, so y = [\(NumberFormat.scalar(odd)), …] was read as one target column"
          ))
      }
      if let declared = layerRanges.last {
        diagnostic.notes.append(
          .init("the output layer, layer \(network.depth), was declared here", at: declared))
      }
      throw diagnostic
    }
  }

  /// The targets of a sequence output (T positions of N outputs each): one row of T·N numbers
  /// per sample, read as n·T rows of N, so that the loss averages over samples and positions.
  func positionTargets(of data: Dataset, for network: Network, at range: SourceRange)
    throws(Diagnostic) -> Matrix
  {
    let (positions, width) = (network.outputShape.positions, network.outputWidth)
    if case .targets(let rows) = data.labels, width > 1, rows.columns == positions {
      return try Session.oneHotPerPosition(rows, classes: width, at: range)
    }
    guard case .targets(let rows) = data.labels, rows.columns == positions * width else {
      throw Diagnostic(
        .positionLabels(
          "the network's output is a sequence (\(network.outputShape)): it needs \(positions * width) targets per sample, one per position and output"
        ),
        at: range,
        notes: [
          .init(
            "give y one row of \(positions * width) numbers per sample, position by position; a dense layer on a sequence outputs at every position"
          )
        ])
    }
    return rows.rowsOf(width: width)
  }

  /// One class label per position (a language model's next tokens: n×T whole numbers) as the
  /// (n·T)×classes one-hot targets the loss reads.
  static func oneHotPerPosition(_ labels: Matrix, classes: Int, at range: SourceRange)
    throws(Diagnostic) -> Matrix
  {
    var targets = Matrix(rows: labels.elements.count, columns: classes)
    for (p, label) in labels.elements.enumerated() {
      guard label.rounded() == label, label >= 0, label < Double(classes) else {
        throw Diagnostic(
          .positionLabels(
            "sample \(p / labels.columns + 1)'s label at position \(p % labels.columns + 1) is \(NumberFormat.scalar(label)), not a class from 0 to \(classes - 1)"
          ),
          at: range,
          notes: [
            .init("with one label per position, each label is the class (the token) expected there")
          ])
      }
      targets[p, Int(label)] = 1
    }
    return targets
  }

  /// Everything a gradient needs: layers, data with matching width, a loss, and the targets.
  func requireTrainingSetup(at range: SourceRange) throws(Diagnostic) -> (
    Network, Dataset, Loss, Matrix
  ) {
    let network = try requireLayers(at: range)
    let data = try requireData(at: range)
    try checkWidth(of: data.inputs, against: network, what: "the data", at: range)
    let loss = try requireLoss(at: range)
    let targets = try targets(at: range)
    try requireTargetsSuitLoss(targets, at: range)
    return (network, data, loss, targets)
  }

  /// A warning when the chosen loss does not suit the output layer: cross-entropy needs outputs
  /// between 0 and 1. (Checked when the loss is used, not while layers are still being added.)
  var lossWarning: Diagnostic? {
    guard loss == .crossentropy, let output = network?.layers.last?.finalActivation,
      !output.outputsProbabilities
    else { return nil }
    return Session.crossEntropyWarning(for: output)
  }

  /// The warning for cross-entropy on an output that is not a probability.
  static func crossEntropyWarning(for activation: Activation) -> Diagnostic {
    Diagnostic(
      .crossEntropyOutput(activation), at: nil,
      notes: [
        .init(
          "cross-entropy takes log ŷ and log(1 − ŷ), which need 0 < ŷ < 1; end with softmax (classes) or sigmoid (yes/no), or use 'loss mse'"
        )
      ])
  }

  /// Fails unless `input` has as many columns as the network has inputs.
  func checkWidth(of input: Matrix, against network: Network, what: String, at range: SourceRange)
    throws(Diagnostic)
  {
    guard input.columns == network.inputWidth else {
      throw Diagnostic(
        .inputWidth(what, columns: input.columns, inputs: network.inputWidth),
        at: range,
        notes: [.init("each sample needs \(counted(network.inputWidth, "number")), one per input")])
    }
    if case .tokens(_, let vocabulary) = network.inputShape,
      let bad = EmbeddingLayer.firstInvalidToken(in: input, vocabulary: vocabulary)
    {
      throw Diagnostic(
        .tokenId(what, value: bad.value, sample: bad.sample + 1, position: bad.position + 1),
        at: range,
        notes: [
          .init(
            "token ids are whole numbers from 0 to \(vocabulary - 1) (the input is \(network.inputShape))"
          )
        ])
    }
  }
}

extension Session {
  /// The held-out samples and their targets, after `split`.
  func testSetup(at range: SourceRange) throws(Diagnostic) -> (inputs: Matrix, targets: Matrix)? {
    guard let testData, let network else { return nil }
    let targets: Matrix
    if network.outputShape.positions > 1 {
      targets = try positionTargets(of: testData, for: network, at: range)
    } else {
      do {
        targets = try testData.targets(outputWidth: network.outputWidth)
      } catch {
        throw RuntimeMessages.diagnostic(for: error, at: range)
      }
    }
    try requireTargetsSuitLoss(targets, at: range)
    return (testData.inputs, targets)
  }
}

extension Session {
  /// Fails unless the network has a layer numbered `number` (counted from 1).
  func checkLayerExists(_ number: Int, at range: SourceRange) throws(Diagnostic) {
    let depth = network?.depth ?? 0
    guard number <= depth else {
      throw Diagnostic(.noSuchLayer("layer \(number)", depth: depth), at: range)
    }
  }
}
