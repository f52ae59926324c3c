import NNEngine
import NNRender

/// Turning a model file that was read into the session's values, checking everything a hand-edited
/// or damaged file could get wrong: shapes, sizes, settings.
extension ModelFile {
  /// The network the file describes, checked: every shape must follow from the one before, and
  /// the parameters must fit in `maxNumbers`.
  func network(name: String, maxNumbers: Int) throws(Diagnostic) -> Network {
    guard let inputShape = input.shape else {
      throw ModelFile.corrupt(
        name,
        "its input should be features, sequence, image or tokens, each size from 1 to \(NumberFormat.grouped(Limits.width))"
      )
    }
    guard !layers.isEmpty else { throw ModelFile.corrupt(name, "it has no layers") }
    let numbers = layers.reduce(0) { total, layer in
      layer.parameters.values.reduce(total) { $0 + $1.reduce(0) { $0 + $1.count } }
    }
    guard numbers <= maxNumbers else {
      throw .runtime(
        "runtime.tooManyParameters",
        "'\(name)' holds \(NumberFormat.grouped(numbers)) parameters, more than this session allows",
        notes: [
          .init(
            "the limit is \(NumberFormat.grouped(maxNumbers)) numbers; start nnrepl with a larger --max-memory to load it"
          )
        ])
    }
    var network = Network(inputShape: inputShape)
    for (index, record) in layers.enumerated() {
      guard let kind = LayerKinds.kind(named: record.kind) else {
        throw ModelFile.corrupt(
          name,
          "layer \(index + 1) is of an unknown kind '\(record.kind)' (nnrepl knows \(LayerKinds.names.joined(separator: ", ")))"
        )
      }
      var parameters: [String: Matrix] = [:]
      for (key, rows) in record.parameters {
        guard let columns = rows.first?.count, columns > 0, rows.allSatisfy({ $0.count == columns })
        else {
          throw ModelFile.corrupt(
            name, "layer \(index + 1)'s \(key) is not a matrix (rows of equal length)")
        }
        parameters[key] = Matrix(rows)
      }
      do {
        var layer = try kind.layer(
          configuration: record.configuration, parameters: parameters, below: network)
        layer.isFrozen = record.frozen
        network.layers.append(layer)
      } catch {
        throw ModelFile.corrupt(name, "layer \(index + 1) (\(record.kind)): \(error.reason)")
      }
    }
    return network
  }

  /// The training settings the file holds, checked.
  struct CheckedSettings {
    var loss: Loss?
    var trainer: Trainer
    var seed: UInt64
    var initialization: Initialization
    var epochsTrained: Int
  }

  /// The settings, or a diagnostic naming the first one that no session could have had.
  func checkedSettings(name: String) throws(Diagnostic) -> CheckedSettings {
    let s = settings
    func refuse(_ reason: String) -> Diagnostic {
      ModelFile.corrupt(name, "its settings: \(reason)")
    }
    var trainer = Trainer()
    guard s.learningRate.isFinite, s.learningRate > 0 else {
      throw refuse("the learning rate must be a positive number, not \(s.learningRate)")
    }
    guard s.l2.isFinite, s.l2 >= 0 else { throw refuse("l2 must be 0 or more, not \(s.l2)") }
    if let size = s.batchSize, !(1...Limits.samples).contains(size) {
      throw refuse(
        "the batch size must be from 1 to \(NumberFormat.grouped(Limits.samples)), not \(size)")
    }
    guard (0...Limits.seed).contains(s.epochsTrained) else {
      throw refuse(
        "the epochs trained must be from 0 to \(NumberFormat.grouped(Limits.seed)), not \(s.epochsTrained)"
      )
    }
    switch s.optimizer {
    case "sgd": trainer.optimizer = .sgd
    case "adam": trainer.optimizer = .adam
    case "adamw":
      let λ = s.weightDecay ?? OptimizerCommand.defaultWeightDecay
      guard λ >= 0, λ < 1 else {
        throw refuse("AdamW's weight decay λ must be from 0 up to 1, not \(λ)")
      }
      trainer.optimizer = .adamw(weightDecay: λ)
    case "momentum":
      let beta = s.momentum ?? 0.9
      guard beta >= 0, beta < 1 else {
        throw refuse("momentum's β must be from 0 up to 1, not \(beta)")
      }
      trainer.optimizer = .momentum(beta: beta)
    default:
      throw refuse("unknown optimizer '\(s.optimizer)' (nnrepl knows sgd, momentum, adam, adamw)")
    }
    let loss = try s.loss.map { (name: String) throws(Diagnostic) -> Loss in
      guard let loss = Loss(rawValue: name) else { throw refuse("unknown loss '\(name)'") }
      return loss
    }
    guard let initialization = Initialization(rawValue: s.initialization) else {
      throw refuse("unknown initialisation '\(s.initialization)'")
    }
    (trainer.learningRate, trainer.batchSize, trainer.l2) = (s.learningRate, s.batchSize, s.l2)
    return CheckedSettings(
      loss: loss, trainer: trainer, seed: s.seed, initialization: initialization,
      epochsTrained: s.epochsTrained)
  }
}

extension ModelFile {
  /// The vocabulary the file keeps, checked against `network`: a language model's, every entry
  /// one scalar, none twice, one per id the network reads (V); nil when the file keeps none.
  func checkedVocabulary(name: String, for network: Network) throws(Diagnostic)
    -> CharacterVocabulary?
  {
    guard let vocabulary else { return nil }
    func refuse(_ reason: String) -> Diagnostic {
      ModelFile.corrupt(name, "its vocabulary: \(reason)")
    }
    guard case .tokens(_, let v) = network.inputShape else {
      throw refuse(
        "only a network that reads token ids has one, and this one reads \(network.inputShape)")
    }
    var ids: [Unicode.Scalar: Int] = [:]
    for (id, entry) in vocabulary.enumerated() {
      guard let scalar = entry.unicodeScalars.first, entry.unicodeScalars.count == 1 else {
        let written = entry.unicodeScalars.map(CharacterVocabulary.shown).joined()
        throw refuse(
          "token \(id) should be one character, but it is \(entry.isEmpty ? "empty" : "'\(written)', \(entry.unicodeScalars.count) of them")"
        )
      }
      if let first = ids[scalar] {
        throw refuse(
          "'\(CharacterVocabulary.shown(scalar))' is both token \(first) and token \(id)")
      }
      ids[scalar] = id
    }
    guard vocabulary.count == v else {
      throw refuse(
        "it has \(counted(vocabulary.count, "token")), but the network reads ids of \(v) ('input tokens … vocab \(v)')"
      )
    }
    // Each token is one scalar, checked above.
    return CharacterVocabulary(scalars: vocabulary.compactMap(\.unicodeScalars.first))
  }
}
