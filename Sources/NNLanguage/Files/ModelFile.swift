import FoundationEssentials
import NNEngine

/// The file `save` writes and `load` reads: a JSON document holding the architecture, every
/// parameter at full precision, the frozen flags, and the training settings.
///
///     { "format": "nnrepl-model", "version": 2,
///       "input": { "kind": "features", "dimensions": [2] },
///       "layers": [ { "kind": "dense", "frozen": false,
///                     "configuration": { "units": 4, "activation": "sigmoid" },
///                     "parameters": { "W": [[…], […]], "b": [[…]] } }, … ],
///       "settings": { "loss": "crossentropy", "learningRate": 0.1, "optimizer": "sgd",
///                     "momentum": null, "batchSize": null, "l2": 0, "seed": 42,
///                     "initialization": "xavier", "epochsTrained": 1000 },
///       "vocabulary": ["\n", " ", "!", …] }
///
/// A layer is its kind, its configuration (which the kind's `LayerKind` writes and checks) and
/// its parameters by name, so a new kind of layer needs no code here. Version 1 (dense layers
/// with `units`, `weights`, `bias`, `lora`) is still read. Numbers are written in Swift's
/// shortest round-trip form, so loading gives back the same bits. A language model (tokens in)
/// keeps its vocabulary, the tokens in id order, when the session has one; files without it
/// (older ones, other networks) are unchanged. This nnrepl refuses files
/// newer than it understands rather than misreading them.
struct ModelFile: Codable, Equatable {
  static let formatName = "nnrepl-model"
  static let currentVersion = 2

  /// A configuration value: a number or a word.
  enum Setting: Codable, Equatable, Sendable {
    case number(Double)
    case text(String)

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else {
        self = .text(try container.decode(String.self))
      }
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .number(let number): try container.encode(number)
      case .text(let text): try container.encode(text)
      }
    }
  }

  /// What is wrong with a layer's record, in words, for the `load` diagnostic.
  struct Problem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  struct Input: Codable, Equatable {
    /// `features`, `sequence`, `image` or `tokens`.
    var kind: String
    /// [8], [16, 3], [28, 28, 1], or [count, vocabulary].
    var dimensions: [Int]
  }

  struct Layer: Codable, Equatable {
    var kind: String
    var frozen: Bool
    var configuration: [String: Setting]
    /// Each parameter matrix by name, as rows.
    var parameters: [String: [[Double]]]
  }

  struct Settings: Codable, Equatable {
    var loss: String?
    var learningRate: Double
    var optimizer: String
    var momentum: Double?
    /// AdamW's λ; absent for the other optimizers.
    var weightDecay: Double?
    var batchSize: Int?
    var l2: Double
    var seed: UInt64
    var initialization: String
    var epochsTrained: Int
  }

  var format: String
  var version: Int
  var input: Input
  var layers: [Layer]
  var settings: Settings
  /// A language model's tokens in id order, each a string of one Unicode scalar (JSON escapes
  /// the control characters, `"\n"`, `"\u0000"`). One string per id rather than the whole
  /// vocabulary as one string: a scalar lost, merged or split by an editor that normalises text
  /// (é as e + ◌́) or rewrites line ends (\r\n) shows as an entry that is not one scalar, or as a
  /// wrong count, and is refused; in one string it would silently move every later id.
  var vocabulary: [String]?

  /// The file for `network` and the session's settings.
  init(_ network: Network, session: Session) {
    format = ModelFile.formatName
    version = ModelFile.currentVersion
    input = Input(network.inputShape)
    layers = network.layers.map { layer in
      Layer(
        kind: layer.kind, frozen: layer.isFrozen,
        configuration: LayerKinds.kind(named: layer.kind)?.configuration(of: layer) ?? [:],
        parameters: Dictionary(
          uniqueKeysWithValues: layer.parameters.map { ($0.name, $0.value.rowArrays) }))
    }
    let trainer = session.trainer
    var (momentum, weightDecay): (Double?, Double?)
    let optimizer: String
    switch trainer.optimizer {
    case .sgd: optimizer = "sgd"
    case .momentum(let beta): (optimizer, momentum) = ("momentum", beta)
    case .adam: optimizer = "adam"
    case .adamw(_, _, _, let λ): (optimizer, weightDecay) = ("adamw", λ)
    }
    settings = Settings(
      loss: session.loss?.rawValue, learningRate: trainer.learningRate, optimizer: optimizer,
      momentum: momentum, weightDecay: weightDecay,
      batchSize: trainer.batchSize, l2: trainer.l2, seed: session.seed,
      initialization: session.initialization.rawValue, epochsTrained: session.epochsTrained)
    if case .tokens(_, let v) = network.inputShape, let tokens = session.vocabulary,
      tokens.count == v
    {
      vocabulary = tokens.scalars.map { String($0) }
    }
  }

  /// The JSON text, keys sorted so the same model always gives the same file. JSON has no NaN
  /// or infinity, and a model holding one is broken anyway: that is an error, not a file.
  func text() throws(Diagnostic) -> String {
    for (index, layer) in layers.enumerated()
    where layer.parameters.values.contains(where: { $0.joined().contains { !$0.isFinite } }) {
      throw .runtime(
        "runtime.nonFiniteModel",
        "layer \(index + 1) holds NaN or infinite numbers, which a model file cannot hold",
        notes: [
          .init(
            "they come from training that diverged: 'init' new weights and train with a smaller learning rate"
          )
        ])
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    do {
      return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    } catch {
      throw .runtime("runtime.encodeModel", "the model cannot be written as JSON: \(error)")
    }
  }

  /// The part every version shares, read first to choose how to read the rest.
  private struct Header: Codable {
    var format: String
    var version: Int
  }

  /// Reads a model file of any version up to this one, or fails saying what is wrong with it.
  init(reading text: String, name: String) throws(Diagnostic) {
    let data = Data(text.utf8)
    do {
      let header = try JSONDecoder().decode(Header.self, from: data)
      guard header.format == ModelFile.formatName else {
        throw ModelFile.corrupt(
          name, "its format is '\(header.format)', not '\(ModelFile.formatName)'")
      }
      guard header.version <= ModelFile.currentVersion else {
        throw Diagnostic.runtime(
          "runtime.modelVersion",
          "'\(name)' is a version \(header.version) model file; this nnrepl reads versions 1 and 2",
          notes: [.init("it was written by a newer nnrepl: update nnrepl to load it")])
      }
      guard header.version >= 1 else {
        throw ModelFile.corrupt(
          name, "its version, \(header.version), is not one nnrepl ever wrote")
      }
      self =
        header.version == 1
        ? ModelFile(try JSONDecoder().decode(ModelFileVersion1.self, from: data))
        : try JSONDecoder().decode(ModelFile.self, from: data)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw ModelFile.corrupt(name, Self.describe(error))
    }
  }

  static func corrupt(_ name: String, _ reason: String) -> Diagnostic {
    .runtime(
      "runtime.corruptModel", "'\(name)' is not a usable model file: \(reason)",
      notes: [.init("files written by 'save' load back as they were")])
  }

  /// A decoding error in words: which field was missing or wrong, or that the JSON is broken.
  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "the field '\(key.stringValue)' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(
        separator: ".")
      return "the field '\(path)' has the wrong kind of value"
    case DecodingError.dataCorrupted: return "it is not complete, valid JSON (cut short?)"
    default: return "it cannot be read as JSON"
    }
  }
}

extension ModelFile.Input {
  init(_ shape: SampleShape) {
    switch shape {
    case .features(let n): self.init(kind: "features", dimensions: [n])
    case .sequence(let steps, let features):
      self.init(kind: "sequence", dimensions: [steps, features])
    case .image(let height, let width, let channels):
      self.init(kind: "image", dimensions: [height, width, channels])
    case .tokens(let count, let vocabulary):
      self.init(kind: "tokens", dimensions: [count, vocabulary])
    }
  }

  /// The shape, if the record describes one with every size from 1 to `Limits.width`.
  var shape: SampleShape? {
    guard dimensions.allSatisfy({ (1...Limits.width).contains($0) }) else { return nil }
    switch (kind, dimensions.count) {
    case ("features", 1): return .features(dimensions[0])
    case ("sequence", 2): return .sequence(steps: dimensions[0], features: dimensions[1])
    case ("image", 3):
      return .image(height: dimensions[0], width: dimensions[1], channels: dimensions[2])
    case ("tokens", 2): return .tokens(count: dimensions[0], vocabulary: dimensions[1])
    default: return nil
    }
  }
}

extension ModelFile {
  /// The whole number `key` of a layer's configuration, within `range`.
  static func count(_ configuration: [String: Setting], _ key: String, in range: ClosedRange<Int>)
    throws(Problem) -> Int
  {
    guard case .number(let value) = configuration[key], value.rounded() == value,
      value >= Double(range.lowerBound),
      value <= Double(range.upperBound)
    else {
      throw Problem(
        "its '\(key)' should be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return Int(value)
  }

  /// The word `key` of a layer's configuration.
  static func text(_ configuration: [String: Setting], _ key: String) throws(Problem) -> String {
    guard case .text(let text) = configuration[key] else {
      throw Problem("its '\(key)' is missing")
    }
    return text
  }
}
