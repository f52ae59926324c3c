import Foundation
import NNEngine

/// A GPT-style character model on tinyshakespeare, as issue 13 builds it: embedding D,
/// positions, `blocks` × transformer heads H causal, layernorm, dense V softmax. Each update is
/// one batch of windows drawn at random from the first 90% of the text, trained with AdamW and
/// clipping by global norm, the way language models train.
struct LanguageModelBenchmark: Benchmark {
  static let workloads = [
    language(name: "gpt-2x64", blocks: 2, width: 64, context: 32, steps: 10, runs: 3),
    language(name: "gpt-4x128", blocks: 4, width: 128, context: 64, steps: 3, runs: 3),
  ]

  /// The stream of seed 42 the windows' starts are drawn from (NumPy's twin draws the same).
  static let windowStream: UInt64 = 0x5445_5854  // "TEXT"

  static func language(name: String, blocks: Int, width: Int, context: Int, steps: Int, runs: Int)
    -> Workload
  {
    let layers =
      ["input tokens \(context) vocab 65", "layer embedding \(width)", "layer positions"]
      + Array(repeating: "layer transformer heads 4 causal", count: blocks) + [
        "layer layernorm", "layer dense 65 softmax",
      ]
    return Workload(
      name: name, model: "gpt", data: "text", samples: 32, batch: 32, epochs: steps, rate: 1e-3,
      runs: runs,
      layers: layers, dataFile: Workload.lessonData + "/tinyshakespeare.txt", steps: context,
      units: width,
      blocks: blocks, heads: 4, weightDecay: 0.1, clipNorm: 1)
  }

  let workload: Workload
  let corpus: TokenCorpus

  /// The text as ids, split 90 : 10 as `data text` splits it.
  init(_ workload: Workload) throws {
    self.workload = workload
    let text = try String(contentsOfFile: workload.dataFile!, encoding: .utf8)
    let vocabulary = CharacterVocabulary(of: text)
    let ids = text.unicodeScalars.map { Int32(vocabulary.id(of: $0)!) }
    let trainingCount = Int((Double(ids.count) * 0.9).rounded())
    corpus = TokenCorpus(
      vocabulary: vocabulary, ids: ids, context: workload.steps!, trainingCount: trainingCount)
  }

  /// Each layer drawn as a session draws it: from stream l of seed 42, the weights Xavier.
  var initialNetwork: Network {
    let (t, d, v) = (workload.steps!, workload.units!, corpus.vocabulary.count)
    func stream(_ l: Int) -> SeededGenerator { SeededGenerator(seed: 42, stream: UInt64(l)) }
    var generator = stream(1)
    var layers: [any Layer] = [
      EmbeddingLayer(vocabulary: v, width: d, tokensPerSample: t, using: &generator)
    ]
    generator = stream(2)
    layers.append(PositionEmbeddingLayer(positions: t, width: d, using: &generator))
    for block in 0..<workload.blocks! {
      generator = stream(3 + block)
      layers.append(
        TransformerBlock(
          width: d, heads: workload.heads!, causal: true, positions: t, initialization: .xavier,
          using: &generator))
    }
    let sequence = SampleShape.sequence(steps: t, features: d)
    layers.append(LayerNormLayer(width: d, inputShape: sequence))
    layers.append(
      DenseLayer(
        number: layers.count + 1, inputShape: sequence, units: v, activation: .softmax,
        initialization: .xavier, seed: 42))
    return Network(inputShape: .tokens(count: t, vocabulary: v), layers: layers)
  }

  /// `epochs` updates, each on `batch` random windows, through the engine's `Trainer.runStep`
  /// (the code `train` runs on a text in a session, which also measures each batch's loss);
  /// returns the loss on a fixed batch of validation windows.
  func train() -> Double {
    var network = initialNetwork
    var trainer = Trainer()
    trainer.optimizer = .adamw(weightDecay: workload.weightDecay!)
    trainer.learningRate = workload.rate
    trainer.clipNorm = workload.clipNorm
    var windows = SeededGenerator(seed: 42, stream: Self.windowStream)
    var workspace = TrainingWorkspace()
    for _ in 0..<workload.epochs {
      trainer.runStep(
        &network, on: corpus, windows: workload.batch, loss: .crossentropy, shuffler: &windows,
        reusing: &workspace)
    }
    var (inputs, targets) = (Matrix(rows: 0, columns: 0), Matrix(rows: 0, columns: 0))
    corpus.fillBatch(
      starts: corpus.evenlySpacedStarts(workload.batch, in: .validation), inputs: &inputs,
      targets: &targets)
    return Self.loss(of: network, inputs: inputs, targets: targets)
  }
}
