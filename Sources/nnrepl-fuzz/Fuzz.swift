import NNLanguage

// A libFuzzer target: arbitrary bytes, read as lines, through the lexer, the parser and the
// interpreter. Build and run it with `.ci/fuzz` (see its header). Without the FUZZING flag it
// is a plain program that says how to build it, so the package's normal build stays simple.

#if FUZZING
  /// Runs the input's first 64 lines in a fresh session. Work is bounded so that the fuzzer
  /// explores the language, not big sizes (which `Limits` and their tests cover): inputs with a
  /// number of more than three digits are skipped, and training stops after a few epochs.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var digits = 0
    for character in text.unicodeScalars {
      digits = ("0"..."9").contains(character) ? digits + 1 : 0
      if digits > 3 { return 0 }
    }
    var interpreter = Interpreter()
    var checks = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64).enumerated() {
      _ = interpreter.run(line: String(line), number: index + 1, isCancelled: {
        checks += 1
        return checks > 50
      }) { _ in }
    }
    return 0
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
  public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
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
