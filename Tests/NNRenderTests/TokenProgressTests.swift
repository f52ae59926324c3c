import NNRender
import Testing

/// A language model's progress bar: tokens per second and the time left (issue 13 §3).
@Suite("the progress bar of a language model")
struct TokenProgressTests {
  @Test("with tokens per step, the bar tells tokens per second and the time left")
  func tokens() {
    let progress = ProgressReport(
      step: 120, of: 500, unit: "step", loss: 2.34121, tokensPerStep: 1024)
    #expect(
      TerminalRenderer.progressBar(progress, rate: 10, width: 80)
        == "[████░░░░░░░░░░░░░░░░] step 120/500  loss 2.341  10,240 tokens/s  38s left")
    #expect(
      TerminalRenderer.progressBar(progress, rate: nil, width: 80)
        == "[████░░░░░░░░░░░░░░░░] step 120/500  loss 2.341", "no rate before the clock has run")
    for width in 20...200 {
      #expect(TerminalRenderer.progressBar(progress, rate: 10, width: width).count < width)
    }
  }

  @Test("a time left is whole seconds in its two largest units, rounded up")
  func durations() {
    #expect(
      [0, 0.2, 42, 59.5, 185, 3600, 7629, .infinity].map(NumberFormat.duration) == [
        "0s", "1s", "42s", "1m 00s", "3m 05s", "1h 00m", "2h 07m", "?",
      ])
  }
}
