import NNEngine

/// The named matrices of a session: `X y Y`, the parameters `W1 b1 …`, the results of the last
/// passes `z1 a1 … yhat delta1 …`, and the student's own names.
extension Session {
  /// A parsed tensor name such as `W2`: its family and, for per-layer names, the layer number.
  struct TensorName {
    enum Family: String { case W, b, A, B, z, a, delta, dW, db, dA, dB }

    /// Whether this names a parameter: W, b, or an adapter's A or B.
    var isParameter: Bool { [.W, .b, .A, .B].contains(family) }
    var family: Family
    var layer: Int

    init?(_ name: String) {
      let prefix = name.prefix { !$0.isASCIIDigit }
      let digits = name.dropFirst(prefix.count)
      guard let family = Family(rawValue: String(prefix)), let layer = Int(digits), layer >= 1,
        digits.first != "0"
      else { return nil }
      self.family = family
      self.layer = layer
    }
  }

  /// Names whose value the session computes; `let` cannot set them.
  static let computedNames: Set<String> = ["X", "y", "Y", "yhat", "loss", "accuracy", "depth", "params", "gradcheck", "epochs", "model_params", "lora_params", "trainable"]

  /// Every name that has a value right now, in a stable order.
  public var tensorNames: [String] {
    var names: [String] = []
    if data != nil { names += ["X", "y"] }
    if data != nil, network?.layers.isEmpty == false { names.append("Y") }
    let depth = network?.depth ?? 0
    for l in stride(from: 1, through: depth, by: 1) {
      names += ["W\(l)", "b\(l)"]
      if network?.layers[l - 1].adapter != nil { names += ["A\(l)", "B\(l)"] }
    }
    if let pass = lastForward { for l in pass.z.indices { names += ["z\(l + 1)", "a\(l + 1)"] }; names.append("yhat") }
    if let gradients {
      for l in gradients.deltas.indices {
        names += ["delta\(l + 1)", "dW\(l + 1)", "db\(l + 1)"]
        if gradients.adapters[l] != nil { names += ["dA\(l + 1)", "dB\(l + 1)"] }
      }
    }
    return names + variables.keys.sorted()
  }

  /// The matrix called `name`, or an error that says why it has no value and what would give it one.
  func tensor(named name: String, at range: SourceRange) throws(Diagnostic) -> Matrix {
    if let value = variables[name] { return value }
    switch name {
    case "X": return try requireData(at: range).inputs
    case "y":
      let data = try requireData(at: range)
      switch data.labels {
      case .classes(let classes): return Matrix(column: classes.map(Double.init))
      case .targets(let rows): return rows
      }
    case "Y": return try targets(at: range)
    case "yhat":
      guard let pass = lastForward else { throw notComputed(name, by: "forward", at: range) }
      return pass.output
    case "loss": return Matrix(row: [try currentLoss(at: range)])
    case "accuracy": return Matrix(row: [try accuracy(at: range).fraction])
    case "depth": return Matrix(row: [Double(network?.depth ?? 0)])
    case "epochs": return Matrix(row: [Double(epochsTrained)])
    case "trainable": return Matrix(row: [Double(network?.trainableParameterCount ?? 0)])
    case "lora_params":
      guard let modelLoRAParameters else {
        throw .runtime("runtime.noModelCount", "'lora_params' has no value yet", at: range, notes: [.init("run 'params llama-7b lora 8 on q v' (or another) first")])
      }
      return Matrix(row: [Double(modelLoRAParameters)])
    case "model_params":
      guard let modelParameters else {
        throw .runtime("runtime.noModelCount", "'model_params' has no value yet", at: range, notes: [.init("run 'params gpt2-small' (or another model) first")])
      }
      return Matrix(row: [Double(modelParameters)])
    case "params": return Matrix(row: [Double(network?.parameterCount ?? 0)])
    case "gradcheck":
      // The largest relative error among gradients large enough to measure (see GradientCheck).
      return Matrix(row: [try gradientCheck(at: range).filter { !$0.isWithinNoise }.map(\.relativeError).max() ?? 0])
    default: break
    }
    guard let parsed = TensorName(name) else {
      throw .runtime(
        "runtime.unknownTensor", "unknown name '\(name)'", at: range,
        notes: Suggestions.note(for: name, among: tensorNames + CommandCatalog.names) + [availableNote])
    }
    let network = try requireLayers(at: range)
    guard parsed.layer <= network.depth else {
      throw .runtime(
        "runtime.noSuchLayer",
        "there is no '\(name)': the network has \(counted(network.depth, "layer"))",
        at: range, notes: [availableNote])
    }
    let index = parsed.layer - 1
    switch parsed.family {
    case .W: return network.layers[index].weights
    case .b: return network.layers[index].bias
    case .A, .B:
      guard let adapter = network.layers[index].adapter else {
        throw .runtime(
          "runtime.noAdapter", "layer \(parsed.layer) has no LoRA adapter, so no '\(name)'", at: range,
          notes: [.init("'adapt \(parsed.layer) lora 2' gives it one")])
      }
      return parsed.family == .A ? adapter.down : adapter.up
    case .z, .a:
      guard let pass = lastForward else { throw notComputed(name, by: "forward", at: range) }
      return parsed.family == .z ? pass.z[index] : pass.a[index]
    case .delta, .dW, .db, .dA, .dB:
      guard let gradients else { throw notComputed(name, by: "backward", at: range) }
      switch parsed.family {
      case .dW: return gradients.weights[index]
      case .db: return gradients.biases[index]
      case .dA, .dB:
        guard let adapter = gradients.adapters[index] else {
          throw .runtime("runtime.noAdapter", "layer \(parsed.layer) has no LoRA adapter, so no '\(name)'", at: range)
        }
        return parsed.family == .dA ? adapter.down : adapter.up
      default: return gradients.deltas[index]
      }
    }
  }

  /// The note listing the names that exist now.
  private var availableNote: Diagnostic.Note {
    let names = tensorNames
    return .init(names.isEmpty ? "no names have values yet" : "names with values now: \(names.joined(separator: " "))")
  }

  private func notComputed(_ name: String, by command: String, at range: SourceRange) -> Diagnostic {
    let reason = command == "backward" ? gradientsMissingReason : "nothing has run 'forward' since the parameters were last set"
    return .runtime(
      "runtime.notComputed", "'\(name)' has no value yet: \(reason)", at: range,
      notes: [.init("run '\(command)' first")])
  }
}
