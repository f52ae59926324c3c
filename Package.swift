// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "nnrepl",
  // Synchronization.Atomic (the Ctrl-C flag) needs macOS 15; Linux ignores this line.
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nnrepl", targets: ["nnrepl"]),
    // The engine and the language, for the benchmarks in Benchmarks/ (a package of its own).
    .library(name: "NNEngine", targets: ["NNEngine"]),
    .library(name: "NNLanguage", targets: ["NNLanguage"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // libedit, the BSD-licensed line editor, reached through a small C shim.
    .systemLibrary(
      name: "CLibedit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    // BLAS (OpenBLAS), for large matrix products on Linux; macOS has it in Accelerate.
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // Pure numerics: matrices, layers, losses, backprop. No I/O; BLAS is its only dependency.
    // Optimised in debug builds too: the tests and lessons train real networks (a GPT lesson
    // runs about ten times faster), and Swift's -O keeps IEEE arithmetic, so every number is
    // the release build's.
    .target(
      name: "NNEngine",
      dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux]))],
      exclude: ["README.md"],
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    // Turns output values into terminal text and JSON. Knows nothing of networks.
    .target(name: "NNRender", exclude: ["README.md"]),
    // The nnrepl language: lexer, parser, commands, interpreter, diagnostics.
    .target(name: "NNLanguage", dependencies: ["NNEngine", "NNRender"], exclude: ["README.md"]),
    // The only module that touches the terminal, files and the environment.
    .executableTarget(
      name: "nnrepl",
      dependencies: [
        "NNLanguage", "NNRender", "CLibedit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["README.md"]
    ),
    // Test helpers, and a pseudo-terminal opener for driving the real binary as a person would.
    .target(name: "CPseudoTerminal"),
    // A libFuzzer target over the language (see .ci/fuzz); a plain program in normal builds.
    .executableTarget(name: "nnrepl-fuzz", dependencies: ["NNLanguage"]),
    .target(name: "NNTestSupport", dependencies: ["NNEngine", "NNLanguage", "CPseudoTerminal"]),
    .testTarget(
      name: "NNEngineTests", dependencies: ["NNEngine", "NNTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "NNRenderTests", dependencies: ["NNRender"]),
    .testTarget(name: "NNLanguageTests", dependencies: ["NNLanguage", "NNTestSupport"]),
    .testTarget(name: "nnreplTests", dependencies: ["NNTestSupport"]),
  ]
)
