#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A long short-term memory layer (Hochreiter and Schmidhuber, 1997) as Keras computes it.
///
/// Besides its output h it carries a cell c, which changes only by what three gates let through.
/// At every step one product gives the four gates' pre-activations, side by side in Keras's
/// order i, f, c, o (each H columns):
///
///     z_t = x_t·Wx + h_{t−1}·Wh + b                       Wx F × 4H, Wh H × 4H, b 1 × 4H
///     i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
///     c_t = f ⊙ c_{t−1} + i ⊙ g                            forget some, write some
///     h_t = o ⊙ tanh(c_t)                                  show some
///
/// with h_0 = c_0 = 0. That is four simple RNN layers' worth of weights, 4·(F·H + H·H + H);
/// PyTorch's nn.LSTM adds a second bias of 4H (b_hh), which only ever appears summed with b_ih.
public typealias LSTMLayer = RecurrentLayer<LSTMCell>

/// The LSTM's step (Recurrence.swift runs the steps).
public enum LSTMCell: RecurrentCell {
  public static let kind = "lstm"
  public static let gates = 4
  /// Each step's gates after their activations (i, f, g, o side by side, n × T·4H), cells c_t and
  /// outputs h_t (n × T·H), a row per sample; and the layer's output a: h_T, or every h_t.
  public static let passNames = ["gates", "c", "h", "a"]

  /// Zeros but the forget gate's, which start at 1 as in Keras (`unit_forget_bias`): the cell
  /// remembers by default until training teaches it to forget.
  public static func initialBias(units: Int) -> Matrix {
    var bias = Matrix(rows: 1, columns: 4 * units)
    for j in units..<(2 * units) { bias[0, j] = 1 }
    return bias
  }

  /// z = u_t + v_t + b, then the gates (written over u_t), c_t and h_t.
  public static func forward(_ step: RecurrentStep, recurrent v: MatrixBlock, bias b: Matrix) {
    let (gates, cells, states, previousCells) = (
      step.current(0), step.current(1), step.current(2), step.previous(1)
    )
    let width = step.units
    for s in 0..<step.samples {
      for j in 0..<width {
        func z(_ gate: Int) -> Double {
          gates[s, gate * width + j] + v[s, gate * width + j] + b.elements[gate * width + j]
        }
        let (i, f, g, o) = (
          Activation.sigmoid(z(0)), Activation.sigmoid(z(1)), tanh(z(2)), Activation.sigmoid(z(3))
        )
        cells[s, j] = f * (previousCells?[s, j] ?? 0) + i * g
        states[s, j] = o * tanh(cells[s, j])
        (gates[s, j], gates[s, width + j], gates[s, 2 * width + j], gates[s, 3 * width + j]) = (
          i, f, g, o
        )
      }
    }
  }

  /// Two gradients flow back from step t + 1: dh (through Wh, as in a simple RNN) and dc (through
  /// c_{t+1} = f ⊙ c_t + …, carried from step to step). At step t:
  ///
  ///     h_t = o ⊙ tanh(c_t):          do = dh ⊙ tanh(c_t)
  ///                                   dc = dc_{t+1}·f_{t+1} + dh ⊙ o ⊙ (1 − tanh²(c_t))
  ///     c_t = f ⊙ c_{t−1} + i ⊙ g:    di = dc ⊙ g,  df = dc ⊙ c_{t−1},  dg = dc ⊙ i
  ///     through the activations:      dz_i = di ⊙ i(1 − i), dz_f = df ⊙ f(1 − f),
  ///                                   dz_c = dg ⊙ (1 − g²),  dz_o = do ⊙ o(1 − o)
  public static func backward(_ step: RecurrentStep, _ d: RecurrentStepGradients) {
    let (gates, cells, previousCells) = (step.current(0), step.current(1), step.previous(1))
    let width = step.units
    for s in 0..<step.samples {
      for j in 0..<width {
        let (i, f) = (gates[s, j], gates[s, width + j])
        let (g, o) = (gates[s, 2 * width + j], gates[s, 3 * width + j])
        let tanhC = tanh(cells[s, j])
        let dOut = d.state[s, j] * tanhC
        let dc = d.carried[s, j] + d.state[s, j] * o * (1 - tanhC * tanhC)
        d.input[s, j] = dc * g * i * (1 - i)
        d.input[s, width + j] = dc * (previousCells?[s, j] ?? 0) * f * (1 - f)
        d.input[s, 2 * width + j] = dc * i * (1 - g * g)
        d.input[s, 3 * width + j] = dOut * o * (1 - o)
        // c_t = f ⊙ c_{t−1} + …: the cell's gradient one step further back
        d.carried[s, j] = dc * f
      }
    }
  }
}
