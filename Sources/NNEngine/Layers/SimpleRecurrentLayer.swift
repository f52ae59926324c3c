#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A simple (Elman) recurrent layer, Keras's SimpleRNN: one tanh layer applied at every time step
/// to the step's input and to its own previous output.
///
///     h_t = tanh(x_t·Wx + h_{t−1}·Wh + b),   h_0 = 0
///
/// The same Wx (F × H), Wh (H × H) and b (1 × H) serve every step, so the layer has
/// F·H + H·H + H parameters whatever the length of the sequence. PyTorch's nn.RNN has two bias
/// vectors, b_ih and b_hh, which only ever appear as their sum: H more parameters, no more power.
public typealias SimpleRecurrentLayer = RecurrentLayer<SimpleRecurrentCell>

/// The simple recurrent layer's step (Recurrence.swift runs the steps).
public enum SimpleRecurrentCell: RecurrentCell {
  public static let kind = "rnn"
  public static let gates = 1
  /// Every step's state h_t, n × (T·H) (a row per sample), and the output a: h_T, or every h_t.
  public static let passNames = ["h", "a"]

  /// h_t = tanh(u_t + v_t + b), written over u_t.
  public static func forward(_ step: RecurrentStep, recurrent v: MatrixBlock, bias b: Matrix) {
    let h = step.current(0)
    for s in 0..<step.samples {
      for j in 0..<step.units { h[s, j] = tanh(h[s, j] + v[s, j] + b.elements[j]) }
    }
  }

  /// dz_t = dh_t ⊙ (1 − h_t²)   (tanh′ = 1 − tanh²): ∂J/∂u_t and ∂J/∂v_t alike.
  public static func backward(_ step: RecurrentStep, _ d: RecurrentStepGradients) {
    let h = step.current(0)
    for s in 0..<step.samples {
      for j in 0..<step.units { d.input[s, j] = d.state[s, j] * (1 - h[s, j] * h[s, j]) }
    }
  }
}
