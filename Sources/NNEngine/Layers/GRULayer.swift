#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A gated recurrent unit layer (Cho et al., 2014) as Keras computes it by default
/// (`reset_after = true`, the form cuDNN and PyTorch use too).
///
/// Two gates decide how much of the state to keep: z (update) and r (reset). Their inputs come
/// from two products with separate biases, each with the gates in Keras's order z, r, h
/// (each H columns):
///
///     u_t = x_t·Wx + b_x          (the input's part,  n × 3H; b_x is row 0 of b)
///     v_t = h_{t−1}·Wh + b_h      (the state's part,  n × 3H; b_h is row 1 of b)
///     z = σ(u_z + v_z)   r = σ(u_r + v_r)   n = tanh(u_h + r ⊙ v_h)
///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
///
/// "Reset after" means r multiplies v_h, the state's product, after it is computed; that is why
/// the recurrent part needs its own bias and b is 2 × 3H. Parameters: 3·(F·H + H·H + 2H), the
/// same count as PyTorch's nn.GRU (its b_ih and b_hh are these two rows; its gates are in the
/// order r, z, n).
public typealias GRULayer = RecurrentLayer<GRUCell>

/// The GRU's step (Recurrence.swift runs the steps).
public enum GRUCell: RecurrentCell {
  public static let kind = "gru"
  public static let gates = 3
  /// b_x and b_h.
  public static let biasRows = 2
  /// h_t = z ⊙ h_{t−1} + …
  public static let readsPreviousState = true
  /// Each step's gates after their activations (z, r, n side by side, n × T·3H), the state's part
  /// of the candidate before r scales it, v_h = h_{t−1}·Wh_h + b_h (n × T·H), the states h_t
  /// (n × T·H), a row per sample; and the layer's output a: h_T, or every h_t.
  public static let passNames = ["gates", "v", "h", "a"]

  /// The gates from u_t + b_x and v_t + b_h (written over u_t), v_h, and h_t.
  public static func forward(_ step: RecurrentStep, recurrent v: MatrixBlock, bias b: Matrix) {
    let (gates, candidates, states, previous) = (
      step.current(0), step.current(1), step.current(2), step.previous(2)
    )
    let width = step.units
    for s in 0..<step.samples {
      for j in 0..<width {
        // A gate's input part u + b_x and its state part v + b_h.
        func input(_ gate: Int) -> Double { gates[s, gate * width + j] + b[0, gate * width + j] }
        func state(_ gate: Int) -> Double { v[s, gate * width + j] + b[1, gate * width + j] }
        let z = Activation.sigmoid(input(0) + state(0))
        let r = Activation.sigmoid(input(1) + state(1))
        let vh = state(2)
        let proposal = tanh(input(2) + r * vh)
        states[s, j] = z * (previous?[s, j] ?? 0) + (1 - z) * proposal
        (gates[s, j], gates[s, width + j], gates[s, 2 * width + j]) = (z, r, proposal)
        candidates[s, j] = vh
      }
    }
  }

  /// With dh the state's gradient (from the output, plus what step t + 1 sends back):
  ///
  ///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n:   dz = dh ⊙ (h_{t−1} − n),   dn = dh ⊙ (1 − z),
  ///                                          and dh ⊙ z goes straight back to h_{t−1}
  ///     n = tanh(a), a = u_h + r ⊙ v_h:      da = dn ⊙ (1 − n²),  dr = da ⊙ v_h,  dv_h = da ⊙ r
  ///     z = σ(u_z + v_z), r = σ(u_r + v_r):  du_z = dv_z = dz ⊙ z(1 − z),  du_r = dv_r = dr ⊙ r(1 − r)
  ///     du_h = da
  ///
  /// so du = [du_z, du_r, da] and dv = [du_z, du_r, da ⊙ r]; then dh_{t−1} = dh ⊙ z + dv·Whᵀ.
  public static func backward(_ step: RecurrentStep, _ d: RecurrentStepGradients) {
    let (gates, candidates, previous) = (step.current(0), step.current(1), step.previous(2))
    let width = step.units
    for s in 0..<step.samples {
      for j in 0..<width {
        let (z, r, proposal) = (gates[s, j], gates[s, width + j], gates[s, 2 * width + j])
        let dh = d.state[s, j]
        let dz = dh * ((previous?[s, j] ?? 0) - proposal) * z * (1 - z)
        let da = dh * (1 - z) * (1 - proposal * proposal)
        let dr = da * candidates[s, j] * r * (1 - r)
        (d.input[s, j], d.input[s, width + j], d.input[s, 2 * width + j]) = (dz, dr, da)
        (d.recurrent[s, j], d.recurrent[s, width + j], d.recurrent[s, 2 * width + j]) = (
          dz, dr, da * r
        )
        d.skip[s, j] = dh * z
      }
    }
  }
}
