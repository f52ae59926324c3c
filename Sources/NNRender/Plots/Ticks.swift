#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where an axis gets its labels: "nice" numbers, 1, 2 or 5 times a power of ten apart, as
/// people label axes by hand (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990) —
/// 0, 0.25, 0.5 … rather than the data's raw extremes. Zero, when in range, is labelled 0.
public struct Ticks: Equatable, Sendable {
  /// The tick values, from low to high, all inside the range.
  public var values: [Double]
  /// The distance between neighbouring ticks (0 for a lone tick).
  public var step: Double

  /// About `count` ticks inside `range`; with `whole`, only whole numbers (rows and columns).
  public init(in range: ClosedRange<Double>, count: Int, whole: Bool = false) {
    let span = range.upperBound - range.lowerBound
    guard span > 0, span.isFinite else {
      (values, step) = ([range.lowerBound], 0)
      return
    }
    let raw = span / Double(max(1, count))
    let power = pow(10, (log10(raw)).rounded(.down))
    let fraction = raw / power
    var step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power
    if whole { step = max(1, step.rounded()) }
    let first = (range.lowerBound / step - 1e-9).rounded(.up)
    let last = (range.upperBound / step + 1e-9).rounded(.down)
    values =
      first <= last
      ? stride(from: first, through: last, by: 1).map { $0 * step } : [range.lowerBound]
    self.step = step
  }

  /// Powers of ten inside `range` (for a logarithmic axis), or nice ticks if there are fewer than two.
  public init(logarithmicIn range: ClosedRange<Double>, count: Int) {
    guard range.lowerBound > 0 else {
      self.init(in: range, count: count)
      return
    }
    let (low, high) = (log10(range.lowerBound), log10(range.upperBound))
    let exponents = stride(
      from: (low - 1e-9).rounded(.up), through: (high + 1e-9).rounded(.down), by: 1)
    let powers = exponents.map { pow(10, $0) }
    guard powers.count >= 2 else {
      self.init(in: range, count: count)
      return
    }
    let every = max(1, Int((Double(powers.count) / Double(max(1, count))).rounded(.up)))
    self.init(values: powers.enumerated().filter { $0.offset % every == 0 }.map(\.element), step: 0)
  }

  private init(values: [Double], step: Double) {
    self.values = values
    self.step = step
  }

  /// `value` written with as many decimals as the step needs: `0`, `0.5`, `-5`, `0.05`; scientific beyond.
  public func label(_ value: Double) -> String {
    if value == 0 || (step > 0 && abs(value) < step * 1e-6) { return "0" }
    guard step > 0, step >= 1e-4, abs(value) < 1e6 else {
      return NumberFormat.scalar(value, digits: 3)
    }
    // A step has one significant digit (0.05), so its decimals are enough for every tick.
    let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    return NumberFormat.printf("%.\(decimals)f", value)
  }
}
