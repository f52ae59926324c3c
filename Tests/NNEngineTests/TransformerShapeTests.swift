import NNEngine
import Testing

@Suite("Transformer parameter counts")
struct TransformerShapeTests {
  /// Each preset against its published total: the parameter counts of the Hugging Face
  /// checkpoints (`sum(p.numel() for p in model.parameters())`): gpt2 124,439,808;
  /// gpt2-medium 354,823,168; gpt2-large 774,030,080; gpt2-xl 1,557,611,200;
  /// bert-base-uncased (BertModel, with pooler) 109,482,240; LLaMA-7B 6,738,415,616
  /// (Touvron et al. 2023 report "6.7B").
  @Test(
    "presets reproduce the published totals",
    arguments: [
      (TransformerShape.Preset.gpt2Small, 124_439_808), (.gpt2Medium, 354_823_168),
      (.gpt2Large, 774_030_080),
      (.gpt2XL, 1_557_611_200), (.bertBase, 109_482_240), (.llama7B, 6_738_415_616),
    ])
  func presets(_ preset: TransformerShape.Preset, _ published: Int) {
    #expect(preset.shape.total == published)
  }

  @Test("GPT-2 small, part by part: the embedding and the MLPs hold most of it")
  func gpt2Parts() {
    let parts = Dictionary(
      uniqueKeysWithValues: (TransformerShape.Preset.gpt2Small.shape.parts ?? []).map {
        ($0.name, $0.total)
      })
    #expect(parts["token embedding"] == 50257 * 768)
    #expect(parts["attention Q, K, V, O"] == 12 * 4 * (768 * 768 + 768))
    #expect(parts["MLP up, down"] == 12 * (2 * 768 * 3072 + 3072 + 768))
    #expect(parts["output head"] == 0)
  }

  @Test("LoRA's trainable count: r·(in + out) per adapted matrix per block")
  func lora() {
    let shape = TransformerShape.Preset.llama7B.shape
    #expect(shape.loraParameters(rank: 8, on: [.q, .v]) == 32 * 2 * 8 * (4096 + 4096))
    #expect(shape.loraParameters(rank: 8, on: [.up]) == 32 * 8 * (4096 + 11008))
  }
}

@Suite("Transformer shapes: counts too large for an Int")
struct TransformerOverflowTests {
  @Test("every factor in range, their product not: no count instead of a trap")
  func overflow() {
    let huge = TransformerShape(
      layers: 10_000_000, dimension: 10_000_000, heads: 1, vocabulary: 10_000_000,
      context: 10_000_000)
    #expect(huge.parts == nil)
    #expect(huge.total == nil)
    #expect(huge.loraParameters(rank: 65_536, on: [.q, .up]) == nil)
    let large = TransformerShape(
      layers: 1_000, dimension: 100_000, heads: 1, vocabulary: 10, context: 10)
    #expect(
      large.total == 1_000
        * (4 * (100_000 * 100_000 + 100_000) + 2 * 100_000 + 2 * 100_000 * 400_000 + 400_000
          + 100_000 + 2 * 100_000) + 10 * 100_000 * 2 + 2 * 100_000)
  }
}
