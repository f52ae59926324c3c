/// Sequence tasks that cannot be done without memory: the answer depends on steps the network
/// saw earlier, so a recurrent layer must carry them in its state (and a dense layer must see the
/// whole sequence at once). Each sample is T steps of F features, one row of T·F numbers.
extension Dataset {
  /// `count` sequences of `steps` random bits (F = 1); the label is the parity of the last `k`
  /// bits: 1 if an odd number of them are 1. With k = 1 it is only the last bit; each step back
  /// doubles the patterns the network must tell apart.
  public static func parity(count: Int, steps: Int, last k: Int, using g: inout SeededGenerator)
    -> Dataset
  {
    precondition(k >= 1 && k <= steps, "the parity is over 1 to T steps")
    var inputs = Matrix(rows: count, columns: steps)
    var labels: [Int] = []
    for i in 0..<count {
      for t in 0..<steps { inputs[i, t] = Double(g.next() % 2) }
      labels.append(((steps - k)..<steps).reduce(0) { $0 + Int(inputs[i, $1]) } % 2)
    }
    return Dataset(inputs: inputs, labels: .classes(labels))
  }

  /// `count` sequences of `steps` numbers uniform in [0, 1] (F = 1); the target is the sum of the
  /// last `k` of them: a regression that needs the last k steps remembered and added.
  public static func sumOfLast(count: Int, steps: Int, last k: Int, using g: inout SeededGenerator)
    -> Dataset
  {
    precondition(k >= 1 && k <= steps, "the sum is over 1 to T steps")
    var inputs = Matrix(rows: count, columns: steps)
    var targets = Matrix(rows: count, columns: 1)
    for i in 0..<count {
      for t in 0..<steps { inputs[i, t] = g.nextUniform() }
      targets[i, 0] = ((steps - k)..<steps).reduce(0) { $0 + inputs[i, $1] }
    }
    return Dataset(inputs: inputs, labels: .targets(targets))
  }

  /// `count` sequences of `steps` symbols, each one-hot over `symbols` features (F = symbols);
  /// the label is the first symbol, seen T − 1 steps before the end: the network must carry it
  /// through every later step unchanged, the longest memory a sequence of T can ask for.
  public static func echo(count: Int, steps: Int, symbols: Int, using g: inout SeededGenerator)
    -> Dataset
  {
    precondition(steps >= 1 && symbols >= 2, "an echo needs a step and two symbols")
    var inputs = Matrix(rows: count, columns: steps * symbols)
    var labels: [Int] = []
    for i in 0..<count {
      for t in 0..<steps {
        let symbol = Int(g.next() % UInt64(symbols))
        inputs[i, t * symbols + symbol] = 1
        if t == 0 { labels.append(symbol) }
      }
    }
    return Dataset(inputs: inputs, labels: .classes(labels))
  }
}
