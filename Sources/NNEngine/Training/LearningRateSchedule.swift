#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How the learning rate changes over a run of training: the base rate α times a factor of the
/// step t (1, 2, …) out of the run's N steps.
public enum LearningRateSchedule: Equatable, Sendable {
  /// α at every step.
  case constant
  /// A linear warm-up over the first w steps, then a cosine decay to a tenth of α at step N,
  /// as nanoGPT trains:
  ///
  ///     t ≤ w:   α·t/w
  ///     t > w:   α·(0.1 + 0.9·½·(1 + cos(π·(t − w)/(N − w))))
  ///
  /// The warm-up keeps the first steps small while Adam's moments are still a poor estimate; the
  /// decay takes smaller steps as the loss settles.
  case cosine(warmup: Int)

  /// The share of α still left at the end of a cosine schedule.
  public static let floor = 0.1

  /// The learning rate of step `t` (from 1) of a run of `total` steps with base rate `α`.
  public func rate(_ α: Double, step t: Int, of total: Int) -> Double {
    switch self {
    case .constant:
      return α
    case .cosine(let warmup):
      if t <= warmup { return α * Double(t) / Double(warmup) }
      let progress = total > warmup ? Double(min(t, total) - warmup) / Double(total - warmup) : 1
      return α * (Self.floor + (1 - Self.floor) * 0.5 * (1 + cos(Double.pi * progress)))
    }
  }
}
