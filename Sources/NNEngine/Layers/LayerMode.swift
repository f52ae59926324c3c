/// Whether a forward pass is part of training or of using the network.
///
/// Most layers compute the same either way. Two do not: dropout drops units only while training,
/// and batch normalization normalizes with the batch's own statistics while training but with
/// the running statistics it has kept once trained (a prediction for one sample cannot depend on
/// which other samples share its batch).
public enum LayerMode: Equatable, Sendable {
  case training
  case inference
}
