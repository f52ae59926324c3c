import NNEngine

/// What Tab can complete at the end of a partly typed line: command names first, then the words
/// each command takes — layer kinds, activations, losses, data sets — and the names of the
/// tensors that exist right now.
public struct Completion: Equatable, Sendable {
  /// The partial word being completed (empty after a space).
  public var word: String
  /// The words that could finish it, sorted.
  public var candidates: [String]

  /// The completions for `text`, the line up to the cursor, in `session`.
  public init(completing text: String, in session: Session) {
    var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
    let word = (text.last.map(\.isWhitespace) ?? true) ? "" : (words.popLast() ?? "")
    self.word = word
    let choices = Completion.choices(after: words, in: session)
    candidates = Array(Set(choices.filter { $0.hasPrefix(word) })).sorted()
  }

  /// The longest text every candidate starts with.
  public var commonPrefix: String {
    guard var prefix = candidates.first else { return word }
    for candidate in candidates.dropFirst() {
      while !candidate.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
  }

  /// The words that may follow `words` (the complete words before the one being typed).
  private static func choices(after words: [String], in session: Session) -> [String] {
    guard let command = words.first else { return CommandCatalog.names }
    let arguments = Array(words.dropFirst())
    switch (command, arguments.count) {
    case ("layer", 0): return LayerKinds.names
    case ("layer", let position):
      return LayerKinds.kind(named: arguments[0])?.completions(
        at: position - 1, after: Array(arguments.dropFirst())) ?? []
    case ("loss", 0): return Loss.allCases.map(\.rawValue)
    case ("data", 0):
      return DataCommand.Name.allCases.map(\.rawValue) + DataTask.names + ["X", "load", "text"]
    case ("data", let position) where arguments.first == "text":
      return position == 2 ? ["context"] : position == 4 ? ["split"] : []
    case ("data", _) where arguments.first == "load": return ["target"]
    case ("data", _): return ["n", "noise"]
    case ("init", 0): return Initialization.allCases.map(\.rawValue)
    case ("optimizer", 0): return OptimizerCommand.Name.allCases.map(\.rawValue)
    case ("batch", 0): return ["full"]
    case ("clip", 0): return ["none"]
    case ("schedule", 0): return ["cosine", "none"]
    case ("schedule", 1): return ["warmup"]
    case ("params", 0): return TransformerShape.Preset.allCases.map(\.rawValue) + ["transformer"]
    case ("freeze", 0), ("unfreeze", 0): return ["all"]
    case ("freeze", 1) where arguments.first == "all": return ["but"]
    case ("adapt", 0), ("merge", 0): return ["attention", "transformer"]
    case ("adapt", 1): return ["lora"]
    case ("adapt", _) where arguments.count >= 3:
      return ["alpha", "on"]
        + (arguments.contains("on") ? Projection.allCases.map(\.rawValue) + ["mlp"] : [])
    case ("help", 0): return CommandCatalog.names
    case ("train", 1): return ["every"]
    case ("grad", 0), ("gradcheck", 0): return session.parameterNames
    case ("grad", _): return expressionWords(in: session) + ["wrt", "as"]
    case ("show", 0): return session.tensorNames + ["attention"]
    case ("show", 2) where arguments.first == "attention": return ["head"]
    case ("let", 0): return session.tensorNames
    case ("generate", let position) where position >= 1: return ["from", "temperature", "top"]
    case ("explain", 0): return ["forward", "backward"]
    case ("plot", 0):
      return ["loss", "data", "boundary", "attention"]
        + Activation.allCases.filter { $0 != .softmax }.map(\.rawValue) + session.tensorNames
    case ("plot", _) where arguments.first == "attention":
      return arguments.count == 2 ? ["head", "to"] : ["to"]
    case ("plot", _): return ["to", "log", "from"]
    case ("expect", _) where arguments.first == "error":
      return choices(after: Array(arguments.dropFirst()), in: session)
    case ("expect", _):
      return (arguments.isEmpty ? ["error"] : ["within"]) + expressionWords(in: session)
    case ("let", _): return expressionWords(in: session)
    case _ where CommandCatalog.help(for: command) == nil: return expressionWords(in: session)
    default: return []
    }
  }

  /// What an expression can read: the session's names, the computed numbers, and the functions.
  private static func expressionWords(in session: Session) -> [String] {
    session.tensorNames + [
      "loss", "accuracy", "depth", "params", "gradcheck", "epochs", "model_params", "lora_params",
      "trainable",
    ] + Function.allCases.map(\.rawValue)
  }
}
