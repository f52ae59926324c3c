/// One result of a command, as data: what to show, not how to show it.
///
/// The interpreter produces these; a renderer turns them into terminal text (`TerminalRenderer`)
/// or into JSON lines for graders and tools (`Output.json`, in `JSONValue.swift`). Keeping results as values is what
/// lets the same session print to a terminal, to a pipe and to a test.
public enum Output: Equatable, Sendable {
  /// A sentence, such as "layer 1: dense 4 sigmoid, 12 parameters".
  case message(String)
  /// A named number, such as the loss.
  case value(name: String, value: Double)
  /// A named matrix, such as `W1` or `yhat`, as its rows. A terminal shows a large one by its
  /// corners unless `whole` (`show X all`).
  case matrix(name: String, rows: [[Double]], whole: Bool = false)
  /// A table, such as `summary`'s.
  case table(Table)
  /// Terms and their descriptions, such as `help`'s list of commands.
  case definitions(DefinitionList)
  /// One line of training progress: the loss after an epoch.
  case epoch(number: Int, loss: Double)
  /// How far a long command is — `step` of `total` units such as "epoch" or "layer", with a loss
  /// if there is one — for a progress bar that only a terminal shows.
  case progress(ProgressReport)
  /// A chart.
  case plot(Plot)
  /// A piece of running text, shown as soon as it exists: the characters `generate` samples,
  /// one at a time. Consecutive pieces are one text, as one message would be — nothing goes
  /// between them — which ends at the next output (a command that writes pieces ends with one).
  case textPiece(String)

  /// The kind's name in JSON output.
  public var kind: String {
    switch self {
    case .message: "message"
    case .value: "value"
    case .matrix: "matrix"
    case .table: "table"
    case .definitions: "definitions"
    case .epoch: "epoch"
    case .progress: "progress"
    case .plot: "plot"
    case .textPiece: "text"
    }
  }
}

/// How far a long command is.
public struct ProgressReport: Equatable, Sendable {
  public var step: Int
  public var total: Int
  /// What is counted: "epoch", "layer".
  public var unit: String
  public var loss: Double?
  /// The tokens one step trains on (a language model's windows × their length): the bar then
  /// shows tokens per second and the time left, what a language model's speed is told in.
  public var tokensPerStep: Int?

  public init(
    step: Int, of total: Int, unit: String, loss: Double? = nil, tokensPerStep: Int? = nil
  ) {
    (self.step, self.total, self.unit, self.loss, self.tokensPerStep) = (
      step, total, unit, loss, tokensPerStep
    )
  }
}
