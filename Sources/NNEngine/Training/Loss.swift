#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How far a network's outputs `ŷ` are from the targets `y`, as one number `J` to make smaller.
///
/// Both losses are a *mean over the n samples* (rows) and a *sum over the outputs* (columns), so
/// the loss and its best learning rate do not change with the size of the data set. (Seed §4.4
/// writes a sum over samples, which is n times larger.)
public enum Loss: String, CaseIterable, Sendable {
  /// Mean squared error: J = (1/n) Σᵢ ½ Σⱼ (ŷᵢⱼ − yᵢⱼ)²; ∂J/∂ŷ = (ŷ − y)/n.
  case mse
  /// Cross-entropy. After a softmax output (classes): J = −(1/n) Σᵢ Σⱼ yᵢⱼ·log ŷᵢⱼ.
  /// After any other output, each output is a yes/no probability (binary cross-entropy):
  /// J = −(1/n) Σᵢ Σⱼ [yᵢⱼ·log ŷᵢⱼ + (1 − yᵢⱼ)·log(1 − ŷᵢⱼ)].
  /// Both need outputs in (0, 1): use it after softmax or sigmoid.
  case crossentropy

  /// The loss of a forward pass whose output layer has pre-activation `z`, activation `a = ŷ`
  /// and the given activation function.
  public func value(z: Matrix, a: Matrix, targets y: Matrix, output activation: Activation)
    -> Double
  {
    let n = Double(a.rows)
    switch (self, activation) {
    case (.mse, _):
      return (a - y).elements.reduce(0) { $0 + 0.5 * $1 * $1 } / n
    case (.crossentropy, .softmax):
      // log ŷⱼ = zⱼ − log Σₖ e^(zₖ), computed from z so that a tiny ŷ does not round to log 0.
      var total = 0.0
      for i in 0..<z.rows {
        let logSum = Loss.logSumExp(z, row: i)
        for j in 0..<z.columns where y[i, j] != 0 { total -= y[i, j] * (z[i, j] - logSum) }
      }
      return total / n
    case (.crossentropy, .sigmoid):
      // log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z), exact for large |z|.
      var total = 0.0
      for (zij, yij) in zip(z.elements, y.elements) {
        total += yij * Loss.softplus(-zij) + (1 - yij) * Loss.softplus(zij)
      }
      return total / n
    case (.crossentropy, _):
      var total = 0.0
      for (p, t) in zip(a.elements, y.elements) { total -= t * log(p) + (1 - t) * log(1 - p) }
      return total / n
    }
  }

  /// The output delta δ = ∂J/∂z of the output layer: where backpropagation starts.
  ///
  /// Two pairs have a famous short form, because the activation's derivative cancels the loss's
  /// denominator: softmax with cross-entropy, and sigmoid with binary cross-entropy, both give
  /// δ = (ŷ − y)/n. (For softmax this needs each target row to sum to 1, as a one-hot row does; the
  /// general form used here is δ = (ŷ·Σⱼyⱼ − y)/n.) Every other pair is the chain rule:
  /// δ = f′ applied to ∂J/∂ŷ.
  public func outputDelta(z: Matrix, a: Matrix, targets y: Matrix, output activation: Activation)
    -> Matrix
  {
    var delta = Matrix(rows: a.rows, columns: a.columns)
    outputDelta(z: z, a: a, targets: y, output: activation, into: &delta)
    return delta
  }

  /// Writes the output delta into `delta`, reusing its storage (see `outputDelta(z:a:targets:output:)`).
  public func outputDelta(
    z: Matrix, a: Matrix, targets y: Matrix, output activation: Activation, into delta: inout Matrix
  ) {
    precondition(a.shape == y.shape, "outputs \(a.shape) and targets \(y.shape) differ")
    delta.ensureShape(rows: a.rows, columns: a.columns)
    let n = Double(a.rows)
    let width = a.columns
    switch (self, activation) {
    case (.crossentropy, .softmax):
      for i in 0..<a.rows {
        let row = (i * width)..<((i + 1) * width)
        let targetSum = y.elements[row].reduce(0, +)
        for k in row { delta.elements[k] = (a.elements[k] * targetSum - y.elements[k]) / n }
      }
    case (.crossentropy, .sigmoid):
      for k in a.elements.indices { delta.elements[k] = (1 / n) * (a.elements[k] - y.elements[k]) }
    case (.crossentropy, _):
      for k in a.elements.indices {
        let (p, t) = (a.elements[k], y.elements[k])
        delta.elements[k] = (p - t) / (p * (1 - p)) / n
      }
      activation.backpropagate(&delta, z: z, a: a)
    case (.mse, _):
      for k in a.elements.indices { delta.elements[k] = (1 / n) * (a.elements[k] - y.elements[k]) }
      activation.backpropagate(&delta, z: z, a: a)
    }
  }

  /// log Σⱼ e^(z[row, j]), shifted by the row's largest entry so that nothing overflows.
  static func logSumExp(_ z: Matrix, row i: Int) -> Double {
    var largest = -Double.infinity
    for j in 0..<z.columns { largest = max(largest, z[i, j]) }
    var total = 0.0
    for j in 0..<z.columns { total += exp(z[i, j] - largest) }
    return largest + log(total)
  }

  /// softplus(x) = log(1 + eˣ), without overflow for large x.
  static func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
  }
}
