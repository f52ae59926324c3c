import Foundation
import NNTestSupport
import Testing

/// `lessons/data/tiny-gpt.json` is never a mystery file: its script, run again for its first 25
/// steps, prints what the shipped log printed then. (Under the cosine schedule's 100 warm-up
/// steps the rate does not depend on the run's length, so `train 25` is `train 3000`'s start.)
@Suite("The lessons' pretrained checkpoint")
struct CheckpointReplayTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../lessons/data").standardized

  @Test("make-tiny-gpt.nn's first 25 steps print the shipped log's first reports")
  func firstStepsReplay() throws {
    let script = try String(
      contentsOf: Self.folder.appendingPathComponent("make-tiny-gpt.nn"), encoding: .utf8)
    let log = try String(
      contentsOf: Self.folder.appendingPathComponent("tiny-gpt.log"), encoding: .utf8)
    #expect(
      script.contains("\ntrain 3000 every 25\n")
        && script.contains("\nschedule cosine warmup 100\n"))
    let replay = script.replacingOccurrences(
      of: "\ntrain 3000 every 25\n", with: "\ntrain 25 every 25\n"
    )
    .split(separator: "\n").filter {
      !$0.hasPrefix("evaluate") && !$0.hasPrefix("save") && !$0.hasPrefix("plot")
    }.joined(
      separator: "\n")
    let run = try BuiltBinary().run(input: replay + "\n", directory: Self.folder)
    #expect(run.status == 0, "\(run.standardError)")
    let reports = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("step ") } }
    let replayed = reports(run.standardOutput)
    #expect(replayed.count == 2)
    #expect(
      replayed == Array(reports(log).prefix(2)), "the checkpoint's log starts with other numbers")
    #expect(log.contains("saved 6 layers (110,529 parameters) to tiny-gpt.json"))
  }
}
