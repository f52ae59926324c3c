#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNEngine
import NNRender

/// A language model on a text (`data text`): what `train`, `evaluate`, `loss` and `val_loss`
/// need, and the numbers a student compares its losses with.
extension Session {
  /// Windows per update when the batch is 'full': a text's every window at once would be a
  /// million, so a language model takes nanoGPT's small-model batch instead.
  static let corpusBatch = 32
  /// Windows in the fixed samples that `train … every k`, `loss` and `val_loss` measure: evenly
  /// spaced, the same ones at every report, so that the numbers compare from report to report;
  /// 64 windows of 32 are 2,048 predictions, which cost about two training steps' forward passes.
  static let sampleWindows = 64

  /// What training on a text needs: the network, which must read its windows and predict one of
  /// its tokens at each position, and the loss.
  struct CorpusSetup {
    var network: Network
    var corpus: TokenCorpus
    var loss: Loss
    /// Windows per update: the batch size, or `corpusBatch` when it is 'full'.
    var batch: Int
  }

  /// The setup for `command` on the session's text, after refusing `work` if it would not fit in
  /// memory; each refusal says what the network should be instead.
  func requireCorpusSetup(
    _ corpus: TokenCorpus, for command: String, at range: SourceRange,
    work: (Network, Int) -> PassWork
  ) throws(Diagnostic) -> CorpusSetup {
    let network = try requireLayers(at: range)
    let (t, v) = (corpus.context, corpus.vocabulary.count)
    guard network.inputShape == .tokens(count: t, vocabulary: v) else {
      throw .runtime(
        "runtime.textInput",
        "the network takes \(network.inputShape) per sample, but the text gives \(SampleShape.tokens(count: t, vocabulary: v))",
        at: range, notes: [.init("start a network for it with 'input tokens \(t) vocab \(v)'")])
    }
    guard network.outputShape == .sequence(steps: t, features: v) else {
      throw .runtime(
        "runtime.textOutput",
        "the network's output is \(network.outputShape) per sample, but a language model of this text predicts one of \(counted(v, "token")) at each of its \(t) positions (\(t)×\(v))",
        at: range, notes: [.init("end the network with 'layer dense \(v) softmax'")])
    }
    let loss = try requireLoss(at: range)
    let batch = trainer.batchSize ?? Session.corpusBatch
    try requireMemory(for: work(network, batch), of: network, command: command, at: range)
    return CorpusSetup(network: network, corpus: corpus, loss: loss, batch: batch)
  }

  /// The work of measuring `windows` windows, `batch` at a time: one pass and its targets.
  static func measuringWork(windows: Int, batch: Int, of network: Network) -> PassWork {
    let samples = min(windows, batch)
    return PassWork(
      forward: [samples], other: [("the targets", targetNumbers(samples: samples, of: network))])
  }

  /// The loss of `network` on the fixed sample of `part`: `sampleWindows` evenly spaced windows.
  static func sampleLoss(
    of network: Network, _ setup: CorpusSetup, _ part: TokenCorpus.Part,
    reusing workspace: inout WindowLossWorkspace
  ) -> Double {
    let starts = setup.corpus.evenlySpacedStarts(sampleWindows, in: part)
    guard
      let loss = network.loss(
        onWindows: starts, of: setup.corpus, loss: setup.loss, batch: setup.batch,
        reusing: &workspace)
    else { preconditionFailure("a measurement that nothing asks to stop stopped") }
    return loss
  }

  /// `loss` on a text: the training loss on the fixed sample, as `train` reports it.
  func corpusLoss(_ corpus: TokenCorpus, at range: SourceRange) throws(Diagnostic) -> Double {
    let setup = try requireCorpusSetup(corpus, for: "measuring the loss", at: range) {
      network, batch in
      Session.measuringWork(windows: Session.sampleWindows, batch: batch, of: network)
    }
    var workspace = WindowLossWorkspace()
    return Session.sampleLoss(of: setup.network, setup, .training, reusing: &workspace)
  }

  /// `val_loss`: the validation loss `train` or `evaluate` measured last, while the parameters
  /// are those it measured.
  func requireValidationLoss(at range: SourceRange) throws(Diagnostic) -> Double {
    if let validationLoss { return validationLoss }
    let reason =
      corpus == nil
      ? "there is no text to validate on"
      : "nothing has measured it since the parameters were last set"
    throw .runtime(
      "runtime.noValidationLoss", "'val_loss' has no value yet: \(reason)", at: range,
      notes: [
        .init(
          corpus == nil
            ? "load a text with 'data text FILE context 32'; then 'train' or 'evaluate' measure it"
            : "run 'evaluate' (all the validation windows) or 'train 100 every 10'")
      ])
  }

  /// `bigram_loss`: the validation loss of the bigram model of the text (`BigramModel`).
  func requireBigramLoss(at range: SourceRange) throws(Diagnostic) -> Double {
    guard let corpus else {
      throw .runtime(
        "runtime.noVocabulary", "'bigram_loss' needs a text", at: range,
        notes: [.init("load one with 'data text FILE context 32'")])
    }
    return BigramModel(counting: corpus).loss(on: corpus, part: .validation)
  }

  /// What a language model's loss is to be compared with: a uniform guess over the V tokens,
  /// ln V, and the bigram model's loss on the same validation part.
  static func referenceLosses(of corpus: TokenCorpus) -> String {
    let v = corpus.vocabulary.count
    let bigram = BigramModel(counting: corpus).loss(on: corpus, part: .validation)
    return """
      to compare with: a uniform guess over the \(v) tokens has loss ln \(v) = \(NumberFormat.scalar(log(Double(v)), digits: 4)); \
      the bigram model (the next character from the previous one, counted in the training part, add-one smoothing) \
      has validation loss \(NumberFormat.scalar(bigram, digits: 4)) ('bigram_loss')
      """
  }
}
