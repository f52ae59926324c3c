import NNRender

/// What running a line produces, in order: outputs, and warnings or an error.
public enum Event: Equatable, Sendable {
  case output(Output)
  case diagnostic(Diagnostic)
}

/// What a command needs from the interpreter while it runs.
public struct RunContext {
  /// The whole command, for messages about the command as a whole.
  public var range: SourceRange
  /// Reports an output or a warning as soon as it exists (training prints while it runs).
  public var emit: (Event) -> Void
  /// Whether the user asked to stop (Ctrl-C). Long commands check it between epochs.
  public var isCancelled: () -> Bool
  /// The files the command may read (`data load`) and write (`plot … to`).
  public var files: any FileAccess

  public init(
    range: SourceRange, emit: @escaping (Event) -> Void, isCancelled: @escaping () -> Bool,
    files: any FileAccess = NoFiles()
  ) {
    self.range = range
    self.emit = emit
    self.isCancelled = isCancelled
    self.files = files
  }

  /// Reports an output.
  func say(_ output: Output) { emit(.output(output)) }

  /// Reports a sentence.
  func say(_ message: String) { emit(.output(.message(message))) }

  /// Reports a warning at the command, unless it points elsewhere.
  func warn(_ warning: Diagnostic) { emit(.diagnostic(warning.locatedIfUnplaced(at: range))) }
}
