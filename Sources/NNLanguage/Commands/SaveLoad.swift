import NNRender
import NNEngine

/// `save <file>`: write the network and its settings to a model file.
public struct Save: CommandDefinition {
  public var path: String

  static let help = CommandHelp(
    "save", synopsis: "save <file.json>",
    summary: "write the network (architecture, weights, frozen layers, settings) to a file",
    details: """
      The file is JSON, versioned, with every number exact; it is written atomically, so an
      interrupted save leaves the old file whole. 'load' reads it back. The data is not saved;
      a language model's vocabulary (its tokens in id order, 'show vocab') is, so that after
      'load' it can 'generate' and a new text is numbered as the model learned.
      """,
    examples: ["save model.json"], seed: "§9.3")

  /// save <path>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let path = try parser.expectPath("a file name")
    try parser.expectEnd(after: "the file name")
    return Command(Save(path: path.path))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let network = try session.requireLayers(at: context.range)
    let text: String
    do {
      text = try ModelFile(network, session: session).text()
    } catch {
      throw error.locatedIfUnplaced(at: context.range)
    }
    do {
      try context.files.write(text, to: path)
    } catch {
      throw Diagnostic(
        .cannotWrite(path, reason: error.reason, action: "save to"), at: context.range)
    }
    context.say(
      "saved \(counted(network.depth, "layer")) (\(NumberFormat.grouped(network.parameterCount)) parameters) to \(path)"
    )
  }
}

/// `load <file>`: replace the network and its settings with a saved one.
public struct Load: CommandDefinition {
  public var path: String

  static let help = CommandHelp(
    "load", synopsis: "load <file.json>",
    summary: "replace the network and its settings with those saved in a file",
    details: """
      A file that is missing, cut short, corrupt or from a newer nnrepl is refused, and the
      session stays as it was. A language model's file brings its vocabulary, which replaces the
      text's: a text loaded before is renumbered by it, or put aside if it has other characters.
      """,
    examples: ["load model.json"], seed: "§9.3")

  /// load <path>
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let path = try parser.expectPath("a file name")
    try parser.expectEnd(after: "the file name")
    return Command(Load(path: path.path))
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let text: String
    do {
      text = try context.files.read(path)
    } catch {
      throw Diagnostic(.cannotRead(path, reason: error.reason), at: context.range)
    }
    let network: Network
    let settings: ModelFile.CheckedSettings
    let vocabulary: CharacterVocabulary?
    do {
      let file = try ModelFile(reading: text, name: path)
      network = try file.network(name: path, maxNumbers: session.maxNumbers)
      settings = try file.checkedSettings(name: path)
      vocabulary = try file.checkedVocabulary(name: path, for: network)
    } catch {
      throw error.locatedIfUnplaced(at: context.range)
    }
    session.network = network
    session.layerRanges = Array(repeating: context.range, count: network.depth)
    session.loss = settings.loss
    session.trainer = settings.trainer
    session.seed = settings.seed
    session.initialization = settings.initialization
    session.history = []
    session.epochsTrained = settings.epochsTrained
    session.parametersChanged(by: "'load' replaced them")
    let vocabularyNote =
      vocabulary.map { ", with its vocabulary of \(counted($0.count, "token"))" } ?? ""
    context.say(
      "loaded \(counted(network.depth, "layer")) (\(NumberFormat.grouped(network.parameterCount)) parameters, \(NumberFormat.grouped(network.trainableParameterCount)) trainable) from \(path)\(vocabularyNote)"
    )
    if let vocabulary {
      adopt(vocabulary, in: &session, context)
    } else {
      session.vocabulary = session.corpus?.vocabulary
    }
    if let data = session.data, data.inputs.columns != network.inputWidth {
      context.warn(
        .warning(
          "warning.loadedWidth",
          "the loaded network takes \(network.inputWidth) inputs but the data has \(data.inputs.columns) features",
          notes: [.init("load data with \(network.inputWidth) features before training")]))
    }
  }

  /// Makes the model's vocabulary the session's: a text loaded before is renumbered by it, so
  /// its ids are the model's, or put aside (with a warning) if it holds a character the model
  /// does not know.
  private func adopt(
    _ vocabulary: CharacterVocabulary, in session: inout Session, _ context: RunContext
  ) {
    session.vocabulary = vocabulary
    guard let corpus = session.corpus, corpus.vocabulary != vocabulary else { return }
    session.dataChanged()
    if let renumbered = corpus.renumbered(by: vocabulary) {
      session.corpus = renumbered
      context.say("the text loaded before is now numbered by the model's vocabulary")
      return
    }
    let missing = corpus.firstMissing(from: vocabulary).map(CharacterVocabulary.shown) ?? "?"
    session.corpus = nil
    context.warn(
      .warning(
        "warning.loadedVocabulary",
        "the text loaded before has '\(missing)', which the model's vocabulary lacks: the text was put aside",
        notes: [
          .init(
            "load a text the model can read, with 'data text FILE context \(corpus.context)'; 'show vocab' lists its tokens"
          )
        ]))
  }
}
