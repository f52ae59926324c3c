#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small, fast random number generator that gives the same sequence for the same seed on every
/// machine (SplitMix64, by Guy Steele, Doug Lea and Christine Flood).
///
/// Every random choice nnrepl makes — initial weights, shuffles, generated data — comes from one of
/// these, so a lesson prints the same numbers each time it runs. It also draws its own uniform and
/// normal numbers rather than using the standard library's, whose algorithms may change between
/// Swift versions.
public struct SeededGenerator: RandomNumberGenerator, Equatable, Sendable {
  private var state: UInt64

  /// A generator for `seed`. Different `stream`s give independent sequences for the same seed:
  /// nnrepl gives each layer its own stream, so layer 2's weights do not depend on layer 1's size.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var mixer = SeededGenerator(rawState: stream)
    state = seed ^ mixer.next()
  }

  private init(rawState: UInt64) { state = rawState }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform number in [0, 1), from the top 53 bits of the next output.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A number from the standard normal distribution (mean 0, standard deviation 1), by the
  /// Box–Muller transform: √(−2 ln u₁)·cos(2π u₂) for uniform u₁ in (0, 1] and u₂ in [0, 1).
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUniform()
    let u2 = nextUniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// The numbers 0..<count in a random order (Fisher–Yates): the order of a shuffled epoch.
  public mutating func permutation(of count: Int) -> [Int] {
    var order = Array(0..<count)
    for i in stride(from: count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(next() % UInt64(i + 1)))
    }
    return order
  }
}
