extension Network {
  /// The loss of a language model on the windows of `corpus` that start at `starts`, measured
  /// `batch` windows at a time, in inference mode:
  ///
  ///     J = (1/(n·T)) Σ_windows Σ_positions −log ŷ[the next id]
  ///
  /// the mean over all n·T predictions. Each pass's mean is weighted by its windows (every
  /// window has T predictions), so the result does not depend on `batch`, which only bounds the
  /// memory a pass takes. `shouldStop` is asked before every pass after the first; nil if it
  /// stopped the measurement. `progress` hears how many windows are measured so far.
  public func loss(
    onWindows starts: [Int], of corpus: TokenCorpus, loss: Loss, batch: Int,
    reusing workspace: inout WindowLossWorkspace,
    shouldStop: () -> Bool = { false }, progress: (Int) -> Void = { _ in }
  ) -> Double? {
    precondition(
      batch >= 1 && !starts.isEmpty, "a measurement needs windows and a batch of at least one")
    var total = 0.0
    for first in stride(from: 0, to: starts.count, by: batch) {
      if first > 0, shouldStop() { return nil }
      let chunk = Array(starts[first..<min(first + batch, starts.count)])
      corpus.fillBatch(starts: chunk, inputs: &workspace.pass.input, targets: &workspace.targets)
      forward(into: &workspace.pass)
      total +=
        self.loss(of: workspace.pass, targets: workspace.targets, loss: loss) * Double(chunk.count)
      progress(first + chunk.count)
    }
    return total / Double(starts.count)
  }
}

/// The matrices a measurement on windows writes into (a batch of windows, its forward pass and
/// its targets), reused from one measurement to the next.
public struct WindowLossWorkspace: Sendable {
  var pass = ForwardPass(input: Matrix(rows: 0, columns: 0))
  var targets = Matrix(rows: 0, columns: 0)

  public init() {}
}

extension TokenCorpus {
  /// The starts of windows that tile `part` end to end — its first id, then T on, 2T on … — so
  /// that every id of the part after the first is predicted exactly once, except the last
  /// (count − 1) mod T, which do not fill a window:
  ///
  ///     starts = first + k·T   for k = 0 ..< ⌊(count − 1)/T⌋
  ///
  /// The full measure of a part: its windows do not overlap, so no id counts twice.
  public func tilingStarts(in part: Part) -> [Int] {
    let range = range(of: part)
    return (0..<(range.count - 1) / context).map { range.lowerBound + $0 * context }
  }
}
