import Foundation
import NNEngine

/// A network's parameters as NumPy's twins read them (`nnrepl-benchmark --weights NAME FILE`),
/// so that both sides start from the same numbers: one line of JSON naming every layer's
/// parameters and their shapes, in the order of `Layer.parameters`, then all their entries as
/// little-endian 64-bit floats, matrix after matrix, row by row. The floats are the bits
/// themselves, so nothing is lost in printing them.
enum WeightsFile {
  struct Header: Encodable {
    struct Layer: Encodable {
      var kind: String
      var description: String
      var parameters: [Parameter]
    }
    struct Parameter: Encodable {
      var name: String
      var rows: Int
      var columns: Int
    }
    var layers: [Layer]
  }

  static func write(_ network: Network, to path: String) throws {
    let header = Header(
      layers: network.layers.map { layer in
        Header.Layer(
          kind: layer.kind, description: layer.description,
          parameters: layer.parameters.map {
            .init(name: $0.name, rows: $0.value.rows, columns: $0.value.columns)
          })
      })
    var file = try JSONEncoder().encode(header)
    file.append(UInt8(ascii: "\n"))
    for layer in network.layers {
      for parameter in layer.parameters {
        for value in parameter.value.elements {
          withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) }
        }
      }
    }
    try file.write(to: URL(fileURLWithPath: path))
  }
}
