import NNEngine
import NNRender

/// `layer positions`: learned position embeddings added to a sequence (`NNEngine/Layers/PositionEmbeddingLayer.swift`).
enum PositionsKind: ArgumentlessKind {
  static let name = "positions"
  static let synopsis = "layer positions"
  static let summary = "append learned position embeddings: out = x + P, one vector per position"
  static let details = """
    On a sequence of T positions of D numbers (after 'layer embedding D'): adds row t of P{l}
    (T × D) to position t, so that attention can tell the positions apart. Parameters: T·D.
    P is drawn from N(0, 1), as PyTorch's nn.Embedding draws it.
    """
  static let examples = ["input tokens 8 vocab 27", "layer embedding 16", "layer positions"]
  static let parameterNames = ["P"]
  static let passNames = ["out"]

  struct Request: ArgumentlessRequest {
    func parameterCount(inputShape: SampleShape) -> Int {
      inputShape.positions * inputShape.featuresPerPosition
    }

    func build(number: Int, inputShape: SampleShape, in session: Session, at range: SourceRange)
      throws(Diagnostic)
      -> any NNEngine.Layer
    {
      guard case .sequence(let steps, let features) = inputShape else {
        throw .runtime(
          "runtime.layerShape",
          "position embeddings need a sequence, but their input is \(inputShape)", at: range,
          notes: [
            .init(
              "after 'input tokens <T> vocab <V>', add 'layer embedding 16' first; or start with 'input 16x3'"
            )
          ])
      }
      return PositionEmbeddingLayer(table: Matrix(rows: steps, columns: features)).drawn(
        number: number, in: session)
    }
  }

  static func layer(
    configuration: [String: ModelFile.Setting], parameters: [String: Matrix],
    inputShape: SampleShape
  ) throws(ModelFile.Problem) -> any NNEngine.Layer {
    guard case .sequence(let steps, let features) = inputShape else {
      throw .init("position embeddings need a sequence as their input")
    }
    guard let table = parameters["P"], table.shape == Shape(rows: steps, columns: features) else {
      throw .init("its P should be \(steps)×\(features)")
    }
    return PositionEmbeddingLayer(table: table)
  }

  static func summary(of layer: any NNEngine.Layer, number l: Int, input: String) -> LayerSummary {
    let positions = layer as? PositionEmbeddingLayer
    let (t, d) = (positions?.positions ?? 0, positions?.width ?? 0)
    return LayerSummary(
      equation: "out\(l) = \(input) + P\(l)",
      arithmetic: "\(t)×\(d) = \(NumberFormat.grouped(t * d))", trainable: nil,
      gradientNorm: { $0.parameters.first?.norm })
  }
}
