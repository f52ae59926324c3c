extension Network {
  /// Clipping by global norm: the gradient of every trainable parameter, taken together as one
  /// vector g, is scaled down to length c if it is longer,
  ///
  ///     ‖g‖ = √(Σ g²)        g := g · c/‖g‖   when ‖g‖ > c
  ///
  /// so a rare huge gradient (a spike in a language model's loss) moves the weights no further
  /// than c, and in the same direction. Returns ‖g‖ before clipping. Visits the parameters in
  /// place and changes none.
  @discardableResult
  public mutating func clipGradients(toNorm c: Double, in gradients: inout Gradients) -> Double {
    var sumOfSquares = 0.0
    for l in layers.indices {
      layers[l].updateTrainableParameters { index, _, _ in
        for g in gradients.layers[l].parameters[index].elements { sumOfSquares += g * g }
      }
    }
    let norm = sumOfSquares.squareRoot()
    guard norm > c else { return norm }
    let scale = c / norm
    for l in layers.indices {
      layers[l].updateTrainableParameters { index, _, _ in
        for k in gradients.layers[l].parameters[index].elements.indices {
          gradients.layers[l].parameters[index].elements[k] *= scale
        }
      }
    }
    return norm
  }
}
