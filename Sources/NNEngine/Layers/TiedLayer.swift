/// A layer that computes with a parameter of a layer below it instead of one of its own: weight
/// tying. GPT-2's output head multiplies by the token embedding's table E (logits = x·Eᵀ), so
/// the model learns one table that both reads tokens in and scores them out (Press & Wolf 2017,
/// "Using the Output Embedding to Improve Language Models").
///
/// Layers are values, so two layers cannot hold one matrix. The network owns the parameter where
/// it was declared (the embedding's `E`) and lends it to the tied layer for each pass:
///
/// - forward: `lending(from: layers)` gives this layer with the parameter's current value, and
///   that copy runs `forward` as any layer does; the copy is dropped after the pass, so nothing
///   keeps a second reference to E and the optimizer still steps it in place.
/// - backward: the lent copy runs `backward`, writing the gradient of its own (empty) parameter
///   list and, in `gradients.workspace[0]`, its share of the shared parameter's gradient; after
///   the owner's backward pass, `Network.backward` adds that share to the owner's gradient, so
///   ∇E = (the embedding's share) + (the head's share), which is what the loss's dependence on E
///   through both layers gives.
///
/// Everything else — the optimizer, L2, clipping, freezing, `gradcheck`, the model file — sees
/// only the owner's parameter: the tied layer lists no parameters, so it counts 0 of them.
public protocol TiedLayer: Layer {
  /// The parameter it computes with: which layer owns it and where it is in that layer's list.
  var tie: ParameterTie { get }
  /// This layer with the tied parameter's current value, read from `layers` (the network's,
  /// this one among them), lent to it: it then computes as any layer.
  func lending(from layers: [any Layer]) -> Self
}

/// Where a tied layer's parameter lives: parameter number `parameter` (its place in the layer's
/// `parameters`) of layer number `layer`, both counted from 0.
public struct ParameterTie: Equatable, Hashable, Sendable {
  public var layer: Int
  public var parameter: Int

  public init(layer: Int, parameter: Int) {
    self.layer = layer
    self.parameter = parameter
  }
}
