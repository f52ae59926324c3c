import NNRender
import Testing

/// How numbers are written: every function of `NumberFormat`, on the values where its rule
/// changes (a power of ten, a unit, a sign, the edge of fixed notation).
@Suite("Number formats")
struct NumberFormatTests {
  @Test(
    "scalar: 6 significant digits (or as many as asked), printf's %g, no negative zero",
    arguments: [
      (1_234_567.0, 6, "1.23457e+06"), (123_456.0, 6, "123456"), (0.1, 6, "0.1"), (100, 6, "100"),
      (2.5e-9, 6, "2.5e-09"), (-0.0, 6, "0"), (-1.5, 6, "-1.5"), (3.14159, 3, "3.14"),
      (0.000123, 6, "0.000123"),
      (.infinity, 6, "inf"),
    ])
  func scalar(_ value: Double, _ digits: Int, _ written: String) {
    #expect(NumberFormat.scalar(value, digits: digits) == written)
  }

  @Test("a matrix's entries: 4 decimals when all fit between 1e-4 and 1e4, else scientific for all")
  func entries() {
    let fixed = NumberFormat.entries(of: [0, 0.5, -9999.5])
    #expect([0, 0.5, -9999.5, 0.00012].map(fixed) == ["0.0000", "0.5000", "-9999.5000", "0.0001"])
    let large = NumberFormat.entries(of: [0.5, 12_345])
    #expect([0.5, 12_345].map(large) == ["5.000e-01", "1.234e+04"])
    let small = NumberFormat.entries(of: [0.00005, 1])
    #expect([0.00005, 1, 0].map(small) == ["5.000e-05", "1.000e+00", "0.000e+00"])
    #expect(
      [-0.0, -1e-300 * 1e-300, -1e-5].map(small) == ["0.000e+00", "0.000e+00", "-1.000e-05"],
      "a negative zero (an underflow) has no sign in scientific form either")
    #expect(
      NumberFormat.entries(of: [.nan, 1])(.nan) == "nan",
      "NaN is spelled out and does not force scientific")
    #expect(NumberFormat.entries(of: [.nan, 1])(1) == "1.0000")
  }

  @Test(
    "grouped: a comma every three digits from the right, the sign kept",
    arguments: [
      (0, "0"), (999, "999"), (1000, "1,000"), (-1234, "-1,234"), (100_000_000, "100,000,000"),
    ])
  func grouped(_ value: Int, _ written: String) {
    #expect(NumberFormat.grouped(value) == written)
  }

  @Test(
    "exact: every digit needed to read it back, and whole numbers without '.0'",
    arguments: [
      (27.0, "27"), (-3.0, "-3"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"), (1e16, "1e+16"),
      (.nan, "nan"), (-.infinity, "-inf"),
    ])
  func exact(_ value: Double, _ written: String) {
    #expect(NumberFormat.exact(value) == written)
    if value.isFinite { #expect(Double(written) == value, "it reads back as the same Double") }
  }

  @Test(
    "bytes: the largest unit that keeps the number at least 1, to 3 significant digits",
    arguments: [
      (216, "216 B"), (999, "999 B"), (1000, "1 kB"), (1536, "1.54 kB"), (475_000_000, "475 MB"),
      (27_000_000_000, "27 GB"), (2_000_000_000_000, "2 TB"),
    ])
  func bytes(_ count: Int, _ written: String) {
    #expect(NumberFormat.bytes(count) == written)
  }

  @Test("ticks label with the decimals their step needs; log ticks are powers of ten")
  func tickLabels() {
    let unit = Ticks(in: 0...1, count: 4)
    #expect(unit.values.map(unit.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let cents = Ticks(in: -0.1...0.1, count: 4)
    #expect(cents.values.map(cents.label) == ["-0.10", "-0.05", "0", "0.05", "0.10"])
    let decades = Ticks(logarithmicIn: 0.001...10, count: 3)
    #expect(decades.values.map(decades.label) == ["0.001", "0.1", "10"])
    let rows = Ticks(in: 0...3, count: 10, whole: true)
    #expect(rows.values == [0, 1, 2, 3], "whole ticks never step by less than 1")
  }
}
