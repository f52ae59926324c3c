import NNEngine
import NNRender

/// `schedule cosine warmup <w> | schedule none`: how the learning rate moves over a `train`.
public struct Schedule: CommandDefinition {
  public var schedule: LearningRateSchedule

  static let help = CommandHelp(
    "schedule", synopsis: "schedule cosine warmup <w> | schedule none",
    summary: "shape the learning rate over each 'train' (default none: 'lr' throughout)",
    details: """
      cosine   over 'train N', step t (from 1) uses
                 t ≤ w:  α·t/w                                        (warm-up)
                 t > w:  α·(0.1 + 0.9·½·(1 + cos(π·(t − w)/(N − w))))   (down to α/10)
               as nanoGPT trains; α is 'lr'. With mini-batches of samples, t counts epochs.
      none     α at every step.
      """,
    examples: ["schedule cosine warmup 100", "schedule none"], seed: "§3.3")

  /// schedule cosine warmup <w:Int> | schedule none
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    if parser.eat(word: "none") {
      try parser.expectEnd(after: "'none'")
      return Command(Schedule(schedule: .constant))
    }
    try parser.expect(word: "cosine", after: "'schedule' ('cosine' or 'none')")
    try parser.expect(word: "warmup", after: "'cosine'")
    let warmup = try parser.expectInteger("the warm-up steps", in: 0...Limits.epochs)
    try parser.expectEnd(after: "the warm-up steps")
    return Command(Schedule(schedule: .cosine(warmup: warmup)))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.schedule = schedule
    switch schedule {
    case .constant:
      context.say(
        "schedule: none (lr \(NumberFormat.scalar(session.trainer.learningRate)) at every step)")
    case .cosine(let warmup):
      context.say(
        "schedule: cosine, warming up over \(counted(warmup, "step")) to lr \(NumberFormat.scalar(session.trainer.learningRate)), then down to a tenth of it by the end of each 'train'"
      )
    }
  }
}
