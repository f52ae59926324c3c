/// Sizes past which a request is refused with a message instead of filling the machine's memory
/// or running for hours. They are generous for teaching: MNIST-sized networks fit easily.
enum Limits {
  /// Units in one layer, or features in one sample.
  static let width = 100_000
  /// Numbers in a network's parameters or in one matrix an expression computes, unless the
  /// session says otherwise (`--max-memory`): 50 million Doubles take 400 MB.
  public static let defaultNumbers = 50_000_000
  /// Samples in one data set.
  static let samples = 1_000_000
  /// Epochs in one `train`.
  static let epochs = 10_000_000
  /// Parameters `gradcheck` checks at once: each takes two passes over the data.
  static let gradientCheckEntries = 20_000
  /// How many operations deep an expression may nest (brackets, calls, and the steps of a long
  /// chain such as `1 + 1 + …`): deeper would overflow the stack of the parser, the evaluator or
  /// the tree's destruction.
  static let expressionDepth = 1_000
  /// How deep brackets, function calls and minus signs may nest inside one another: each level
  /// is several nested calls of the parser, so this bound is lower.
  static let nesting = 100
  /// The most operations a formula kept by `let` may have: `let a = a + a`, repeated, would
  /// otherwise double it every line.
  static let formulaSize = 10_000
  /// The largest seed: every whole number up to 2⁵³ is exact in a Double.
  static let seed = 9_007_199_254_740_992
}
