import NNLanguage

// A libFuzzer target: arbitrary bytes, read as lines, through the lexer, the parser and the
// interpreter. Build and run it with `.ci/fuzz` (see its header). Without the FUZZING flag it
// is a plain program that says how to build it, so the package's normal build stays simple.

#if FUZZING
  /// Runs the input in a fresh session. Work is bounded so that the fuzzer explores the language,
  /// not big sizes (which `Limits` and their tests cover): inputs with a number of more than three
  /// digits are skipped, and after 50 checks for Ctrl-C (epochs of training, steps of an
  /// expression) the input's lines are stopped.
  ///
  /// Three shapes of input:
  /// - lines of the language, the first 64 of them;
  /// - the same with a part in braces, `let x = {(}1`, repeated 3,000 times in place, so that a
  ///   short input reaches deep nesting and long chains (the parser's and tape's limits);
  /// - `csv` on the first line and a CSV file after it, loaded with `data load`.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var digits = 0
    for character in text.unicodeScalars {
      digits = ("0"..."9").contains(character) ? digits + 1 : 0
      if digits > 3 { return 0 }
    }
    if text.hasPrefix("csv\n") {
      run(["data load fuzz.csv", "summary"], files: OneFile(text: String(text.dropFirst(4))))
    } else {
      run(
        text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64).map {
          amplified(String($0))
        }, files: NoFiles())
    }
    return 0
  }

  /// Runs `lines` in a fresh session that reads `files`.
  private func run(_ lines: [String], files: any FileAccess) {
    var interpreter = Interpreter(files: files)
    var checks = 0
    for (index, line) in lines.enumerated() {
      _ = interpreter.run(
        line: line, number: index + 1,
        isCancelled: {
          checks += 1
          return checks > 50
        }
      ) { _ in }
    }
  }

  /// `line` with its first `{…}` replaced by 3,000 copies of what is between the braces.
  private func amplified(_ line: String) -> String {
    guard let open = line.firstIndex(of: "{"), let close = line[open...].firstIndex(of: "}") else {
      return line
    }
    let part = line[line.index(after: open)..<close]
    return line[..<open] + String(repeating: String(part), count: 3_000)
      + line[line.index(after: close)...]
  }

  /// One file, whatever its name; writes go nowhere.
  private struct OneFile: FileAccess {
    var text: String
    func read(_ path: String) throws(FileError) -> String { text }
    func write(_ text: String, to path: String) throws(FileError) {}
  }

  /// libFuzzer's driver, which reads the corpus, mutates inputs and calls the function above.
  @_silgen_name("LLVMFuzzerRunDriver")
  func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
  ) -> Int32

  /// SwiftPM links an executable's entry point under this name; hand control to libFuzzer.
  @_cdecl("nnrepl_fuzz_main")
  public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> Int32
  {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
  }
#else
  @main
  enum FuzzInstructions {
    static func main() {
      print("nnrepl-fuzz is a libFuzzer target: build and run it with .ci/fuzz")
    }
  }
#endif
