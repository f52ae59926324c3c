/// The network's parameters by name, for the commands that take one (`grad W1`, `gradcheck b2`).
extension Session {
  /// Parameter `name` (`W2`, `b1`) of the network: its layer (from 1) and its place in the
  /// layer's list; or an error that lists the parameters.
  func parameter(named name: String, at range: SourceRange) throws(Diagnostic) -> (
    layer: Int, index: Int
  ) {
    _ = try requireLayers(at: range)
    let parameters = parameterNames
    guard parameters.contains(name), case .parameter(let layer, let parameter) = SessionName(name),
      let index = network?.layers[layer - 1].parameters.firstIndex(where: { $0.name == parameter })
    else {
      throw .runtime(
        "runtime.notAParameter", "'\(name)' is not a parameter of this network", at: range,
        notes: Suggestions.note(for: name, among: parameters, at: range)
          + [
            .init(
              "the parameters are \(parameters.joined(separator: " ")); 'grad <expression> wrt <name>' differentiates anything else"
            )
          ])
    }
    return (layer, index)
  }
}
