/// Training runs kept by name (`train 300 as lr=0.5`), so that `plot loss lr=0.01 lr=0.5` draws
/// several of them on one chart.
public struct TrainingRun: Equatable, Sendable {
  public var name: String
  /// The losses of the run, epoch 0 being where it started.
  public var records: [TrainingRecord]
}

extension Session {
  /// Keeps the losses recorded since epoch `start` as the run called `name`, replacing any run
  /// of that name. (A mini-batch run whose start was not measured begins at its first epoch.)
  mutating func keepRun(named name: String, since start: Int) {
    let first =
      history.lastIndex { $0.epoch == start } ?? history.firstIndex { $0.epoch > start }
      ?? history.endIndex
    let records = history[first...].map {
      TrainingRecord(epoch: $0.epoch - start, trainLoss: $0.trainLoss, testLoss: $0.testLoss)
    }
    runs.removeAll { $0.name == name }
    runs.append(TrainingRun(name: name, records: records))
  }

  /// The run called `name`, or a diagnostic that lists the runs kept.
  func run(named name: String, at range: SourceRange) throws(Diagnostic) -> TrainingRun {
    if let run = runs.first(where: { $0.name == name }) { return run }
    let kept =
      runs.isEmpty
      ? "no run is kept yet"
      : "the runs kept are " + runs.map { "'\($0.name)'" }.joined(separator: ", ")
    throw .runtime(
      "runtime.unknownRun", "no training run is called '\(name)'", at: range,
      notes: Suggestions.note(for: name, among: runs.map(\.name)) + [
        .init("\(kept); 'train 300 as \(name)' keeps one")
      ])
  }
}
