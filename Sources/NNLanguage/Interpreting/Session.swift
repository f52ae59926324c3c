import NNEngine
import NNRender

/// Everything a student has built and set so far: the network, the data, the settings, and the
/// results of the last forward and backward pass.
///
/// A `Session` is a value. The interpreter runs each line on a copy and keeps the copy only if the
/// line succeeds, so a failed line leaves the session exactly as it was.
public struct Session: Equatable, Sendable {
  /// The network, once its input width is known (from `input`, or from the data).
  public var network: Network?
  /// Where each layer was declared, for notes such as "layer 1 was declared here".
  public var layerRanges: [SourceRange] = []
  /// The training data.
  public var data: Dataset?
  /// The samples held out by `split`, to measure how well the network generalises.
  public var testData: Dataset?
  /// A text as token ids, after `data text`: training samples are windows drawn from it per
  /// batch, never all stored (it replaces `data` and `testData`).
  public var corpus: TokenCorpus?
  /// A language model's tokens in id order: the text's (`data text`), or the model file's
  /// (`load`), so it outlives the text. It belongs to the model: a second text is numbered by
  /// it, and while there is a corpus, `corpus.vocabulary` is this one.
  public var vocabulary: CharacterVocabulary?
  /// What `normalize` did to the features, so that a later `split` can redo it on the training
  /// samples alone.
  public var normalization: Normalization?
  /// The loss to minimise, as chosen; until then, training uses the one the output layer implies
  /// (`impliedLoss`) and says so.
  public var loss: Loss?
  /// The learning rate, optimizer, batch size and L2 penalty, with the optimizer's memory.
  public var trainer = Trainer()
  /// The loss after each epoch of training, for `plot loss` (evenly thinned past 4,096 epochs).
  public var history: LossHistory = []
  /// Runs kept by name with `train … as NAME`, for `plot loss NAME NAME`.
  public var runs: [TrainingRun] = []
  /// Orders the samples of each shuffled epoch; seeded by `seed`.
  public var shuffler = SeededGenerator(seed: 42, stream: Session.shuffleStream)
  /// The seed of every random choice.
  public var seed: UInt64 = 42
  /// How new layers draw their weights.
  public var initialization = Initialization.xavier
  /// The last forward pass, for `show z1`, `show a1`, `show yhat`.
  public var lastForward: ForwardPass?
  /// The gradients of the last `backward` (or of training's last step), while the parameters
  /// have not changed since; or why there are none, for the message of `grad`.
  public var gradients = GradientRecord.missing(reason: "no gradients yet")
  /// Matrices the student named with `let`.
  public var variables: [String: Matrix] = [:]
  /// The formulas of names defined from other names (`let z = 2*x + 2`), as written, so that
  /// `grad … wrt x` can follow them back to `x`.
  public var definitions: [String: Expression] = [:]
  /// The total of the last `params` command, for `expect model_params == …`.
  public var modelParameters: Int?
  /// The LoRA count of the last `params … lora …`, for `expect lora_params == …`.
  public var modelLoRAParameters: Int?
  /// The most numbers a network's parameters, or one computed matrix, may hold (8 bytes each).
  public var maxNumbers = Limits.defaultNumbers
  /// The number of gradient-descent updates so far.
  public var epochsTrained = 0
  /// The last validation loss of a language model (`train` or `evaluate` on a text), for
  /// `val_loss`, while the parameters and the text are those it was measured with.
  public var validationLoss: Double?

  public init() {}

  /// The generator streams of the seed, one per use, so that drawing data does not change the
  /// order of training, nor training the data.
  static let shuffleStream: UInt64 = 0x5348_5546
  static let splitStream: UInt64 = 0x5350_4C54

  /// A fresh generator for drawing data of `pattern`.
  func dataGenerator(for pattern: Dataset.Pattern) -> SeededGenerator {
    SeededGenerator(
      seed: seed,
      stream: 0x4441_5441 &+ UInt64(Dataset.Pattern.allCases.firstIndex(of: pattern) ?? 0))
  }

  /// Starts the training record again: new weights have no history, and the optimizer's memory
  /// belonged to the old ones.
  mutating func startTrainingAfresh() {
    history = []
    epochsTrained = 0
    trainer.state = nil
  }

  /// Forgets results computed on the old data; call it whenever X or y change.
  mutating func dataChanged() {
    lastForward = nil
    validationLoss = nil
    gradients.invalidate(because: "the data changed since the last 'backward'")
  }

  /// Forgets results computed with the old parameters; call it whenever W or b change.
  mutating func parametersChanged(by reason: String) {
    lastForward = nil
    validationLoss = nil
    gradients.invalidate(because: "the parameters changed (\(reason)) since the last 'backward'")
  }
}

/// The losses after one epoch of training.
public struct TrainingRecord: Equatable, Sendable {
  public var epoch: Int
  public var trainLoss: Double
  /// The loss on the held-out samples, after `split`.
  public var testLoss: Double?
}

extension Session {
  /// The note that says how to allow more memory.
  var memoryNote: Diagnostic.Note {
    .init(
      "the limit is \(NumberFormat.grouped(maxNumbers)) numbers (\(NumberFormat.bytes(maxNumbers * 8))); start nnrepl with a larger --max-memory, such as --max-memory 2GB, to raise it"
    )
  }
}
