extension Layer {
  /// This layer as the type that its `kind` promises (`"dense"` is a `DenseLayer`). Code that
  /// chose a layer by its kind asks for that type; another type there is a bug in nnrepl, not in
  /// a student's input, so it stops with a message naming both.
  public func concrete<Concrete>(_ type: Concrete.Type) -> Concrete {
    guard let layer = self as? Concrete else {
      preconditionFailure("a '\(kind)' layer (\(Self.self)) is not a \(Concrete.self)")
    }
    return layer
  }
}
