import Foundation
import NNEngine
import Testing

/// AdamW, clipping by global norm and the cosine schedule, against numbers worked by hand.
@Suite("adamw, clipping and the learning-rate schedule")
struct TrainingRulesTests {
  /// A 2→1 dense layer with W = [[1], [-2]], b = [0.5].
  func network() -> Network {
    Network(
      inputWidth: 2,
      layers: [
        DenseLayer(
          weights: Matrix([[1], [-2]]), bias: Matrix([[0.5]]), activation: .linear,
          inputShape: .features(2))
      ])
  }

  func gradients(_ w: [Double], _ b: Double) -> Gradients {
    var gradients = Gradients(layerCount: 1)
    gradients.layers[0].parameters = [Matrix(column: w), Matrix([[b]])]
    return gradients
  }

  @Test("adamw's first step: θ − α·(m̂/(√ŝ + ε) + λ·θ), with the decay on W and not on b")
  func adamwByHand() throws {
    var net = network()
    var state = OptimizerState(for: net)
    let (α, λ) = (0.1, 0.5)
    net.update(
      along: gradients([0.2, -4], 3), optimizer: .adamw(weightDecay: λ), learningRate: α,
      state: &state)
    // Step 1: m̂ = g and ŝ = g², so m̂/(√ŝ + ε) = g/(|g| + 1e-8), almost sign(g).
    let step = { (g: Double) in g / (abs(g) + 1e-8) }
    let w = try #require(net.layers[0].parameter(named: "W"))
    let b = try #require(net.layers[0].parameter(named: "b"))
    #expect(abs(w[0, 0] - (1 - α * (step(0.2) + λ * 1))) < 1e-15)
    #expect(abs(w[1, 0] - (-2 - α * (step(-4) + λ * -2))) < 1e-15)
    #expect(abs(b[0, 0] - (0.5 - α * step(3))) < 1e-15, "biases do not decay")
    // Step 2, by hand: m = 0.9·m + 0.1·g, s = 0.999·s + 0.001·g², corrected by 1 − β^2.
    let (g1, g2, θ1) = (0.2, 1.0, w[0, 0])
    net.update(
      along: gradients([g2, 0], 0), optimizer: .adamw(weightDecay: λ), learningRate: α,
      state: &state)
    let m = (0.9 * (0.1 * g1) + 0.1 * g2) / (1 - 0.81)
    let s = (0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2) / (1 - 0.999 * 0.999)
    let expected = θ1 - α * (m / (s.squareRoot() + 1e-8) + λ * θ1)
    #expect(abs(try #require(net.layers[0].parameter(named: "W"))[0, 0] - expected) < 1e-14)
  }

  @Test("adamw with λ = 0 is adam")
  func adamwWithoutDecay() {
    var (a, b) = (network(), network())
    var (sa, sb) = (OptimizerState(for: a), OptimizerState(for: b))
    for g in [[0.3, -1.0], [2.0, 0.5]] {
      a.update(along: gradients(g, 1), optimizer: .adam, learningRate: 0.01, state: &sa)
      b.update(
        along: gradients(g, 1), optimizer: .adamw(weightDecay: 0), learningRate: 0.01, state: &sb)
    }
    #expect(a == b)
  }

  @Test("clipping scales the whole gradient to norm c and leaves a shorter one alone")
  func clipping() {
    var net = network()
    var long = gradients([3, 0], 4)  // ‖g‖ = 5
    #expect(net.clipGradients(toNorm: 1, in: &long) == 5)
    let clipped = long.layers[0].parameters.flatMap(\.elements)
    #expect(zip(clipped, [0.6, 0, 0.8]).allSatisfy { abs($0 - $1) < 1e-15 })
    var short = gradients([0.3, 0], 0.4)
    #expect(abs(net.clipGradients(toNorm: 1, in: &short) - 0.5) < 1e-15)
    #expect(short.layers[0].parameters == [Matrix(column: [0.3, 0]), Matrix([[0.4]])])
  }

  @Test(
    "the cosine schedule warms up linearly, is α after the warm-up, α·0.55 half way, α/10 at the end"
  )
  func cosine() {
    let schedule = LearningRateSchedule.cosine(warmup: 10)
    #expect(schedule.rate(1, step: 1, of: 110) == 0.1)
    #expect(schedule.rate(1, step: 5, of: 110) == 0.5)
    #expect(schedule.rate(1, step: 10, of: 110) == 1)
    #expect(abs(schedule.rate(1, step: 60, of: 110) - 0.55) < 1e-15)
    #expect(abs(schedule.rate(2, step: 110, of: 110) - 0.2) < 1e-15)
    let rates = (11...110).map { schedule.rate(1, step: $0, of: 110) }
    #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 > $1 }, "decreasing after the warm-up")
    #expect(LearningRateSchedule.constant.rate(0.3, step: 7, of: 9) == 0.3)
  }
}
