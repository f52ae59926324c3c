import NNEngine

extension Network {
  /// Layer `index` (from 0) as the dense layer a test built: tests of dense networks read W and b
  /// directly.
  public func dense(_ index: Int) -> DenseLayer { layers[index].concrete(DenseLayer.self) }

  /// Changes layer `index` (from 0), a dense layer, in place.
  public mutating func changeDense(_ index: Int, _ change: (inout DenseLayer) -> Void) {
    var layer = dense(index)
    change(&layer)
    layers[index] = layer
  }
}

extension ForwardPass {
  /// Layer `index`'s pre-activation z and activation a (dense layers keep these two).
  public func z(_ index: Int) -> Matrix { layers[index].matrices[0] }
  public func a(_ index: Int) -> Matrix { layers[index].output }
}

extension Gradients {
  /// ∇W, ∇b and δ of layer `index` (from 0) of a dense network.
  public func weights(_ index: Int) -> Matrix { layers[index].parameters[0] }
  public func bias(_ index: Int) -> Matrix { layers[index].parameters[1] }
  public func delta(_ index: Int) -> Matrix { layers[index].delta }
}
