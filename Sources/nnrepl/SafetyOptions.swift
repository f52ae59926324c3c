import ArgumentParser
import NNLanguage

/// The options that decide what a script may touch: shared by `run`, `check` and `export`.
struct SafetyOptions: ParsableArguments {
  @Flag(help: "Let scripts read and write files outside the current folder (and their own folder).")
  var allowFilesAnywhere = false

  @Option(
    help: ArgumentHelp(
      "The most memory a network's parameters or one computed matrix may take, such as 2GB.",
      valueName: "size"))
  var maxMemory = MemorySize(bytes: 400_000_000)

  /// A fresh session that keeps to the memory limit.
  func session() -> Session { maxMemory.session() }
}
