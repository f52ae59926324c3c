// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so that the main build and CI stay lean:
// `swift run -c release --package-path Benchmarks` (or Benchmarks/run.sh, which also runs NumPy).
let package = Package(
  name: "nnrepl-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(name: "nnrepl-benchmark", dependencies: [.product(name: "NNEngine", package: "main")])
  ]
)
