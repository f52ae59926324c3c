import FoundationEssentials
import NNEngine

/// The file `save` writes and `load` reads: a JSON document holding the architecture, every
/// weight at full precision, the frozen flags, LoRA adapters, and the training settings.
///
///     { "format": "nnrepl-model", "version": 1, "inputWidth": 2,
///       "layers": [ { "units": 4, "activation": "sigmoid", "frozen": false,
///                     "weights": [[…], […]], "bias": [ … ],
///                     "lora": { "alpha": 2, "down": [[…]], "up": [[…]] } }, … ],
///       "settings": { "loss": "crossentropy", "learningRate": 0.1, "optimizer": "sgd",
///                     "momentum": null, "batchSize": null, "l2": 0, "seed": 42,
///                     "initialization": "xavier", "epochsTrained": 1000 } }
///
/// Numbers are written in Swift's shortest round-trip form, so loading gives back the same bits.
/// A later version of nnrepl that changes the layout raises `version`; this one refuses files
/// newer than it understands rather than misreading them.
struct ModelFile: Codable, Equatable {
  static let formatName = "nnrepl-model"
  static let currentVersion = 1

  struct Layer: Codable, Equatable {
    struct Adapter: Codable, Equatable {
      var alpha: Double
      var down: [[Double]]
      var up: [[Double]]
    }

    var units: Int
    var activation: String
    var frozen: Bool
    var weights: [[Double]]
    var bias: [Double]
    var lora: Adapter?
  }

  struct Settings: Codable, Equatable {
    var loss: String?
    var learningRate: Double
    var optimizer: String
    var momentum: Double?
    var batchSize: Int?
    var l2: Double
    var seed: UInt64
    var initialization: String
    var epochsTrained: Int
  }

  var format: String
  var version: Int
  var inputWidth: Int
  var layers: [Layer]
  var settings: Settings

  /// The file for `network` and the session's settings.
  init(_ network: Network, session: Session) {
    format = ModelFile.formatName
    version = ModelFile.currentVersion
    inputWidth = network.inputWidth
    layers = network.layers.map { layer in
      Layer(
        units: layer.units, activation: layer.activation.rawValue, frozen: layer.isFrozen,
        weights: layer.weights.rowArrays, bias: layer.bias.elements,
        lora: layer.adapter.map { Layer.Adapter(alpha: $0.alpha, down: $0.down.rowArrays, up: $0.up.rowArrays) })
    }
    let trainer = session.trainer
    var momentum: Double?
    let optimizer: String
    switch trainer.optimizer {
    case .sgd: optimizer = "sgd"
    case .momentum(let beta): (optimizer, momentum) = ("momentum", beta)
    case .adam: optimizer = "adam"
    }
    settings = Settings(
      loss: session.loss?.rawValue, learningRate: trainer.learningRate, optimizer: optimizer, momentum: momentum,
      batchSize: trainer.batchSize, l2: trainer.l2, seed: session.seed,
      initialization: session.initialization.rawValue, epochsTrained: session.epochsTrained)
  }

  /// The JSON text, keys sorted so the same model always gives the same file. JSON has no NaN
  /// or infinity, and a model holding one is broken anyway: that is an error, not a file.
  func text() throws(Diagnostic) -> String {
    for (index, layer) in layers.enumerated() {
      let adapter: [Double] = layer.lora.map { Array($0.down.joined()) + Array($0.up.joined()) } ?? []
      let numbers = Array(layer.weights.joined()) + layer.bias + adapter
      if numbers.contains(where: { !$0.isFinite }) {
        throw .runtime(
          "runtime.nonFiniteModel", "layer \(index + 1) holds NaN or infinite numbers, which a model file cannot hold",
          notes: [.init("they come from training that diverged: 'init' new weights and train with a smaller learning rate")])
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    do {
      return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    } catch {
      throw .runtime("runtime.encodeModel", "the model cannot be written as JSON: \(error)")
    }
  }

  /// Reads a model file, or fails saying what is wrong with it.
  init(reading text: String, name: String) throws(Diagnostic) {
    do {
      self = try JSONDecoder().decode(ModelFile.self, from: Data(text.utf8))
    } catch {
      throw ModelFile.corrupt(name, Self.describe(error))
    }
    guard format == ModelFile.formatName else { throw ModelFile.corrupt(name, "its format is '\(format)', not '\(ModelFile.formatName)'") }
    guard version <= ModelFile.currentVersion else {
      throw .runtime(
        "runtime.modelVersion", "'\(name)' is a version \(version) model file; this nnrepl reads version \(ModelFile.currentVersion)",
        notes: [.init("it was written by a newer nnrepl: update nnrepl to load it")])
    }
  }

  /// The network the file describes, checked: every shape must follow from the one before.
  func network(name: String) throws(Diagnostic) -> Network {
    guard inputWidth >= 1, !layers.isEmpty else { throw ModelFile.corrupt(name, "it has no layers") }
    var network = Network(inputWidth: inputWidth)
    for (index, record) in layers.enumerated() {
      let l = index + 1
      let inputs = network.outputWidth
      guard let activation = Activation(rawValue: record.activation) else {
        throw ModelFile.corrupt(name, "layer \(l) has an unknown activation '\(record.activation)'")
      }
      guard record.weights.count == inputs, record.weights.allSatisfy({ $0.count == record.units }), record.bias.count == record.units else {
        throw ModelFile.corrupt(name, "layer \(l)'s W should be \(inputs)×\(record.units) and b 1×\(record.units)")
      }
      var layer = DenseLayer(weights: Matrix(record.weights), bias: Matrix(row: record.bias), activation: activation)
      layer.isFrozen = record.frozen
      if let lora = record.lora {
        let rank = lora.down.first?.count ?? 0
        guard rank >= 1, lora.down.count == inputs, lora.down.allSatisfy({ $0.count == rank }), lora.up.count == rank,
          lora.up.allSatisfy({ $0.count == record.units }), lora.alpha > 0
        else { throw ModelFile.corrupt(name, "layer \(l)'s LoRA adapter should have A of \(inputs)×r and B of r×\(record.units)") }
        layer.adapter = LowRankAdapter(down: Matrix(lora.down), up: Matrix(lora.up), alpha: lora.alpha)
      }
      network.layers.append(layer)
    }
    return network
  }

  private static func corrupt(_ name: String, _ reason: String) -> Diagnostic {
    .runtime("runtime.corruptModel", "'\(name)' is not a usable model file: \(reason)", notes: [.init("files written by 'save' load back as they were")])
  }

  /// A decoding error in words: which field was missing or wrong, or that the JSON is broken.
  private static func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "the field '\(key.stringValue)' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
      return "the field '\(path)' has the wrong kind of value"
    case DecodingError.dataCorrupted: return "it is not complete, valid JSON (cut short?)"
    default: return "it cannot be read as JSON"
    }
  }
}
