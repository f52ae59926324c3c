// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so that the main build and CI stay lean. Run them with
// `bash Benchmarks/run.sh`, which also runs the NumPy reference and prints the two side by side.
let package = Package(
  name: "nnrepl-benchmarks",
  platforms: [.macOS(.v15)],
  // Named, so that the product below is found whatever the repository's folder is called.
  dependencies: [.package(name: "nnrepl", path: "..")],
  targets: [
    .executableTarget(
      name: "nnrepl-benchmark",
      dependencies: [
        .product(name: "NNEngine", package: "nnrepl"),
        .product(name: "NNLanguage", package: "nnrepl"),
      ])
  ]
)
