/// What the three recurrent layers (rnn, lstm, gru) share: how their states become an output, how
/// the output's gradient becomes one gradient per step, and the states each step started from.
///
/// All three keep their states in time-major order (see Matrix+Steps.swift): a (T·n) × H matrix
/// whose block t (rows t·n ..< (t+1)·n) is h_t for every sample.
enum Recurrence {
  /// The layer's output: every h_t as an n × (T·H) sequence when `sequences`, else h_T alone (n × H).
  static func output(states: Matrix, steps: Int, sequences: Bool) -> Matrix {
    let n = states.rows / steps
    return sequences ? states.batchMajor(steps: steps) : states.rowBlock(steps - 1, size: n)
  }

  /// ∂J/∂h_t from outside the layer, one block per step: the output's gradient in time-major order,
  /// or zeros but for the last step when only h_T was the output.
  static func stateGradients(_ dOutput: Matrix, steps: Int, units: Int, sequences: Bool) -> Matrix {
    if sequences { return dOutput.timeMajor(steps: steps) }
    var dStates = Matrix(rows: steps * dOutput.rows, columns: units)
    dStates.setRowBlock(steps - 1, to: dOutput)
    return dStates
  }

  /// The state each step started from, h_{t−1}, in the same layout: block t is block t − 1 of
  /// `states`, and block 0 is h_0 = 0. It lets ∂J/∂Wh = Σ_t h_{t−1}ᵀ·dz_t be one product.
  static func previousStates(_ states: Matrix, samples n: Int) -> Matrix {
    var previous = Matrix(rows: states.rows, columns: states.columns)
    let shifted = states.elements.count - n * states.columns
    previous.elements.replaceSubrange((n * states.columns)..., with: states.elements[..<shifted])
    return previous
  }
}
