import NNEngine
import NNRender
import NNTestSupport
import Testing

@testable import NNLanguage

/// Fine-tuning a transformer from the language: `adapt … on q v`, `merge`, and freezing ranges
/// of layers (issue 13 §5).
@Suite("LoRA on attention and transformer blocks, and freezing layer ranges")
struct AttentionLoRATests {
  func parse(_ line: String) throws -> Command? { try CommandCatalog.parse(line: line, number: 1) }

  /// The issue's model (2 blocks of width 64 with 4 heads, 65 tokens, a context of 32), untied.
  static let gpt = "seed 1\n" + TiedHeadCommandTests.gpt(head: "layer dense 65 softmax")

  @Test(
    "the issue's model: all 110,529 parameters, the last block and head 54,337, LoRA r = 4 on q v 2,048"
  )
  func parameterCounts() throws {
    let full = try #require(Transcript(Self.gpt).interpreter.session.network)
    #expect(full.parameterCount == 110_529 && full.trainableParameterCount == 110_529)
    // 110,529 less the head's own 64·65 + 65 is the calculator's tied count.
    #expect(
      Transcript("params transformer layers 2 dim 64 heads 4 vocab 65 context 32 tied").lastValue(
        "model_params") == Double(110_529 - 4_225))
    let lastBlock = try #require(
      Transcript(Self.gpt + "\nfreeze all but 4 5 6").interpreter.session.network)
    #expect(lastBlock.trainableParameterCount == 49_984 + 128 + 4_225)
    #expect(
      try #require(Transcript(Self.gpt + "\nfreeze 1-3").interpreter.session.network) == lastBlock)
    let lora = Transcript(Self.gpt + "\nadapt attention lora 4 on q v\nfreeze 1 2, 5-6")
    let adapted = try #require(lora.interpreter.session.network)
    #expect(adapted.trainableParameterCount == 2 * 2 * 4 * (64 + 64))
    #expect(adapted.parameterCount == 110_529 + 2_048)
    #expect(
      Transcript("params transformer layers 2 dim 64 heads 4 vocab 65 context 32 lora 4 on q v")
        .lastValue("lora_params") == 2_048)
    #expect(
      lora.text.contains(
        """
        layer 3 (transformer): Aq, Bq, Av, Bv train — 2 × 4·(64 + 64) = 1,024 parameters; its other 49,984 (Wq, Wv and the rest) stay frozen; scale α/r = 1
        """))
    #expect(lora.text.contains("trainable parameters: 12,609 of 112,577 (11.2%)"))
  }

  @Test("summary shows the adapters, their arithmetic, the trainable count and its share")
  func summary() throws {
    let transcript = Transcript(Self.gpt + "\nadapt attention lora 4\nfreeze all but 3 4\nsummary")
    let table = try #require(
      transcript.outputs.compactMap { output -> Table? in
        guard case .table(let table) = output else { return nil }
        return table
      }.last)
    #expect(table.rows[3][1] == "out3 = GPT-2 block (causal)(out2), 4 heads, LoRA on q, v")
    #expect(
      table.rows[3][4]
        == "(4×64×64 + 4×64) + 2×2×64 + (2×64×256 + 256 + 64) + 4·(64 + 64) + 4·(64 + 64) = 51,008")
    #expect(table.rows[3][6] == "LoRA 1,024" && table.rows[1][6] == "no (frozen)")
    #expect(
      table.footer[0...2] == [
        "Total params: 112,577", "Trainable params: 2,048 (1.82%)", "Non-trainable params: 110,529",
      ])
  }

  @Test(
    "the grammar: a layer, 'attention' or 'transformer'; 'on' with q k v o up down or mlp, q v without it"
  )
  func grammar() throws {
    #expect(
      try parse("adapt attention lora 4 on q v")
        == Command(Adapt(target: .attention, rank: 4, alpha: nil, projections: [.query, .value])))
    #expect(
      try parse("adapt 3 lora 4 on mlp, q alpha 8")
        == Command(Adapt(target: .layer(3), rank: 4, alpha: 8, projections: [.query, .up, .down])))
    #expect(
      try parse("adapt transformer lora 2 alpha 4 on down v")
        == Command(Adapt(target: .transformer, rank: 2, alpha: 4, projections: [.value, .down])))
    #expect(
      try parse("adapt 1 lora 2")
        == Command(Adapt(target: .layer(1), rank: 2, alpha: nil, projections: nil)))
    #expect(try parse("merge attention") == Command(Merge(target: .attention)))
    #expect(Transcript("adapt attention lora 4 on up").error?.id == "parser.loraProjection")
    #expect(Transcript("adapt 1 lora 4 on x").error?.id == "parser.unknownKeyword")
    #expect(Transcript("adapt 1 lora 4 on").error?.id == "parser.loraMatrices")
    #expect(Transcript("adapt 1 lora 4 on q on v").error?.id == "parser.unexpectedToken")
  }

  @Test(
    "what cannot be adapted says why, and changes nothing",
    arguments: [
      ("input 4\nlayer dense 3 tanh\nadapt 1 lora 2 on q", "runtime.loraProjection"),
      ("input 5x4\nlayer attention heads 2\nadapt 1 lora 2 on up", "runtime.loraProjection"),
      ("input 5x4\nlayer attention heads 2\nadapt transformer lora 2", "runtime.noAttention"),
      ("input 4\nlayer dense 3 tanh\nadapt attention lora 2", "runtime.noAttention"),
      ("input 5x4\nlayer transformer heads 2\nadapt 1 lora 4 on q", "runtime.loraRank"),
      ("input 5x4\nlayer layernorm\nadapt 1 lora 2", "runtime.notAdaptable"),
      ("input 5x4\nlayer transformer heads 2\nmerge 1", "runtime.noAdapter"),
      (
        "input 5x4\nlayer transformer heads 2\nadapt 1 lora 2 on mlp\nmerge attention",
        "runtime.noAdapter"
      ),
      ("input 5x4\nlayer transformer heads 2\nshow Aq1", "runtime.noAdapter"),
    ])
  func refusals(_ script: String, _ id: String) {
    let transcript = Transcript(script)
    #expect(transcript.error?.id == id, "\(transcript.error?.message ?? "no error")")
  }

  @Test(
    "the adapters' names are the letters of their matrix and the layer's number; none clashes with another kind's"
  )
  func names() {
    #expect(SessionName("Aq3") == .parameter(layer: 3, name: "Aq"))
    #expect(SessionName("Bdown2") == .parameter(layer: 2, name: "Bdown"))
    #expect(SessionName("dBo4") == .gradient(layer: 4, parameter: "Bo"))
    #expect(SessionName("bo4") == .parameter(layer: 4, name: "bo"))
    let adapterNames = Set(ProjectionAdapters.names(Projection.allCases))
    let others = LayerKinds.all.filter { !["attention", "transformer"].contains($0.name) }.flatMap {
      $0.parameterNames + $0.passNames
    }
    let own =
      AttentionLayer.parameterNames + TransformerBlock.parameterNames + AttentionKind.passNames
      + TransformerKind.passNames
    #expect(adapterNames.count == 12 && adapterNames.isDisjoint(with: others + own))
    #expect(adapterNames.allSatisfy { !$0.contains(where: \.isNumber) })
    #expect(
      Transcript("input 5x4\nlayer transformer heads 2\nshow Aq1").error?.notes.first?.message
        == "'adapt 1 lora 2 on q' gives it one")
  }

  /// Lines that make every adapter's B non-zero, so that gradients through A are non-trivial.
  static func nonZeroB(_ layer: Int, _ projections: [Projection]) -> [String] {
    projections.enumerated().map { k, projection in
      "let \(projection.upName)\(layer) = \(projection.upName)\(layer) + \(0.2 + 0.1 * Double(k))"
    }
  }

  @Test(
    "gradcheck passes for adapted attention and transformer blocks, alone and under dense layers")
  func gradientCheck() {
    let attention =
      ["layer attention heads 2 causal", "adapt 1 lora 2 on q k v o alpha 3"]
      + Self.nonZeroB(1, Projection.attention)
    #expect(LayerKindChecks.gradients(input: "input 5x4", layers: attention).isEmpty)
    let block =
      ["layer transformer heads 2 causal", "adapt 1 lora 2 on q k v o mlp"]
      + Self.nonZeroB(1, Projection.allCases)
    #expect(LayerKindChecks.gradients(input: "input 5x4", layers: block).isEmpty)
    #expect(
      LayerKindChecks.gradients(
        input: "input 5x4", layers: block + ["layer dense 3 tanh", "layer dense 2 sigmoid"]
      ).isEmpty)
  }

  @Test("save and load give back the adapters bit for bit; the file keeps each α by its matrix")
  func roundTrip() throws {
    let lines =
      [
        "layer transformer heads 2 causal", "adapt 1 lora 2 on v up alpha 3",
        "layer attention heads 2", "adapt 2 lora 1 on o",
      ]
      + Self.nonZeroB(1, [.value, .up])
    #expect(LayerKindChecks.saveAndLoad(input: "input 5x4", layers: lines).isEmpty)
    let files = MemoryFiles()
    let transcript = Transcript(
      SequenceLayerKindTests.languageModel + "\nadapt 3 lora 2 on q mlp\nsave model.json",
      files: files)
    let text = try #require(files["model.json"])
    #expect(transcript.outcome == .success)
    #expect(
      text.contains("\"loraAlphaQ\" : 2") && text.contains("\"loraAlphaUp\" : 2")
        && text.contains("\"Adown\""))
    let broken = MemoryFiles([
      "bad.json": text.replacingOccurrences(of: "\"loraAlphaUp\" : 2", with: "\"loraAlphaUp\" : -1")
    ])
    #expect(
      Transcript("load bad.json", files: broken).error?.message
        == "'bad.json' is not a usable model file: layer 3 (transformer): its LoRA adapter on Wup should have Aup of 8×r and Bup of r×32, and α > 0"
    )
  }

  @Test(
    "merge folds every adapter into its W: the merged model's outputs equal the adapted one's to 1e-12"
  )
  func merging() throws {
    let script =
      SequenceLayerKindTests.languageModel
      + "\nadapt transformer lora 2 on q k v o mlp\nlr 0.1\ntrain 5"
    var transcript = Transcript(script)
    #expect(transcript.outcome == .success)
    let adapted = try #require(transcript.interpreter.session.network)
    let x = try #require(transcript.interpreter.session.data?.inputs)
    transcript = Transcript("merge attention", interpreter: transcript.interpreter)
    #expect(
      transcript.text.contains(
        "layer 3: merged Aq·Bq into Wq, Ak·Bk into Wk, Av·Bv into Wv, Ao·Bo into Wo"))
    #expect(transcript.interpreter.session.network?.adaptedProjections(ofLayer: 2) == [.up, .down])
    transcript = Transcript("merge 3", interpreter: transcript.interpreter)
    #expect(
      transcript.text.hasSuffix(
        "layer 3: merged Aup·Bup into Wup, Adown·Bdown into Wdown; it has no adapter now"))
    let merged = try #require(transcript.interpreter.session.network)
    #expect(
      merged.layers[2].parameters.count == 16
        && merged.trainableParameterCount == merged.parameterCount)
    expectApproximatelyEqual(merged.forward(x).output, adapted.forward(x).output, tolerance: 1e-12)
  }

  @Test(
    "training a LoRA-adapted, partly frozen language model leaves every frozen matrix bit-identical"
  )
  func frozenWeights() throws {
    var interpreter = Transcript(
      SequenceLayerKindTests.languageModel
        + "\nadapt attention lora 2 on q v\nfreeze 1-2 4\noptimizer adam\nbatch 2"
    )
    .interpreter
    let before = try #require(interpreter.session.network)
    #expect(interpreter.run(line: "train 4", number: 1) { _ in } == .success)
    let after = try #require(interpreter.session.network)
    for (l, layer) in after.layers.enumerated() {
      for (parameter, old) in zip(layer.parameters, before.layers[l].parameters) {
        let trains = ["Aq", "Bq", "Av", "Bv"].contains(parameter.name) || l == 4
        #expect(parameter.isTrainable == trains, "\(parameter.name)\(l + 1)")
        #expect(
          (parameter.value.elements == old.value.elements) != trains, "\(parameter.name)\(l + 1)")
      }
    }
  }

  @Test("freeze takes layer numbers and ranges; unfreeze too; the old forms are unchanged")
  func freezeRanges() throws {
    #expect(
      try parse("freeze 1-3") == Command(Freeze(freezing: true, selection: .layers([1, 2, 3]))))
    #expect(
      try parse("freeze all but 4 5")
        == Command(Freeze(freezing: true, selection: .allBut([4, 5]))))
    #expect(
      try parse("freeze 1, 3-4 6")
        == Command(Freeze(freezing: true, selection: .layers([1, 3, 4, 6]))))
    #expect(try parse("unfreeze 2-3") == Command(Unfreeze(selection: .layers([2, 3]))))
    #expect(
      try parse("freeze all but 3") == Command(Freeze(freezing: true, selection: .allBut([3]))))
    #expect(try parse("unfreeze all") == Command(Unfreeze(selection: .all)))
    #expect(Transcript("freeze 3-1").error?.id == "parser.layerRange")
    #expect(Transcript("freeze 1-").error?.id == "parser.expectedInteger")
    let transcript = Transcript(Self.gpt + "\nfreeze all but 4 5 6\nunfreeze 2-3")
    #expect(transcript.text.hasSuffix("frozen: layer 1; trainable parameters: 106,369 of 110,529"))
    #expect(Transcript(Self.gpt + "\nfreeze 5-7").error?.id == "runtime.noSuchLayer")
  }

  @Test("help for adapt, merge and freeze fits 78 columns a line")
  func helpWidth() {
    for name in ["adapt", "merge", "freeze", "unfreeze"] {
      let entry = CommandCatalog.entries.first { $0.name == name }
      for line in (entry?.details ?? "").split(separator: "\n") {
        #expect(line.count <= 78, "help \(name): '\(line)'")
      }
    }
  }
}
