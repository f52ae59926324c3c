import Foundation
import NNEngine
import Testing

/// Training a language model on a text's windows: the step, the measurements on fixed windows,
/// and the bigram model the losses are compared with.
@Suite("training on a text's windows")
struct CorpusTrainingTests {
  /// "aabab" to train on, "bca" held out; V = 3, T = `context`.
  static func corpus(context: Int = 1) -> TokenCorpus {
    let vocabulary = CharacterVocabulary(of: "abc")
    return TokenCorpus(
      vocabulary: vocabulary,
      ids: "aababbca".unicodeScalars.compactMap { vocabulary.id(of: $0).map(Int32.init) },
      context: context,
      trainingCount: 5)
  }

  @Test(
    "the bigram model counts the training part's neighbours and smooths by one: (c(a,b) + 1)/(c(a) + V)"
  )
  func bigram() {
    let corpus = Self.corpus()
    let model = BigramModel(counting: corpus)
    // Training pairs aa, ab, ba, ab: c(a,a) = 1, c(a,b) = 2, c(b,a) = 1; c(a) = 3, c(b) = 1, c(c) = 0.
    #expect(model.counts == [1, 2, 0, 1, 0, 0, 0, 0, 0] && model.totals == [3, 1, 0])
    #expect(model.probability(of: 1, after: 0) == 3.0 / 6)
    // Validation pairs b→c (1/4) and c→a (1/3).
    #expect(abs(model.loss(on: corpus, part: .validation) - log(12) / 2) < 1e-15)
    // a→a 2/6, a→b 3/6 twice, b→a 2/4.
    #expect(abs(model.loss(on: corpus, part: .training) - (log(3) + 3 * log(2)) / 4) < 1e-15)
  }

  @Test(
    "the shipped Shakespeare's bigram validation loss, 90/10, is the issue's 2.48 (2.481908 with add-one smoothing)"
  )
  func shakespeareBigram() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../lessons/data/tinyshakespeare.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let vocabulary = CharacterVocabulary(of: text)
    let ids = vocabulary.encode(text)!.map(Int32.init)
    let corpus = TokenCorpus(
      vocabulary: vocabulary, ids: ids, context: 32,
      trainingCount: Int((Double(ids.count) * 0.9).rounded()))
    #expect(
      abs(BigramModel(counting: corpus).loss(on: corpus, part: .validation) - 2.481908344413882)
        < 1e-9)
  }

  @Test("tiling windows lie end to end, so each id of the part after its first is predicted once")
  func tiling() {
    let vocabulary = CharacterVocabulary(of: "abcdefghij")
    let corpus = TokenCorpus(
      vocabulary: vocabulary, ids: vocabulary.encode("abcdefghij")!.map(Int32.init), context: 2,
      trainingCount: 7)
    #expect(corpus.tilingStarts(in: .training) == [0, 2, 4])
    #expect(corpus.tilingStarts(in: .validation) == [7])
  }

  /// A model whose every position predicts from its own token alone: softmax(E[x]·W + b).
  static func network(context: Int) -> Network {
    let table = Matrix([[0.3, -0.2], [0.1, 0.5], [-0.4, 0.2]])
    let weights = Matrix([[0.7, -0.3, 0.2], [-0.5, 0.4, 0.9]])
    return Network(
      inputShape: .tokens(count: context, vocabulary: 3),
      layers: [
        EmbeddingLayer(table: table, tokensPerSample: context),
        DenseLayer(
          weights: weights, bias: Matrix(row: [0.1, 0, -0.2]), activation: .softmax,
          inputShape: .sequence(steps: context, features: 2)),
      ])
  }

  /// −log softmax(E[x]·W + b)[y], by hand.
  static func surprise(_ x: Int, _ y: Int, _ network: Network) -> Double {
    let (table, weights, bias) = (
      network.layers[0].parameters[0].value, network.layers[1].parameters[0].value,
      network.layers[1].parameters[1].value
    )
    let z = (0..<3).map { j in (0..<2).reduce(bias[0, j]) { $0 + table[x, $1] * weights[$1, j] } }
    return log(z.map(exp).reduce(0, +)) - z[y]
  }

  @Test(
    "the loss on windows is the mean over their predictions, whatever the batch they are measured in"
  )
  func windowLoss() throws {
    let corpus = Self.corpus(context: 2)
    let network = Self.network(context: 2)
    // Windows at 0 and 2: x = aa, ab → y = ab, ba; at 1: x = ab → y = ba.
    let pairs = [(0, 0), (0, 1), (0, 1), (1, 0), (0, 1), (1, 0)]
    let expected = pairs.map { Self.surprise($0.0, $0.1, network) }.reduce(0, +) / 6
    var workspace = WindowLossWorkspace()
    for batch in [1, 2, 3, 10] {
      let measured = try #require(
        network.loss(
          onWindows: [0, 2, 1], of: corpus, loss: .crossentropy, batch: batch, reusing: &workspace))
      #expect(abs(measured - expected) < 1e-15, "batch \(batch)")
    }
    var seen: [Int] = []
    var asked = 0
    let stopped = network.loss(
      onWindows: [0, 2, 1], of: corpus, loss: .crossentropy, batch: 2, reusing: &workspace,
      shouldStop: {
        asked += 1; return true
      },
      progress: { seen.append($0) })
    #expect(
      stopped == nil && asked == 1 && seen == [2], "asked before the second pass, after the first")
  }

  @Test(
    "a step draws its windows with the shuffler, returns their loss before the update, and is reproducible"
  )
  func step() {
    let corpus = Self.corpus(context: 2)
    var trainer = Trainer()
    trainer.optimizer = .adamw(weightDecay: 0.01)
    func run() -> (Network, [Double], SeededGenerator) {
      var (network, shuffler, workspace, t) = (
        Self.network(context: 2), SeededGenerator(seed: 5), TrainingWorkspace(), trainer
      )
      let losses = (0..<3).map { _ in
        t.runStep(
          &network, on: corpus, windows: 4, loss: .crossentropy, shuffler: &shuffler,
          reusing: &workspace)
      }
      return (network, losses, shuffler)
    }
    let (trained, losses, _) = run()
    let again = run()
    #expect(trained == again.0 && losses == again.1)
    // The first loss is the untrained network's on the windows the seed draws first.
    var shuffler = SeededGenerator(seed: 5)
    let starts = corpus.randomStarts(4, in: .training, using: &shuffler)
    var workspace = WindowLossWorkspace()
    let untrained = Self.network(context: 2)
    #expect(
      abs(
        losses[0] - untrained.loss(
          onWindows: starts, of: corpus, loss: .crossentropy, batch: 4, reusing: &workspace)!)
        < 1e-15)
    #expect(trained != untrained && losses[2] < losses[0])
  }
}
