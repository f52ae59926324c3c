import ArgumentParser
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `nnrepl kernel -f FILE`: the Jupyter kernel, as a kernelspec starts it; and `nnrepl kernel
/// install`, which writes that kernelspec.
///
/// The kernel itself is the Python package in `jupyter/` (a wrapper on ipykernel, which speaks
/// Jupyter's protocol); this command replaces itself with that package's Python, telling it
/// which `nnrepl` to serve with. See docs/ARCHITECTURE.md, Jupyter.
struct Kernel: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Run nnrepl as a Jupyter kernel (started by Jupyter), or install it with 'nnrepl kernel install --user'.",
    discussion: """
      Needs the kernel's Python package: 'pip install ./jupyter' from nnrepl's repository. The \
      Python is the one NNREPL_PYTHON names (the kernelspec sets it to the one the package was \
      installed for), else python3 on PATH.
      """,
    subcommands: [KernelInstall.self])

  @Option(
    name: .customShort("f"),
    help: ArgumentHelp("The connection file Jupyter gives the kernel.", valueName: "file"))
  var connectionFile: String?

  func run() throws {
    guard let connectionFile else {
      throw ValidationError(
        "Jupyter starts the kernel with '-f CONNECTION_FILE'; to install it, run 'nnrepl kernel install --user'"
      )
    }
    try Kernel.execPython(
      module: "nnrepl_kernel.__main__", entry: "main", arguments: ["-f", connectionFile])
  }

  /// Replaces this process with Python (`python`, else `NNREPL_PYTHON`, else python3 on PATH)
  /// running `module.entry()` with `arguments` as its command line, or fails with a hint when
  /// Python or the package is missing.
  static func execPython(
    _ python: String? = nil, module: String, entry: String, arguments: [String]
  ) throws -> Never {
    let environment = ProcessInfo.processInfo.environment
    let named = python ?? environment["NNREPL_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    guard let python = named ?? findOnPath("python3", environment["PATH"]) else {
      Console().err(
        "nnrepl: error: the Jupyter kernel needs Python 3, and there is no python3 on PATH\nhint: install Python 3, then 'pip install ./jupyter' from nnrepl's repository"
      )
      throw ExitCode(ExitStatus.unavailable.rawValue)
    }
    // A missing package is reported in nnrepl's words, not as Python's ModuleNotFoundError.
    let program = """
      import sys
      try:
          from \(module) import \(entry)
      except ImportError as error:
          sys.stderr.write("nnrepl: error: the Jupyter kernel's Python package is not installed for " + sys.executable + " (" + str(error) + ")\\nhint: pip install ./jupyter (from nnrepl's repository), then nnrepl kernel install --user\\n")
          sys.exit(\(ExitStatus.unavailable.rawValue))
      sys.argv[1:] = sys.argv[2:]
      \(entry)()
      """
    setenv("NNREPL_BINARY", ExecutablePath.current, 1)
    let argv = ([python, "-c", program, "--"] + arguments).map { strdup($0) } + [nil]
    execv(python, argv)
    Console().err("nnrepl: error: cannot run '\(python)': \(String(cString: strerror(errno)))")
    throw ExitCode(ExitStatus.unavailable.rawValue)
  }

  static func findOnPath(_ name: String, _ path: String?) -> String? {
    (path ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }.first {
      access($0, X_OK) == 0
    }
  }
}

/// `nnrepl kernel install [--user | --prefix DIR]`: the kernelspec `nnrepl` (display name
/// "nnrepl", with a logo), written by jupyter_client where Jupyter looks for it.
struct KernelInstall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install",
    abstract:
      "Install the Jupyter kernelspec 'nnrepl', which starts 'nnrepl kernel -f {connection_file}'.")

  @Flag(help: "Install for this user only (no administrator rights needed).")
  var user = false

  @Option(
    help: ArgumentHelp(
      "Install under DIR/share/jupyter/kernels, such as a virtual environment's folder.",
      valueName: "dir"))
  var prefix: String?

  @Option(
    help: ArgumentHelp(
      "The Python that has the kernel's package (a virtual environment's bin/python); the kernel runs with it.",
      valueName: "path"))
  var python: String?

  func validate() throws {
    if user && prefix != nil { throw ValidationError("choose one of --user and --prefix") }
  }

  func run() throws {
    var arguments = ["--nnrepl", ExecutablePath.current]
    if user { arguments.append("--user") }
    if let prefix { arguments += ["--prefix", prefix] }
    try Kernel.execPython(
      python, module: "nnrepl_kernel.install", entry: "main", arguments: arguments)
  }
}
