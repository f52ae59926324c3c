import NNEngine

/// The layer kinds the language knows, one line each: `layer <kind> …` looks the kind up here,
/// and help, completion, `show` names and model files all read this list. To add a kind, add
/// its line (see docs/ARCHITECTURE.md, "How to add a layer kind").
enum LayerKinds {
  static let all: [any LayerKind.Type] = [
    DenseKind.self,
    Conv1DKind.self,
    Conv2DKind.self,
    MaxPoolKind.self,
    AvgPoolKind.self,
    FlattenKind.self,
    RNNKind.self,
    LSTMKind.self,
    GRUKind.self,
    EmbeddingKind.self,
    PositionsKind.self,
    LayerNormKind.self,
    AttentionKind.self,
    TransformerKind.self,
    BatchNormKind.self,
    DropoutKind.self,
  ]

  /// The kind called `name`.
  static func kind(named name: String) -> (any LayerKind.Type)? { all.first { $0.name == name } }

  /// The kind of a layer the engine holds: every layer the language builds has one.
  static func kind(of layer: any NNEngine.Layer) -> any LayerKind.Type {
    guard let kind = kind(named: layer.kind) else {
      preconditionFailure("no layer kind is named '\(layer.kind)'")
    }
    return kind
  }

  /// The kinds' names, in order.
  static var names: [String] { all.map { $0.name } }

  /// Every per-layer parameter name of every kind: W b A B ….
  static let parameterNames: Set<String> = Set(all.flatMap { $0.parameterNames })
  /// Every per-layer forward-pass name of every kind: z a ….
  static let passNames: Set<String> = Set(all.flatMap { $0.passNames })
}
