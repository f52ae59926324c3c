import NNEngine
import NNRender

/// `gradcheck [parameter]`: backprop's gradients against central differences, on the live network.
public struct GradCheck: CommandDefinition {
  /// One parameter to check, or all.
  public var parameter: String?
  public var range: SourceRange?

  static let help = CommandHelp(
    "gradcheck", synopsis: "gradcheck [<parameter>]",
    summary: "check backprop's gradients against numeric ones: (J(θ + h) − J(θ − h)) / 2h",
    details: """
      For every parameter (or the one named), compares the gradient from backprop with the
      central difference of the loss, and prints the relative error ‖analytic − numeric‖ /
      (‖analytic‖ + ‖numeric‖). Below 1e-6 they agree; a mistake in backprop gives 1e-2 or more.
      A gradient that is almost exactly 0 passes when the two differ by less than 1e-9: the
      numeric estimate cannot resolve anything smaller than its own rounding noise.
      Frozen layers are skipped. 'expect gradcheck < 1e-6' checks the largest error in a lesson.
      """,
    examples: ["gradcheck", "gradcheck W1"], seed: "§3.2, §4.2")

  /// gradcheck [<parameter>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    guard !parser.isAtEnd else { return Command(GradCheck()) }
    let token = try parser.expectWord("a parameter name such as 'W1'")
    try parser.expectEnd(after: "the parameter name")
    return Command(GradCheck(parameter: token.text, range: token.range))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    // Asked before each entry, so Ctrl-C is answered at once; the progress goes in hundredths
    // (at least 10 entries apart).
    let entries =
      session.network.map { $0.layers.reduce(0) { $0 + $1.trainableParameterCount } } ?? 0
    let every = max(10, entries / 100)
    var checked = 0
    var comparisons = try session.gradientCheck(at: context.range) {
      if checked > 0, checked % every == 0 {
        context.say(.progress(ProgressReport(step: checked, of: entries, unit: "parameter")))
      }
      checked += 1
      return context.isCancelled()
    }
    let network = try session.requireLayers(at: context.range)
    if let parameter, let range {
      let parsed = try session.parameter(named: parameter, at: range)
      comparisons = comparisons.filter { $0.name == parameter }
      if comparisons.isEmpty, network.layers[parsed.layer - 1].isFrozen {
        context.say("\(parameter) is in frozen layer \(parsed.layer): not checked")
        return
      }
    }
    let frozen = network.layers.indices.filter { network.layers[$0].isFrozen }.map { $0 + 1 }
    let rows = comparisons.map { c in
      [
        c.name, GradCheck.shape(of: c, in: network),
        NumberFormat.scalar(c.relativeError), NumberFormat.scalar(c.largestDifference),
        c.passes
          ? (c.relativeError < GradientCheck.passThreshold
            ? "pass" : "pass (difference is rounding noise)") : "FAIL",
      ]
    }
    var footer = [
      "threshold: relative error < \(NumberFormat.scalar(GradientCheck.passThreshold)), or a largest difference under \(NumberFormat.scalar(GradientCheck.noiseFloor)) (rounding noise); central differences with h = \(NumberFormat.scalar(GradientCheck.defaultStep))"
    ]
    if !frozen.isEmpty {
      footer.append(
        "skipped: frozen layer\(frozen.count == 1 ? "" : "s") \(frozen.map(String.init).joined(separator: ", "))"
      )
    }
    context.say(
      .table(
        Table(
          header: ["parameter", "shape", "relative error", "largest |difference|", "verdict"],
          rows: rows, footer: footer, rightAligned: [2, 3])))
    let failed = comparisons.filter { !$0.passes }.map(\.name)
    context.say(
      failed.isEmpty
        ? "backprop agrees with the numeric gradients"
        : "backprop disagrees for \(failed.joined(separator: " "))")
  }

  static func shape(of comparison: GradientCheck.Comparison, in network: Network) -> String {
    network.layers[comparison.layer - 1].parameter(named: comparison.parameter)?.shape.description
      ?? "—"
  }
}
