/// Training data: the inputs `X`, one sample per row, and what the network should output for each.
public struct Dataset: Equatable, Sendable {
  /// The inputs, n samples × d features.
  public var inputs: Matrix
  /// The labels: one class number per sample, or one target row per sample.
  public var labels: Labels

  /// What a data set says the right answers are.
  public enum Labels: Equatable, Sendable {
    /// A class number (0, 1, 2, …) per sample, as in the seed's `y = [0, 1, 1, 0]`.
    case classes([Int])
    /// A row of target values per sample (n × outputs), for regression or given one-hot rows.
    case targets(Matrix)
  }

  public init(inputs: Matrix, labels: Labels) {
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of samples.
  public var count: Int { inputs.rows }

  /// The target matrix `Y` for a network with `outputWidth` outputs.
  ///
  /// Class numbers become one-hot rows when there are several outputs (class k sets column k to 1),
  /// and a column of 0s and 1s when there is one output (a yes/no probability).
  public func targets(outputWidth: Int) throws(EngineError) -> Matrix {
    switch labels {
    case .targets(let rows):
      guard rows.columns == outputWidth else {
        throw .targetWidthMismatch(targets: rows.columns, outputs: outputWidth)
      }
      return rows
    case .classes(let classes):
      let classCount = outputWidth == 1 ? 2 : outputWidth
      if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
        throw .labelOutOfRange(label: classes[bad], sample: bad, outputs: outputWidth)
      }
      if outputWidth == 1 { return Matrix(column: classes.map(Double.init)) }
      var oneHot = Matrix(rows: classes.count, columns: outputWidth)
      for (i, label) in classes.enumerated() { oneHot[i, label] = 1 }
      return oneHot
    }
  }

  /// The class numbers, if the labels are classes.
  public var classes: [Int]? {
    if case .classes(let classes) = labels { return classes }
    return nil
  }
}

extension Dataset {
  /// True XOR on the four corners of the unit square: the label is 1 when exactly one input is 1.
  /// No straight line separates the classes, so a network needs a hidden layer to learn it.
  public static let xor = Dataset(
    inputs: Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]), labels: .classes([0, 1, 1, 0]))

  /// The seed document's §5.2 data, as written: X = [[1,0],[0,1],[1,1],[0,0]], y = [0,1,1,0].
  /// The document calls it XOR, but each label copies the second input (XOR of these rows is
  /// [1,1,0,0]), so it is linearly separable.
  public static let document = Dataset(
    inputs: Matrix([[1, 0], [0, 1], [1, 1], [0, 0]]), labels: .classes([0, 1, 1, 0]))
}
