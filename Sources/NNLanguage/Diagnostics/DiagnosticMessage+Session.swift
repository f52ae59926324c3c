import NNEngine
import NNRender

/// The messages of running a line: what the session lacks (`Session+Requirements.swift`), names
/// it does not know, files, and failed checks. Each member's name is its id after `runtime.`
/// (or `warning.`, `expect.`).
extension DiagnosticMessage {
  // MARK: What a command needs first

  static var noLayers: Self { .runtime("the network has no layers yet") }

  static var noData: Self { .runtime("there is no data yet") }

  static var noLoss: Self { .runtime("no loss function has been chosen") }

  /// `what` has no gradient yet (`gradient for 'W1'`, `gradients to measure`), for `reason`.
  static func noGradients(_ what: String, reason: String) -> Self {
    .runtime("no \(what): \(reason)")
  }

  /// `what` (`the targets of 4 samples for 2 outputs`) would take `size` of memory.
  static func tooLarge(_ what: String, wouldBe size: String) -> Self {
    .runtime("\(what) would be \(size)")
  }

  /// A sequence output's targets do not fit it: `problem` says how.
  static func positionLabels(_ problem: String) -> Self { .runtime(problem) }

  /// `what` (`the data`) has `columns` numbers per sample where the network takes `inputs`.
  static func inputWidth(_ what: String, columns: Int, inputs: Int) -> Self {
    .runtime("\(what) has \(counted(columns, "feature")) but the network takes \(inputs)")
  }

  static func tokenId(_ what: String, value: Double, sample: Int, position: Int) -> Self {
    .runtime(
      "\(what) has \(NumberFormat.scalar(value)) at sample \(sample), position \(position), which is not a token id"
    )
  }

  static func crossEntropyOutput(_ activation: Activation) -> Self {
    .warning("cross-entropy on a \(activation.rawValue) output, which is not a probability")
  }

  // MARK: Names

  /// There is no `what` (`layer 3`, `'W3'`) in a network of `depth` layers.
  static func noSuchLayer(_ what: String, depth: Int) -> Self {
    .runtime("there is no \(what): the network has \(counted(depth, "layer"))")
  }

  static func unknownTensor(_ name: String) -> Self { .runtime("unknown name '\(name)'") }

  static func notComputed(_ name: String, reason: String) -> Self {
    .runtime("'\(name)' has no value yet: \(reason)")
  }

  /// Index `written` (`[2, 0]`) is outside a matrix of `shape`.
  static func indexOutOfRange(_ written: String, shape: String) -> Self {
    .runtime("\(written) is outside a \(shape) matrix")
  }

  /// Shapes that an operator cannot combine; `text` says which and how (`cannot add 2×3 and 3×2 with '+'`).
  static func shapeMismatch(_ text: String) -> Self { .runtime(text) }

  static func unknownHelpTopic(_ topic: String) -> Self {
    .runtime("no command is called '\(topic)'")
  }

  static func askMatrix(_ text: String, shape: String) -> Self {
    .runtime("'ask' needs one number, but '\(text)' is \(shape)")
  }

  // MARK: Files

  static func cannotRead(_ path: String, reason: String) -> Self {
    .runtime("cannot load '\(path)': \(reason)")
  }

  /// Writing `path` failed; `action` is what was being done (`save to`, `write`).
  static func cannotWrite(_ path: String, reason: String, action: String) -> Self {
    .runtime("cannot \(action) '\(path)': \(reason)")
  }

  // MARK: Checks

  /// expect.failed: `check` (`loss < 0.05`) is false, `detail` says what was found instead.
  static func failed(_ check: String, but detail: String) -> Self {
    Self(.expect, "expected \(check), but \(detail)")
  }
}
