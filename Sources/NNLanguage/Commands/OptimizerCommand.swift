import NNEngine
import NNRender

/// `optimizer sgd | momentum [β] | adam | adamw [λ]`: the rule that turns gradients into steps.
public struct OptimizerCommand: CommandDefinition {
  /// The optimizers by name.
  public enum Name: String, CaseIterable, Sendable { case sgd, momentum, adam, adamw }

  /// AdamW's weight decay unless one is given: PyTorch's default.
  static let defaultWeightDecay = 0.01

  public var optimizer: Optimizer

  static let help = CommandHelp(
    "optimizer", synopsis: "optimizer sgd | momentum [<β>] | adam | adamw [<λ>]",
    summary: "choose how gradients become steps (default sgd)",
    details: """
      sgd        θ := θ − α·g
      momentum   v := β·v + g;  θ := θ − α·v            (β = 0.9 unless given)
      adam       m := β₁·m + (1 − β₁)·g;  s := β₂·s + (1 − β₂)·g²;
                 θ := θ − α·m̂ / (√ŝ + ε), m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)
                 (β₁ = 0.9, β₂ = 0.999, ε = 1e-8; try 'lr 0.01')
      adamw      Adam with decoupled weight decay: θ := θ − α·(m̂ / (√ŝ + ε) + λ·θ),
                 on weights only (not biases or layer norm's gains); λ = 0.01 unless given.
                 Unlike 'l2', the decay is not divided by √ŝ, so every weight decays alike.
      g is ∇J, α the learning rate ('lr'). Choosing an optimizer clears its memory (v, m, s);
      the weights stay.
      """,
    examples: ["optimizer adam", "optimizer momentum 0.9", "optimizer adamw 0.1"],
    seed: "§3.3, §4.1")

  /// optimizer sgd | momentum [<β>] | adam | adamw [<λ>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let name = try parser.expectKeyword(Name.self, "optimizer")
    switch name {
    case .sgd:
      try parser.expectEnd(after: "'sgd'")
      return Command(OptimizerCommand(optimizer: .sgd))
    case .adam:
      try parser.expectEnd(after: "'adam'")
      return Command(OptimizerCommand(optimizer: .adam))
    case .adamw:
      var decay = defaultWeightDecay
      if !parser.isAtEnd {
        let range = parser.currentRange
        decay = try parser.expectNumber("the weight decay λ")
        guard decay >= 0, decay < 1 else {
          throw .syntax(
            "parser.weightDecay", "the weight decay λ must be at least 0 and less than 1",
            at: range, notes: [.init("0.01 (PyTorch's default) or 0.1 (nanoGPT's) are usual")])
        }
      }
      try parser.expectEnd(after: "the weight decay")
      return Command(OptimizerCommand(optimizer: .adamw(weightDecay: decay)))
    case .momentum:
      var beta = 0.9
      if !parser.isAtEnd {
        let range = parser.currentRange
        beta = try parser.expectNumber("the momentum β")
        guard beta >= 0, beta < 1 else {
          throw .syntax(
            "parser.momentum", "the momentum β must be at least 0 and less than 1", at: range,
            notes: [.init("0.9 is usual")])
        }
      }
      try parser.expectEnd(after: "the momentum")
      return Command(OptimizerCommand(optimizer: .momentum(beta: beta)))
    }
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    session.trainer.optimizer = optimizer
    session.trainer.state = nil
    switch optimizer {
    case .sgd: context.say("optimizer: sgd (θ := θ − α·g)")
    case .momentum(let beta):
      context.say(
        "optimizer: momentum with β = \(NumberFormat.scalar(beta)) (v := β·v + g; θ := θ − α·v)")
    case .adam: context.say("optimizer: adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)")
    case .adamw(_, _, _, let λ):
      context.say(
        "optimizer: adamw (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, weight decay λ = \(NumberFormat.scalar(λ)) on weights: θ := θ − α·(m̂ / (√ŝ + ε) + λ·θ))"
      )
    }
  }
}
