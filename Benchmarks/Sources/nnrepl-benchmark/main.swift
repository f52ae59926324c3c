import Foundation
import NNEngine

// nnrepl-benchmark --list    the workloads, one JSON object per line (numpy_reference.py reads them)
// nnrepl-benchmark NAME      trains workload NAME, prints its Measurement as one JSON line
//
// Each workload runs in a process of its own (Benchmarks/compare.py starts them), so that its peak
// memory is its own and OPENBLAS_NUM_THREADS can differ between runs.

let arguments = CommandLine.arguments.dropFirst()
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys

func printJSON(_ value: some Encodable) {
  print(String(decoding: try! encoder.encode(value), as: UTF8.self))
}

if arguments.first == "--list" {
  Workload.all.forEach(printJSON)
} else if let name = arguments.first, let workload = Workload.all.first(where: { $0.name == name }) {
  let data = workload.dataset()
  printJSON(Measurement(workload) { workload.path == "session" ? workload.trainInSession(data) : workload.train(data) })
} else {
  FileHandle.standardError.write(
    Data("usage: nnrepl-benchmark --list | NAME\nworkloads: \(Workload.all.map(\.name).joined(separator: " "))\n".utf8))
  exit(64)
}
