#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A chart as data: lines, points and a coloured background on x and y axes, with a title and a
/// legend. `TerminalPlot` draws it with Unicode characters, `SVGPlot` as an SVG file — the same
/// content either way.
public struct Plot: Equatable, Sendable {
  /// A named set of (x, y) pairs, drawn in colour number `color` of the palette.
  public struct Series: Equatable, Sendable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    public var color: Int

    public init(name: String, xs: [Double], ys: [Double], color: Int) {
      self.name = name
      self.xs = xs
      self.ys = ys
      self.color = color
    }
  }

  /// A grid of cells covering the plot area, coloured by class or by value: decision regions, or
  /// a weight matrix. Row 0 is the top row.
  public struct Grid: Equatable, Sendable {
    public enum Coloring: Equatable, Sendable {
      /// Each value is a class number, coloured like the points of that class.
      case classes
      /// Values from `low` (blue) through 0 (white) to `high` (red).
      case diverging(low: Double, high: Double)
    }

    public var rows: Int
    public var columns: Int
    public var values: [Double]
    public var coloring: Coloring

    public init(rows: Int, columns: Int, values: [Double], coloring: Coloring) {
      precondition(values.count == rows * columns, "a grid needs one value per cell")
      self.rows = rows
      self.columns = columns
      self.values = values
      self.coloring = coloring
    }

    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  /// Whether y is drawn on a logarithmic scale (for loss curves that fall by orders of magnitude).
  public var logarithmicY = false
  /// Whether y grows downwards, as a matrix's row numbers do (row 0 at the top).
  public var yDownward = false
  /// Whether the axes count whole things (rows, columns), and so take only whole-number ticks.
  public var wholeTicks = false
  public var lines: [Series] = []
  public var points: [Series] = []
  public var grid: Grid?

  public init(
    title: String, xLabel: String, yLabel: String, xRange: ClosedRange<Double>,
    yRange: ClosedRange<Double>
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xRange = xRange
    self.yRange = yRange
  }

  /// Where `y` falls between the bottom (0) and the top (1) of the plot.
  func verticalPosition(_ y: Double) -> Double {
    if yDownward { return 1 - upwardPosition(y) }
    return upwardPosition(y)
  }

  private func upwardPosition(_ y: Double) -> Double {
    if logarithmicY {
      let (low, high) = (
        log10(max(yRange.lowerBound, 1e-300)), log10(max(yRange.upperBound, 1e-300))
      )
      return high > low ? (log10(max(y, 1e-300)) - low) / (high - low) : 0.5
    }
    let span = yRange.upperBound - yRange.lowerBound
    return span > 0 ? (y - yRange.lowerBound) / span : 0.5
  }

  /// Where `x` falls between the left (0) and the right (1) of the plot.
  func horizontalPosition(_ x: Double) -> Double {
    let span = xRange.upperBound - xRange.lowerBound
    return span > 0 ? (x - xRange.lowerBound) / span : 0.5
  }

  /// The ticks of the y axis, about `count` of them.
  func yTicks(count: Int) -> Ticks {
    logarithmicY
      ? Ticks(logarithmicIn: yRange, count: count)
      : Ticks(in: yRange, count: count, whole: wholeTicks)
  }

  /// The ticks of the x axis, about `count` of them.
  func xTicks(count: Int) -> Ticks { Ticks(in: xRange, count: count, whole: wholeTicks) }

  /// The plot with each axis widened to the nearest tick beyond its ends, when that tick is
  /// close (within 5% of the range): a sigmoid's 0.0003…0.9997 is drawn from 0 to 1, so its ends
  /// are labelled. Log scales and whole-number axes stay as they are.
  func snappedToTicks(yCount: Int, xCount: Int) -> Plot {
    guard !wholeTicks else { return self }
    var plot = self
    plot.xRange = Plot.snapped(xRange, step: xTicks(count: xCount).step)
    if !logarithmicY { plot.yRange = Plot.snapped(yRange, step: yTicks(count: yCount).step) }
    return plot
  }

  private static func snapped(_ range: ClosedRange<Double>, step: Double) -> ClosedRange<Double> {
    guard step > 0 else { return range }
    let margin = 0.05 * (range.upperBound - range.lowerBound)
    let low = (range.lowerBound / step).rounded(.down) * step
    let high = (range.upperBound / step).rounded(.up) * step
    return
      (range.lowerBound - low <= margin ? low : range.lowerBound)...(high - range.upperBound
      <= margin ? high : range.upperBound)
  }

  /// The smallest and largest of `values` as a range, widened a little if they are equal.
  public static func range(of values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return 0...1 }
    return low < high ? low...high : (low - 1)...(high + 1)
  }
}

/// The colours of series and classes, the same in the terminal and in SVG.
enum Palette {
  /// Hex colours for SVG (matplotlib's first four: blue, orange, green, red).
  static let hex = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
  /// Light versions for backgrounds (decision regions).
  static let lightHex = ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb", "#e0d0c8"]
  /// Dark versions for samples drawn over the light ones, so a sample never sinks into its
  /// own region's tint (ColorBrewer's darkest blues, oranges, greens, reds, purples, browns).
  static let darkHex = ["#08519c", "#a63603", "#006d2c", "#a50f15", "#54278f", "#5d3a1a"]
  /// ANSI 256-colour numbers of the same colours, of their light versions and of their dark ones.
  static let ansi = [33, 208, 34, 160, 98, 94]
  static let lightAnsi = [153, 223, 157, 217, 189, 224]
  static let darkAnsi = [19, 130, 22, 88, 54, 52]
  /// Characters that tell series apart without colour.
  static let markers: [Character] = ["*", "o", "+", "x", "#", "@"]

  static func hexColor(_ index: Int) -> String { hex[index % hex.count] }
}
