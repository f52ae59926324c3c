import Foundation
import NNEngine
import NNLanguage

/// The checks every layer kind must pass, for its tests to reuse: given the lines that build it
/// (`input 3x2`, `layer dense 4 tanh`), backprop agrees with numeric gradients with the layer
/// alone and stacked under two dense layers, a saved model loads back equal, and a frozen
/// layer stays bit for bit the same while the rest trains. Each returns what went wrong, or
/// nothing: `#expect(LayerKindChecks.all(input: …, layer: …).isEmpty)`.
public enum LayerKindChecks {
  /// Every check below.
  public static func all(
    input: String, layer: String, value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    gradients(input: input, layers: [layer], value: value)
      + gradients(
        input: input, layers: [layer, "layer dense 3 tanh", "layer dense 2 sigmoid"], value: value)
      + saveAndLoad(input: input, layer: layer, value: value)
      + freezing(input: input, layer: layer, value: value)
  }

  /// Entry k of X: seeded-looking numbers in (−1, 1), different in every entry.
  public static func defaultValue(_ k: Int) -> Double { 0.9 * sin(Double(1 + 7 * k)) }

  /// A session with the layers built, data of the right shapes (4 samples; targets in (0, 1)),
  /// and mse; or the error that stopped it.
  public static func session(input: String, layers: [String], value: (Int) -> Double) -> (
    Interpreter, String?
  ) {
    var interpreter = Interpreter(files: MemoryFiles())
    for line in ["seed 7", input] + layers {
      if case .failure(let error) = interpreter.run(line: line, number: 1, emit: { _ in }) {
        return (interpreter, "'\(line)': \(error.message)")
      }
    }
    guard let network = interpreter.session.network else { return (interpreter, "no network") }
    let (n, width, outputs) = (4, network.inputWidth, network.outputShape.count)
    func literal(_ rows: Int, _ columns: Int, _ entry: (Int) -> Double) -> String {
      "["
        + (0..<rows).map { i in
          "[" + (0..<columns).map { j in "\(entry(i * columns + j))" }.joined(separator: ", ") + "]"
        }.joined(separator: ", ") + "]"
    }
    let data =
      "data X = \(literal(n, width, value)) y = \(literal(n, outputs) { 0.5 + 0.4 * cos(Double(3 + 5 * $0)) })"
    for line in [data, "loss mse"] {
      if case .failure(let error) = interpreter.run(line: line, number: 1, emit: { _ in }) {
        return (interpreter, "'\(line)': \(error.message)")
      }
    }
    return (interpreter, nil)
  }

  /// Backprop against central differences for every trainable parameter.
  public static func gradients(
    input: String, layers: [String], value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    var (interpreter, problem) = session(input: input, layers: layers, value: value)
    if let problem { return [problem] }
    let outcome = interpreter.run(line: "expect gradcheck < 1e-6", number: 1) { _ in }
    return outcome == .success ? [] : ["gradcheck of \(layers.joined(separator: " → ")) failed"]
  }

  /// `save` then `load` gives back an equal network.
  public static func saveAndLoad(
    input: String, layer: String, value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    saveAndLoad(input: input, layers: [layer], value: value)
  }

  /// `save` then `load` gives back an equal network, for layers that need others after them
  /// before a dense layer can read their output (`conv2d`, then `flatten`).
  public static func saveAndLoad(
    input: String, layers: [String], value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    var (interpreter, problem) = session(
      input: input, layers: layers + ["layer dense 2 sigmoid"], value: value)
    if let problem { return [problem] }
    _ = interpreter.run(line: "train 3", number: 1) { _ in }
    let before = interpreter.session.network
    for line in ["save model.json", "init xavier", "load model.json"] {
      if case .failure(let error) = interpreter.run(line: line, number: 1, emit: { _ in }) {
        return ["'\(line)': \(error.message)"]
      }
    }
    return interpreter.session.network == before
      ? [] : ["\(layers.joined(separator: " → ")): the loaded network differs from the saved one"]
  }

  /// With the layer frozen, training leaves it bit for bit as it was and changes the layer after it.
  public static func freezing(
    input: String, layer: String, value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    freezing(input: input, layers: [layer], value: value)
  }

  /// With the first of `layers` frozen, training leaves it bit for bit as it was and changes the
  /// dense layer after them all.
  public static func freezing(
    input: String, layers: [String], value: @escaping (Int) -> Double = defaultValue
  ) -> [String] {
    var (interpreter, problem) = session(
      input: input, layers: layers + ["layer dense 2 sigmoid"], value: value)
    if let problem { return [problem] }
    _ = interpreter.run(line: "freeze 1", number: 1) { _ in }
    guard let before = interpreter.session.network else { return ["no network"] }
    _ = interpreter.run(line: "train 3", number: 1) { _ in }
    guard let after = interpreter.session.network else { return ["no network"] }
    var problems: [String] = []
    let (layer, last) = (layers[0], layers.count)
    if !after.layers[0].isEqual(to: before.layers[0]) {
      problems.append("\(layer): a frozen layer changed in training")
    }
    if after.layers[last].isEqual(to: before.layers[last]) {
      problems.append("\(layer): the layer after the frozen one did not train")
    }
    return problems
  }
}
