import NNEngine

/// The named matrices of a session: `X y Y`, the parameters `W1 b1 …`, the results of the last
/// passes `z1 a1 … yhat delta1 dW1 …`, and the student's own names.
extension Session {
  /// Names whose value the session computes; `let` cannot set them.
  static var computedNames: Set<String> { SessionName.computedNames }

  /// Every name that has a value right now, in a stable order.
  public var tensorNames: [String] {
    var names: [String] = []
    if data != nil { names += ["X", "y"] }
    if data != nil, network?.layers.isEmpty == false { names.append("Y") }
    if corpus != nil {
      names += validationLoss != nil ? ["bigram_loss", "val_loss"] : ["bigram_loss"]
    }
    names += parameterNames
    if let pass = lastForward {
      for (index, layer) in pass.layers.enumerated() {
        names += layer.names.map { "\($0)\(index + 1)" }
      }
      names.append("yhat")
    }
    if let gradients = gradients.value, let network {
      for (index, layer) in gradients.layers.enumerated() where index < network.depth {
        names.append("delta\(index + 1)")
        names += network.layers[index].parameters.indices.filter { $0 < layer.parameters.count }
          .map { "d\(network.layers[index].parameters[$0].name)\(index + 1)" }
      }
    }
    return names + variables.keys.sorted()
  }

  /// The parameters of every layer, in order: W1 b1 W2 b2 …, with A and B where a layer is adapted.
  var parameterNames: [String] {
    guard let network else { return [] }
    return network.layers.enumerated().flatMap { index, layer in
      layer.parameters.map { "\($0.name)\(index + 1)" }
    }
  }

  /// The matrix called `name`, or an error that says why it has no value and what would give it one.
  func tensor(named name: String, at range: SourceRange) throws(Diagnostic) -> Matrix {
    if let value = variables[name] { return value }
    switch SessionName(name) {
    case .computed(let computed): return try computedValue(computed, at: range)
    case .parameter(let layer, let parameter):
      return try parameterValue(parameter, ofLayer: layer, name, at: range)
    case .pass(let layer, let matrix):
      _ = try layerRecord(layer, name, at: range)
      guard let pass = lastForward, layer <= pass.layers.count else {
        throw notComputed(name, by: "forward", at: range)
      }
      guard let value = pass.layers[layer - 1][matrix] else {
        throw notInLayer(name, layer, at: range)
      }
      return bySample(value, positions: network?.layers[layer - 1].outputShape.positions)
    case .delta(let layer):
      _ = try layerRecord(layer, name, at: range)
      return bySample(
        try gradientsOfLayer(layer, name, at: range).delta,
        positions: network?.layers[layer - 1].outputShape.positions)
    case .gradient(let layer, let parameter):
      let index = try parameterIndex(parameter, ofLayer: layer, name, at: range)
      return try gradientsOfLayer(layer, name, at: range).parameters[index]
    case .variable:
      throw Diagnostic(
        .unknownTensor(name), at: range,
        notes: Suggestions.note(for: name, among: tensorNames + CommandCatalog.names, at: range) + [
          availableNote
        ])
    }
  }

  /// The value of a name the session computes: X y Y yhat loss accuracy depth ….
  private func computedValue(_ name: String, at range: SourceRange) throws(Diagnostic) -> Matrix {
    switch name {
    case "X": return try requireData(at: range).inputs
    case "y":
      switch try requireData(at: range).labels {
      case .classes(let classes): return Matrix(column: classes.map(Double.init))
      case .targets(let rows): return rows
      }
    case "Y": return bySample(try targets(at: range), positions: network?.outputShape.positions)
    case "yhat":
      guard let pass = lastForward else { throw notComputed(name, by: "forward", at: range) }
      return bySample(pass.output, positions: network?.outputShape.positions)
    case "loss": return Matrix(row: [try currentLoss(at: range)])
    case "val_loss": return Matrix(row: [try requireValidationLoss(at: range)])
    case "bigram_loss": return Matrix(row: [try requireBigramLoss(at: range)])
    case "accuracy": return Matrix(row: [try accuracy(at: range).fraction])
    case "depth": return Matrix(row: [Double(network?.depth ?? 0)])
    case "epochs": return Matrix(row: [Double(epochsTrained)])
    case "trainable": return Matrix(row: [Double(network?.trainableParameterCount ?? 0)])
    case "lora_params":
      guard let modelLoRAParameters else {
        throw .runtime(
          "runtime.noModelCount", "'lora_params' has no value yet", at: range,
          notes: [.init("run 'params llama-7b lora 8 on q v' (or another) first")])
      }
      return Matrix(row: [Double(modelLoRAParameters)])
    case "model_params":
      guard let modelParameters else {
        throw .runtime(
          "runtime.noModelCount", "'model_params' has no value yet", at: range,
          notes: [.init("run 'params gpt2-small' (or another model) first")])
      }
      return Matrix(row: [Double(modelParameters)])
    case "params": return Matrix(row: [Double(network?.parameterCount ?? 0)])
    default:
      // gradcheck: the largest relative error among gradients large enough to measure (see GradientCheck).
      return Matrix(row: [
        try gradientCheck(at: range).filter { !$0.isWithinNoise }.map(\.relativeError).max() ?? 0
      ])
    }
  }

  /// A matrix with a row per position of a sequence (how per-position layers compute) shown
  /// with a row per sample, as X is: sample i's T positions side by side, position by position.
  func bySample(_ matrix: Matrix, positions: Int?) -> Matrix {
    guard let positions, positions > 1 else { return matrix }
    return matrix.rowsOf(width: matrix.columns * positions)
  }

  /// Layer number `layer` (from 1) of the network, or an error saying how many there are.
  func layerRecord(_ layer: Int, _ name: String, at range: SourceRange) throws(Diagnostic)
    -> any NNEngine.Layer
  {
    let network = try requireLayers(at: range)
    guard layer <= network.depth else {
      throw Diagnostic(
        .noSuchLayer("'\(name)'", depth: network.depth),
        at: range, notes: [availableNote])
    }
    return network.layers[layer - 1]
  }

  /// The place of parameter `parameter` (`W`) in layer `layer`'s list.
  func parameterIndex(
    _ parameter: String, ofLayer layer: Int, _ name: String, at range: SourceRange
  ) throws(Diagnostic) -> Int {
    let record = try layerRecord(layer, name, at: range)
    if let index = record.parameters.firstIndex(where: { $0.name == parameter }) { return index }
    if record is any LowRankAdaptable, parameter == "A" || parameter == "B" {
      throw .runtime(
        "runtime.noAdapter", "layer \(layer) has no LoRA adapter, so no '\(name)'", at: range,
        notes: [.init("'adapt \(layer) lora 2' gives it one")])
    }
    if let record = record as? any ProjectionAdaptable,
      let projection = record.projections.first(where: {
        [$0.downName, $0.upName].contains(parameter)
      })
    {
      throw .runtime(
        "runtime.noAdapter",
        "layer \(layer) has no LoRA adapter on \(projection.weightName), so no '\(name)'",
        at: range,
        notes: [.init("'adapt \(layer) lora 2 on \(projection.rawValue)' gives it one")])
    }
    throw notInLayer(name, layer, at: range)
  }

  private func parameterValue(
    _ parameter: String, ofLayer layer: Int, _ name: String, at range: SourceRange
  ) throws(Diagnostic) -> Matrix {
    let index = try parameterIndex(parameter, ofLayer: layer, name, at: range)
    return try layerRecord(layer, name, at: range).parameters[index].value
  }

  /// Layer `layer`'s part of the gradients, or why there are none.
  private func gradientsOfLayer(_ layer: Int, _ name: String, at range: SourceRange)
    throws(Diagnostic) -> LayerGradients
  {
    guard let gradients = gradients.value, layer <= gradients.layers.count else {
      throw notComputed(name, by: "backward", at: range)
    }
    return gradients.layers[layer - 1]
  }

  /// The error for a per-layer name the layer's kind does not have (`K1` of a dense layer).
  private func notInLayer(_ name: String, _ layer: Int, at range: SourceRange) -> Diagnostic {
    let record = network?.layers[layer - 1]
    let own =
      record.map {
        $0.parameters.map { "\($0.name)\(layer)" } + $0.passNames.map { "\($0)\(layer)" }
      } ?? []
    return .runtime(
      "runtime.notInLayer", "layer \(layer) (\(record?.description ?? "?")) has no '\(name)'",
      at: range,
      notes: [.init("its names are \(own.joined(separator: " "))")])
  }

  /// The note listing the names that exist now: the first 16 of a large model's, so that the
  /// note stays a line or two.
  private var availableNote: Diagnostic.Note {
    let names = tensorNames
    guard !names.isEmpty else { return .init("no names have values yet") }
    let shown = names.prefix(Session.namesInANote).joined(separator: " ")
    guard names.count > Session.namesInANote else {
      return .init("names with values now: \(shown)")
    }
    return .init(
      "names with values now: \(shown) … and \(names.count - Session.namesInANote) more ('summary' lists every layer's parameters)"
    )
  }

  /// How many names `availableNote` lists.
  static let namesInANote = 16

  private func notComputed(_ name: String, by command: String, at range: SourceRange) -> Diagnostic
  {
    let reason =
      command == "backward"
      ? gradients.missingReason : "nothing has run 'forward' since the parameters were last set"
    return Diagnostic(
      .notComputed(name, reason: reason), at: range,
      notes: [.init("run '\(command)' first")])
  }
}
