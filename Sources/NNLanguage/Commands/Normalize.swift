import NNEngine
import NNRender

/// `normalize`: every feature to mean 0 and standard deviation 1.
public struct Normalize: CommandWithoutArguments {
  static let help = CommandHelp(
    "normalize", synopsis: "normalize",
    summary: "rescale each feature to mean 0 and standard deviation 1 (x − mean) / std",
    details: """
      Features on very different scales make gradient descent zig-zag; after this they share one.
      The means and deviations come from the training data and are applied to the test data too;
      a 'split' after 'normalize' measures them again on its own training samples, so nothing
      about the held-out samples leaks into training.
      """,
    examples: ["normalize"])

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let data = try session.requireData(at: context.range)
    let scaling = FeatureScaling(of: data)
    // Normalizing twice composes the two, so that 'split' can still undo them as one.
    let earlier = session.normalization.flatMap {
      $0.recognizes(session.samples(before: data)) ? $0.scaling : nil
    }
    let scaled = scaling.applied(to: data)
    session.data = scaled
    session.testData = session.testData.map(scaling.applied)
    session.normalization = Normalization(
      scaling: earlier?.followed(by: scaling) ?? scaling, leaving: session.samples(before: scaled))
    session.dataChanged()
    let rows = session.testData == nil ? "" : " of the \(counted(data.count, "training sample"))"
    context.say(
      "normalized \(counted(data.inputs.columns, "feature"))\(rows): \(FeatureScaling(of: data).description)"
    )
  }
}

/// What `normalize` did to the features, and how it left the samples (training and test
/// together): `split` recognises them by that, and redoes the scaling on its training samples.
public struct Normalization: Equatable, Sendable {
  /// The scaling from the data as loaded to the data now.
  public var scaling: FeatureScaling
  /// The statistics of every sample after scaling; a new data set has other ones.
  var statistics: FeatureScaling

  init(scaling: FeatureScaling, leaving samples: Dataset) {
    self.scaling = scaling
    statistics = FeatureScaling(of: samples)
  }

  /// Whether `samples` are the ones this normalization left, perhaps in another order.
  func recognizes(_ samples: Dataset) -> Bool {
    let now = FeatureScaling(of: samples)
    let close = { (a: [Double], b: [Double]) in
      a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }
    return close(now.means, statistics.means) && close(now.deviations, statistics.deviations)
  }
}

extension Session {
  /// `training` and the test samples together.
  func samples(before training: Dataset) -> Dataset {
    testData.map { Split.joined(training, $0) } ?? training
  }
}

/// Each feature shifted by a mean and divided by a standard deviation: z = (x − mean) / std.
public struct FeatureScaling: Equatable, Sendable {
  public var means: [Double]
  public var deviations: [Double]

  /// The statistics of `data`'s features.
  init(of data: Dataset) { (means, deviations) = data.featureStatistics }

  init(means: [Double], deviations: [Double]) {
    (self.means, self.deviations) = (means, deviations)
  }

  /// `data` with every feature scaled (a feature that never varies is only shifted).
  func applied(to data: Dataset) -> Dataset {
    data.standardized(means: means, deviations: deviations)
  }

  /// `data` as it was before scaling: x = z · std + mean.
  func undone(on data: Dataset) -> Dataset {
    data.standardized(
      means: zip(means, deviations).map { -$0 / divisor($1) },
      deviations: deviations.map { 1 / divisor($0) })
  }

  /// This scaling, then `next`, as one: x ↦ ((x − m₁)/d₁ − m₂)/d₂ = (x − (m₁ + m₂·d₁)) / (d₁·d₂).
  func followed(by next: FeatureScaling) -> FeatureScaling {
    FeatureScaling(
      means: means.indices.map { means[$0] + next.means[$0] * divisor(deviations[$0]) },
      deviations: deviations.indices.map { divisor(deviations[$0]) * divisor(next.deviations[$0]) })
  }

  /// "means [0.1, 2], deviations [1, 0.5]", to four digits.
  var description: String {
    let list = { (values: [Double]) in
      values.map { NumberFormat.scalar($0, digits: 4) }.joined(separator: ", ")
    }
    return "means [\(list(means))], deviations [\(list(deviations))]"
  }

  /// What a deviation divides by: itself, or 1 for a feature that never varies.
  private func divisor(_ deviation: Double) -> Double { deviation > 0 ? deviation : 1 }
}
