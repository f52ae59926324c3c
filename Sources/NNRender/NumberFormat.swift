#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How numbers are written for people. (JSON output writes every digit instead; see `JSONValue`.)
///
/// A fixed number of significant digits keeps printed numbers stable across machines: the last
/// bits of a Double can differ between CPUs, the fourth decimal almost never does.
public enum NumberFormat {
  /// A single number, to 6 significant digits (or `digits`): `1.09463`, `0.000123`, `2.5e-09`.
  public static func scalar(_ x: Double, digits: Int = 6) -> String {
    if let special = special(x) { return special }
    return cleaned(printf("%.\(digits)g", x))
  }

  /// A formatter for all the entries of one matrix, so that its columns line up: 4 decimals when
  /// every entry is between 0.0001 and 10000 in size (or 0), else scientific notation for all.
  public static func entries(of values: [Double]) -> (Double) -> String {
    let magnitudes = values.filter { $0.isFinite && $0 != 0 }.map(abs)
    let fixed = magnitudes.allSatisfy { $0 >= 1e-4 && $0 < 1e4 }
    return { x in
      if let special = special(x) { return special }
      return cleaned(printf(fixed ? "%.4f" : "%.3e", x))
    }
  }

  /// `x` written by the C library's printf with `format` ("%.6g"): the same digits on every
  /// machine, and without Foundation, whose `String(format:)` loads ICU and costs start-up time.
  static func printf(_ format: String, _ x: Double) -> String {
    withVaList([x]) { arguments in
      var buffer = [CChar](repeating: 0, count: 64)
      _ = vsnprintf(&buffer, buffer.count, format, arguments)
      return String(
        decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  static func special(_ x: Double) -> String? {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return nil
  }

  /// Drops the sign of a printed negative zero ("-0.0000" and "-0.000e+00" are 0 to the reader).
  private static func cleaned(_ text: String) -> String {
    let mantissa = text.prefix { $0 != "e" }
    if text.hasPrefix("-"), mantissa.dropFirst().allSatisfy({ "0.".contains($0) }) {
      return String(text.dropFirst())
    }
    return text
  }
}

extension NumberFormat {
  /// A whole number with thousands separators: `1,234,567`.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return value < 0 ? "-" + result : result
  }
}

extension NumberFormat {
  /// A number with every digit it needs to be read back exactly, and no `.0` on whole numbers:
  /// `27`, `0.1`, `0.022325397410069862`. For expectations, where rounding would hide a failure.
  public static func exact(_ x: Double) -> String {
    if let special = special(x) { return special }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
  }
}

extension NumberFormat {
  /// A size in bytes, in the largest unit that keeps it at least 1: `216 B`, `475 MB`, `27 GB`.
  public static func bytes(_ count: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(count)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return "\(unit == 0 ? String(count) : scalar(value, digits: 3)) \(units[unit])"
  }
}
