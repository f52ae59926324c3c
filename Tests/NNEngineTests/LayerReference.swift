import Foundation
import NNEngine

/// One case of a fixture of single layers' forward values and gradients: `reference-layers.json`
/// (a copy of shared/reference/layers.json, from JAX, PyTorch and a NumPy pass written by hand) or
/// `keras-layers.json` (Keras's own layers, written by `keras-layers.py` beside it).
///
/// A fixture's arrays are (T, F) or (n, T, F) or (n, h, w, C); the engine's batch is n rows of
/// the same numbers in the same order, so every array is read flat and cut into rows.
struct LayerReference {
  let entries: [String: Any]

  /// The case named `name` ("conv1d", "simple_rnn", …) of `file`, or nil if it is missing.
  init?(_ name: String, file: String = "reference-layers.json") {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(file)")
    guard let data = try? Data(contentsOf: url),
      let file = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let cases = file["cases"] as? [String: Any], let entries = cases[name] as? [String: Any]
    else { return nil }
    self.entries = entries
  }

  /// The numbers at a path of keys ("params", "kernel"), flattened in row-major order.
  func numbers(_ path: String...) -> [Double] {
    var value: Any? = entries
    for key in path { value = (value as? [String: Any])?[key] }
    return Self.flatten(value)
  }

  /// The numbers at `path` as a rows × columns matrix (columns = count / rows).
  func matrix(_ path: String..., rows: Int) -> Matrix {
    var value: Any? = entries
    for key in path { value = (value as? [String: Any])?[key] }
    let flat = Self.flatten(value)
    return Matrix(rows: rows, columns: rows == 0 ? 0 : flat.count / rows, elements: flat)
  }

  /// The single number at `path`.
  func number(_ path: String...) -> Double {
    var value: Any? = entries
    for key in path { value = (value as? [String: Any])?[key] }
    return (value as? Double) ?? .nan
  }

  private static func flatten(_ value: Any?) -> [Double] {
    if let number = value as? Double { return [number] }
    if let array = value as? [Any] { return array.flatMap { flatten($0) } }
    return []
  }
}
