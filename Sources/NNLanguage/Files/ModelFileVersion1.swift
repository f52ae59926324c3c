/// Version 1 of the model file (nnrepl before layer kinds): dense layers only, each with
/// `units`, `activation`, `weights`, `bias` and an optional `lora` adapter. Read, never written.
struct ModelFileVersion1: Codable {
  struct Layer: Codable {
    struct Adapter: Codable {
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

  var format: String
  var version: Int
  var inputWidth: Int
  var layers: [Layer]
  var settings: ModelFile.Settings
}

extension ModelFile {
  /// A version-1 file in version 2's terms: each layer a `dense` with W, b (and A, B).
  init(_ old: ModelFileVersion1) {
    format = old.format
    version = old.version
    input = Input(kind: "features", dimensions: [old.inputWidth])
    layers = old.layers.map { layer in
      var configuration: [String: Setting] = [
        "units": .number(Double(layer.units)), "activation": .text(layer.activation),
      ]
      var parameters = ["W": layer.weights, "b": [layer.bias]]
      if let lora = layer.lora {
        configuration["loraAlpha"] = .number(lora.alpha)
        (parameters["A"], parameters["B"]) = (lora.down, lora.up)
      }
      return Layer(
        kind: "dense", frozen: layer.frozen, configuration: configuration, parameters: parameters)
    }
    settings = old.settings
  }
}
