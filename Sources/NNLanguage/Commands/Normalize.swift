import NNEngine
import NNRender

/// `normalize`: every feature to mean 0 and standard deviation 1.
public struct Normalize: CommandDefinition {
  static let help = CommandHelp(
    "normalize", synopsis: "normalize",
    summary: "rescale each feature to mean 0 and standard deviation 1 (x − mean) / std",
    details: """
      Features on very different scales make gradient descent zig-zag; after this they share one.
      The means and deviations come from the training data and are applied to the test data too.
      """,
    examples: ["normalize"])

  /// normalize
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    try parser.expectEnd(after: "'normalize'")
    return .normalize(Normalize())
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let data = try session.requireData(at: context.range)
    let (means, deviations) = data.featureStatistics
    session.data = data.standardized(means: means, deviations: deviations)
    session.testData = session.testData?.standardized(means: means, deviations: deviations)
    session.dataChanged()
    let list = { (values: [Double]) in values.map { NumberFormat.scalar($0, digits: 4) }.joined(separator: ", ") }
    context.say("normalized \(counted(means.count, "feature")): means [\(list(means))], deviations [\(list(deviations))]")
  }
}
