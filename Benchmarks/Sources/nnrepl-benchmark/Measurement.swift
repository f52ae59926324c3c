#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The timings of one workload: one warm-up run, then `runs` timed runs; the median is the
/// figure, the fastest and slowest show the spread.
struct Measurement: Encodable {
  var name: String
  /// Wall-clock seconds of a run.
  var median: Double
  var fastest: Double
  var slowest: Double
  /// The median run's processor time (all threads, user and system), which other programs on a
  /// loaded machine lengthen less than the wall-clock time.
  var cpu: Double
  var runs: Int
  /// The final loss of the last run (every run trains the same network from the same start).
  var loss: Double
  /// The most memory the process held at once (resident set), in bytes.
  var peakBytes: Int

  init(_ workload: Workload, body: () -> Double) {
    _ = body()
    var (seconds, processor): ([Double], [Double]) = ([], [])
    var loss = Double.nan
    for _ in 0..<workload.runs {
      let (start, startProcessor) = (ContinuousClock.now, Measurement.processorSeconds())
      loss = body()
      let elapsed = ContinuousClock.now - start
      seconds.append(
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      processor.append(Measurement.processorSeconds() - startProcessor)
    }
    seconds.sort()
    processor.sort()
    self.cpu = processor[processor.count / 2]
    self.name = workload.name
    self.median = seconds[seconds.count / 2]
    (self.fastest, self.slowest) = (seconds[0], seconds[seconds.count - 1])
    self.runs = workload.runs
    self.loss = loss
    self.peakBytes = Measurement.peakResidentBytes()
  }

  /// The processor time this process has used so far, all threads together.
  static func processorSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  /// getrusage's high-water mark of resident memory (kilobytes on Linux, bytes on macOS).
  static func peakResidentBytes() -> Int {
    var usage = rusage()
    #if os(macOS)
      getrusage(RUSAGE_SELF, &usage)
      return Int(usage.ru_maxrss)
    #else
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
      return Int(usage.ru_maxrss) * 1024
    #endif
  }
}
