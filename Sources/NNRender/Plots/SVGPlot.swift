#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws a `Plot` as a standalone SVG 1.1 file: no scripts, no external fonts or styles, so it
/// opens in any browser and prints as it looks. Attributes come in a fixed order and numbers
/// with two decimals, so the same plot always gives the same file.
///
/// Every piece of text is placed by `layout`, which also says what box it covers, so that no two
/// labels overlap: the left margin grows with the widest y label, x labels that would touch are
/// left out, and the legend wraps onto further rows (the image grows to hold them).
public enum SVGPlot {
  static let width = 640.0
  static let (top, plotHeight, right) = (44.0, 300.0, 36.0)

  /// A piece of text and the box it covers.
  public struct Label: Equatable, Sendable {
    public var text: String
    public var x: Double
    public var y: Double
    public var size: Double
    public var anchor: String
    public var bold = false
    /// Turned a quarter to the left, reading upwards (the y axis's title).
    public var rotated = false
    /// The box the text covers: SVG cannot measure text, so each character is taken as 0.6 of
    /// the font size wide (Helvetica's digits and letters average about 0.55).
    public var box: (x0: Double, y0: Double, x1: Double, y1: Double) {
      let length = Double(TextWidth.of(text)) * size * 0.6
      let start = anchor == "middle" ? -length / 2 : anchor == "end" ? -length : 0
      if rotated { return (x - 0.8 * size, y - start - length, x + 0.25 * size, y - start) }
      return (x + start, y - 0.8 * size, x + start + length, y + 0.25 * size)
    }

    /// Whether this label's box and `other`'s share any point.
    public func overlaps(_ other: Label) -> Bool {
      let (a, b) = (box, other.box)
      return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
    }
  }

  /// Where everything goes: the drawing area, the ticks, every label, the legend's keys.
  public struct Layout: Sendable {
    public var left: Double
    public var plotWidth: Double
    public var height: Double
    /// Every piece of text: the title, tick labels, axis titles, legend entries.
    public var labels: [Label] = []
    /// Tick positions in pixels, for the small marks and the light grid lines.
    var xTicks: [Double] = []
    var yTicks: [Double] = []
    /// Legend keys: where each sits, and what it shows.
    var keys: [(x: Double, y: Double, key: Key)] = []
  }

  /// What a legend entry shows beside its name.
  enum Key {
    case line(color: String)
    case point(color: String)
    case region(color: String)
  }

  public static func render(_ plot: Plot) -> String {
    let plot = plot.snappedToTicks(yCount: 5, xCount: 6)
    let layout = layout(of: plot)
    var body: [String] = []
    let (left, plotWidth) = (layout.left, layout.plotWidth)
    if let grid = plot.grid { body += cells(of: grid, layout) } else { body += gridLines(layout) }
    body.append(
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#444444\"/>"
    )
    body += tickMarks(layout)
    for series in plot.lines {
      let points = zip(series.xs, series.ys).filter { $0.0.isFinite && $0.1.isFinite }
        .map { "\(f(xPixel($0.0, plot, layout))),\(f(yPixel($0.1, plot)))" }.joined(separator: " ")
      body.append(
        "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(Palette.hexColor(series.color))\" stroke-width=\"2\"/>"
      )
    }
    let onRegions = plot.grid?.coloring == .classes
    for series in plot.points {
      for (x, y) in zip(series.xs, series.ys) where x.isFinite && y.isFinite {
        body.append(
          point(
            x: xPixel(x, plot, layout), y: yPixel(y, plot),
            color: pointColor(series.color, onRegions: onRegions), radius: 3.5))
      }
    }
    body += layout.keys.map(key)
    body += layout.labels.map(text)
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(layout.height))" viewBox="0 0 \(f(width)) \(f(layout.height))" font-family="Helvetica, Arial, sans-serif">
      <title>\(escape(plot.title))</title>
      <rect x="0" y="0" width="\(f(width))" height="\(f(layout.height))" fill="#ffffff"/>
      \(body.joined(separator: "\n"))
      </svg>

      """
  }

  /// The places of the drawing area, the ticks and every piece of text.
  public static func layout(of plot: Plot) -> Layout {
    let plot = plot.snappedToTicks(yCount: 5, xCount: 6)
    let yTicks = plot.yTicks(count: 5)
    let yLabels = yTicks.values.map { (value: $0, text: yTicks.label($0)) }
    let widest = yLabels.map { Double(TextWidth.of($0.text)) * 11 * 0.6 }.max() ?? 0
    // The y axis's title takes x from about 8 to 21; tick labels end 8 before the axis.
    let left = max(72, 21 + 6 + widest + 8)
    var layout = Layout(left: left, plotWidth: width - left - right, height: 0)
    let bottom = top + plotHeight
    layout.labels.append(
      Label(text: plot.title, x: width / 2, y: 26, size: 16, anchor: "middle", bold: true))
    for (value, text) in yLabels {
      let y = yPixel(value, plot)
      layout.yTicks.append(y)
      layout.labels.append(Label(text: text, x: left - 8, y: y + 4, size: 11, anchor: "end"))
    }
    let xTicks = plot.xTicks(count: 6)
    var previous: Label?
    for value in xTicks.values {
      let x = xPixel(value, plot, layout)
      layout.xTicks.append(x)
      let label = Label(text: xTicks.label(value), x: x, y: bottom + 18, size: 11, anchor: "middle")
      if let previous, label.box.x0 < previous.box.x1 + 6 { continue }  // would touch its neighbour
      layout.labels.append(label)
      previous = label
    }
    layout.labels.append(
      Label(
        text: plot.xLabel, x: left + layout.plotWidth / 2, y: bottom + 38, size: 12,
        anchor: "middle"))
    let yTitle = plot.yLabel + (plot.logarithmicY ? " (log scale)" : "")
    layout.labels.append(
      Label(text: yTitle, x: 18, y: top + plotHeight / 2, size: 12, anchor: "middle", rotated: true)
    )
    layOutLegend(plot, into: &layout, from: bottom + 62)
    return layout
  }

  /// The legend's entries in rows from `y`, each row as wide as the image allows.
  private static func layOutLegend(_ plot: Plot, into layout: inout Layout, from y: Double) {
    let onRegions = plot.grid?.coloring == .classes
    var entries: [(String, Key?)] = plot.lines.map {
      ($0.name, .line(color: Palette.hexColor($0.color)))
    }
    entries += plot.points.map {
      ($0.name, .point(color: pointColor($0.color, onRegions: onRegions)))
    }
    if let grid = plot.grid {
      switch grid.coloring {
      case .classes:
        let classes = Set(grid.values.map { Int($0) }).union(plot.points.map(\.color)).sorted()
        entries += classes.map {
          (
            "region predicted as class \($0)",
            .region(color: Palette.lightHex[max(0, $0) % Palette.lightHex.count])
          )
        }
      case .diverging(let low, let high):
        // none below 0: no blue
        let blue = low < 0 ? "blue = \(NumberFormat.scalar(low, digits: 3)), " : ""
        entries.append(("\(blue)white = 0, red = \(NumberFormat.scalar(high, digits: 3))", nil))
      }
    }
    var (x, row) = (layout.left, y)
    for (name, key) in entries {
      let indent = key == nil ? 0.0 : 24
      var label = Label(text: name, x: x + indent, y: row, size: 12, anchor: "start")
      if x > layout.left && label.box.x1 > width - 8 {  // no room left in this row: start another
        (x, row) = (layout.left, row + 20)
        (label.x, label.y) = (x + indent, row)
      }
      if let key { layout.keys.append((x, row, key)) }
      layout.labels.append(label)
      x = label.box.x1 + 18
    }
    layout.height = (entries.isEmpty ? y - 20 : row) + 16
  }

  /// A sample's colour: a dark shade on a background of regions, so that it never sinks into
  /// its own region's tint; the usual colour otherwise.
  static func pointColor(_ index: Int, onRegions: Bool) -> String {
    onRegions ? Palette.darkHex[index % Palette.darkHex.count] : Palette.hexColor(index)
  }

  private static func point(x: Double, y: Double, color: String, radius: Double) -> String {
    "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" fill=\"\(color)\" stroke=\"#1a1a1a\" stroke-width=\"0.8\"/>"
  }

  private static func key(_ placed: (x: Double, y: Double, key: Key)) -> String {
    let (x, y) = (placed.x, placed.y - 4)
    switch placed.key {
    case .line(let color):
      return
        "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 18))\" y2=\"\(f(y))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
    case .point(let color):
      return point(x: x + 9, y: y, color: color, radius: 4)
    case .region(let color):
      return
        "<rect x=\"\(f(x + 2))\" y=\"\(f(y - 7))\" width=\"14\" height=\"14\" fill=\"\(color)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
    }
  }

  private static func cells(of grid: Plot.Grid, _ layout: Layout) -> [String] {
    let (w, h) = (layout.plotWidth / Double(grid.columns), plotHeight / Double(grid.rows))
    return (0..<grid.rows).flatMap { r in
      (0..<grid.columns).map { c in
        "<rect x=\"\(f(layout.left + Double(c) * w))\" y=\"\(f(top + Double(r) * h))\" width=\"\(f(w + 0.3))\" height=\"\(f(h + 0.3))\" fill=\"\(color(of: grid[r, c], grid.coloring))\"/>"
      }
    }
  }

  /// Light lines across the drawing at each tick, to read values off a curve.
  private static func gridLines(_ layout: Layout) -> [String] {
    let (left, right, bottom) = (layout.left, layout.left + layout.plotWidth, top + plotHeight)
    return layout.yTicks.map {
      "<line x1=\"\(f(left))\" y1=\"\(f($0))\" x2=\"\(f(right))\" y2=\"\(f($0))\" stroke=\"#e6e6e6\"/>"
    }
      + layout.xTicks.map {
        "<line x1=\"\(f($0))\" y1=\"\(f(top))\" x2=\"\(f($0))\" y2=\"\(f(bottom))\" stroke=\"#e6e6e6\"/>"
      }
  }

  private static func tickMarks(_ layout: Layout) -> [String] {
    let (left, bottom) = (layout.left, top + plotHeight)
    return layout.yTicks.map {
      "<line x1=\"\(f(left - 5))\" y1=\"\(f($0))\" x2=\"\(f(left))\" y2=\"\(f($0))\" stroke=\"#444444\"/>"
    }
      + layout.xTicks.map {
        "<line x1=\"\(f($0))\" y1=\"\(f(bottom))\" x2=\"\(f($0))\" y2=\"\(f(bottom + 5))\" stroke=\"#444444\"/>"
      }
  }

  /// A class's light colour, or a blue–white–red shade for a value.
  static func color(of value: Double, _ coloring: Plot.Grid.Coloring) -> String {
    switch coloring {
    case .classes:
      return Palette.lightHex[max(0, Int(value)) % Palette.lightHex.count]
    case .diverging(let low, let high):
      let t =
        value >= 0 ? (high > 0 ? min(1, value / high) : 0) : (low < 0 ? min(1, value / low) : 0)
      let fade = Int((255 * (1 - t)).rounded())
      let hex = (fade < 16 ? "0" : "") + String(fade, radix: 16)
      return value >= 0 ? "#ff\(hex)\(hex)" : "#\(hex)\(hex)ff"
    }
  }

  private static func xPixel(_ x: Double, _ plot: Plot, _ layout: Layout) -> Double {
    layout.left + plot.horizontalPosition(x) * layout.plotWidth
  }
  private static func yPixel(_ y: Double, _ plot: Plot) -> Double {
    top + (1 - plot.verticalPosition(y)) * plotHeight
  }

  private static func text(_ label: Label) -> String {
    let rotation = label.rotated ? " transform=\"rotate(-90 \(f(label.x)) \(f(label.y)))\"" : ""
    return
      "<text x=\"\(f(label.x))\" y=\"\(f(label.y))\" font-size=\"\(Int(label.size))\" text-anchor=\"\(label.anchor)\" font-weight=\"\(label.bold ? "bold" : "normal")\"\(rotation)>\(escape(label.text))</text>"
  }

  /// A coordinate with two decimals, the same on every machine.
  static func f(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  static func escape(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
      .replacing("\"", with: "&quot;")
  }
}
