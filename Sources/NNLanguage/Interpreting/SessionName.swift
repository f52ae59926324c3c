import NNEngine

/// A name in the session, parsed once from what was typed: `X`, `W2`, `z1`, `delta1`, `dW1`, or a
/// name of the student's. Per-layer names are a name within the layer (a parameter such as `W`,
/// or a matrix of the forward pass such as `z`) and the layer's number, counted from 1.
enum SessionName: Equatable, Sendable {
  /// A number or matrix the session computes: X y Y yhat loss accuracy depth … (see `computedNames`).
  case computed(String)
  /// Parameter `name` of layer `layer`: W1, b2, A1.
  case parameter(layer: Int, name: String)
  /// A matrix layer `layer`'s last forward pass kept: z1, a1.
  case pass(layer: Int, name: String)
  /// δ of layer `layer` from the last backward pass: delta1.
  case delta(layer: Int)
  /// The gradient of parameter `parameter` of layer `layer`: dW1, db2, dA1.
  case gradient(layer: Int, parameter: String)
  /// Any other name: the student's own (or one that has no value).
  case variable(String)

  /// Names whose value the session computes; `let` cannot set them.
  static let computedNames: Set<String> = [
    "X", "y", "Y", "yhat", "loss", "accuracy", "depth", "params", "gradcheck", "epochs",
    "model_params", "lora_params", "trainable", "val_loss", "bigram_loss",
  ]

  /// Parses `text`. Per-layer names are recognised by the names the layer kinds declare (dense:
  /// parameters W b A B, forward matrices z a), so a new kind's names are known as soon as it is
  /// registered in `LayerKinds`.
  init(_ text: String) {
    if SessionName.computedNames.contains(text) {
      self = .computed(text)
      return
    }
    let prefix = String(text.prefix { !$0.isASCIIDigit })
    let digits = text.dropFirst(prefix.count)
    guard let layer = Int(digits), layer >= 1, digits.first != "0" else {
      self = .variable(text)
      return
    }
    if prefix == "delta" {
      self = .delta(layer: layer)
    } else if LayerKinds.parameterNames.contains(prefix) {
      self = .parameter(layer: layer, name: prefix)
    } else if LayerKinds.passNames.contains(prefix) {
      self = .pass(layer: layer, name: prefix)
    } else if prefix.first == "d", LayerKinds.parameterNames.contains(String(prefix.dropFirst())) {
      self = .gradient(layer: layer, parameter: String(prefix.dropFirst()))
    } else {
      self = .variable(text)
    }
  }

  /// The layer a per-layer name belongs to.
  var layer: Int? {
    switch self {
    case .parameter(let layer, _), .pass(let layer, _), .delta(let layer), .gradient(let layer, _):
      layer
    case .computed, .variable: nil
    }
  }

  /// Whether this names a parameter (W1, b1, A1), which `let` may set.
  var isParameter: Bool {
    if case .parameter = self { return true }
    return false
  }
}
