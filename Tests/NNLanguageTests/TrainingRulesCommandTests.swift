import NNEngine
import NNLanguage
import NNTestSupport
import Testing

@Suite("optimizer adamw, clip, schedule")
struct TrainingRulesCommandTests {
  let model = "seed 1\ndata xor\nlayer dense 4 tanh\nlayer dense 1 sigmoid\nloss crossentropy\n"

  @Test("the schedule's first step of 'train' uses α·1/w")
  func scheduleInTrain() {
    let scheduled = Transcript(model + "lr 0.3\nschedule cosine warmup 1000\ntrain 1").interpreter
      .session.network
    let plain = Transcript(model + "lr 0.0003\ntrain 1").interpreter.session.network
    #expect(scheduled == plain)
    let none = Transcript(model + "lr 0.3\nschedule cosine warmup 1000\nschedule none\ntrain 1")
      .interpreter.session.network
    #expect(none == Transcript(model + "lr 0.3\ntrain 1").interpreter.session.network)
  }

  @Test("clip with a huge norm changes nothing; a tiny one slows training down")
  func clipInTrain() throws {
    let plain = try #require(Transcript(model + "train 20").lastValue("loss"))
    #expect(Transcript(model + "clip 1000\ntrain 20").lastValue("loss") == plain)
    let run = Transcript(model + "clip 0.001\ntrain 20 every 20")
    let (start, clipped) = (
      try #require(run.epochs.first?.loss), try #require(run.lastValue("loss"))
    )
    #expect(clipped > plain && abs(clipped - start) < 0.01)
  }

  @Test("adamw trains, is kept by save and load with its λ, and bad arguments are refused")
  func adamw() throws {
    let files = MemoryFiles()
    let transcript = Transcript(
      model + "optimizer adamw 0.1\nlr 0.01\ntrain 50\nsave m.json\nreset\nload m.json",
      files: files)
    #expect(transcript.error == nil)
    #expect(transcript.interpreter.session.trainer.optimizer == .adamw(weightDecay: 0.1))
    #expect(try #require(files["m.json"]).contains("weightDecay"))
    #expect(Transcript("optimizer adamw 1.5").error?.id == "parser.weightDecay")
    #expect(Transcript("clip 0").error?.id == "parser.clipNorm")
    #expect(Transcript("schedule linear").error != nil)
    #expect(Transcript("help optimizer").text.contains("θ := θ − α·(m̂ / (√ŝ + ε) + λ·θ)"))
  }
}
