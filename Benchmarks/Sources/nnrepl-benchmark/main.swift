import Foundation
import NNEngine

// nnrepl-benchmark --list                  the workloads, one JSON object per line (numpy_reference.py reads them)
// nnrepl-benchmark NAME                    trains workload NAME, prints its Measurement as one JSON line
// nnrepl-benchmark --weights NAME FILE     writes NAME's starting network to FILE for NumPy's twin
// nnrepl-benchmark --once NAME [EPOCHS]    trains NAME once, untimed (for valgrind and allocation
//                                          counts), for EPOCHS epochs or updates if given; prints the loss
//
// Each workload runs in a process of its own (Benchmarks/compare.py starts them), so that its peak
// memory is its own and OPENBLAS_NUM_THREADS can differ between runs.

let arguments = Array(CommandLine.arguments.dropFirst())
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys

func printJSON(_ value: some Encodable) {
  print(String(decoding: try! encoder.encode(value), as: UTF8.self))
}

func workload(named name: String) -> Workload? { Workload.all.first { $0.name == name } }

do {
  if arguments == ["--list"] {
    Workload.all.forEach(printJSON)
  } else if arguments.count == 3, arguments[0] == "--weights",
    let workload = workload(named: arguments[1])
  {
    try WeightsFile.write(workload.prepare().initialNetwork, to: arguments[2])
  } else if (2...3).contains(arguments.count), arguments[0] == "--once",
    var workload = workload(named: arguments[1])
  {
    if arguments.count == 3, let epochs = Int(arguments[2]), epochs > 0 { workload.epochs = epochs }
    print(try workload.prepare().train())
  } else if arguments.count == 1, let workload = workload(named: arguments[0]) {
    let benchmark = try workload.prepare()
    printJSON(Measurement(workload) { benchmark.train() })
  } else {
    FileHandle.standardError.write(
      Data(
        "usage: nnrepl-benchmark --list | NAME | --weights NAME FILE | --once NAME [EPOCHS]\nworkloads: \(Workload.all.map(\.name).joined(separator: " "))\n"
          .utf8))
    exit(64)
  }
} catch {
  FileHandle.standardError.write(Data("nnrepl-benchmark: \(error)\n".utf8))
  exit(66)
}
