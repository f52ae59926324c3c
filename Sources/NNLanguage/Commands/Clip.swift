import NNEngine
import NNRender

/// `clip <c> | clip none`: gradient clipping by global norm.
public struct Clip: CommandDefinition {
  /// The longest the whole gradient may be; nil: no clipping.
  public var norm: Double?

  static let help = CommandHelp(
    "clip", synopsis: "clip <c> | clip none",
    summary: "clip the gradient by its global norm before each update (default none)",
    details: """
      ‖g‖ = √(Σ g²) over every trainable parameter together; when ‖g‖ > c, every gradient is
      scaled by c/‖g‖, so the step keeps its direction but is no longer than a step of length c
      would be. Language models use 'clip 1.0' so a rare spike in the loss does not undo training.
      """,
    examples: ["clip 1.0", "clip none"], seed: "§3.3")

  /// clip <c:Double> | clip none
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.eat(word: "none") {
      try parser.expectEnd(after: "'none'")
      return Command(Clip(norm: nil))
    }
    let range = parser.currentRange
    let norm = try parser.expectNumber("the largest gradient norm (or 'none')")
    guard norm > 0, norm.isFinite else {
      throw .syntax(
        "parser.clipNorm", "the gradient norm to clip at must be more than 0", at: range,
        notes: [.init("1.0 is usual; 'clip none' turns clipping off")])
    }
    try parser.expectEnd(after: "the norm")
    return Command(Clip(norm: norm))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.clipNorm = norm
    context.say(
      norm.map {
        "clip: gradients scaled to a global norm of at most \(NumberFormat.scalar($0)) (g := g·c/‖g‖ when ‖g‖ > c)"
      } ?? "clip: none")
  }
}
