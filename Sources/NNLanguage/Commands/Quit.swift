/// `quit`: leave nnrepl. (Ctrl-D does the same at the prompt.)
public struct Quit: CommandWithoutArguments {
  static let help = CommandHelp(
    "quit", synopsis: "quit", summary: "leave nnrepl (Ctrl-D does the same)", examples: ["quit"])

  /// The interpreter stops before running `quit`; there is nothing left to do.
  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {}
}
