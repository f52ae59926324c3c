#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws a `Plot` as a standalone SVG 1.1 file: no scripts, no external fonts or styles, so it
/// opens in any browser and prints as it looks. Attributes come in a fixed order and numbers
/// with two decimals, so the same plot always gives the same file.
public enum SVGPlot {
  static let (width, height) = (640.0, 440.0)
  static let (left, top, plotWidth, plotHeight) = (80.0, 44.0, 520.0, 300.0)

  public static func render(_ plot: Plot) -> String {
    var body: [String] = []
    body.append(text(escape(plot.title), x: width / 2, y: 26, size: 16, anchor: "middle", weight: "bold"))
    if let grid = plot.grid { body += cells(of: grid) }
    body.append("<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#444444\"/>")
    body += axes(plot)
    for series in plot.lines {
      let points = zip(series.xs, series.ys).filter { $0.0.isFinite && $0.1.isFinite }
        .map { "\(f(xPixel($0.0, plot))),\(f(yPixel($0.1, plot)))" }.joined(separator: " ")
      body.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(Palette.hexColor(series.color))\" stroke-width=\"2\"/>")
    }
    for series in plot.points {
      for (x, y) in zip(series.xs, series.ys) where x.isFinite && y.isFinite {
        body.append("<circle cx=\"\(f(xPixel(x, plot)))\" cy=\"\(f(yPixel(y, plot)))\" r=\"3.5\" fill=\"\(Palette.hexColor(series.color))\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>")
      }
    }
    body += legend(plot)
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif">
      <title>\(escape(plot.title))</title>
      <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#ffffff"/>
      \(body.joined(separator: "\n"))
      </svg>

      """
  }

  private static func cells(of grid: Plot.Grid) -> [String] {
    let (w, h) = (plotWidth / Double(grid.columns), plotHeight / Double(grid.rows))
    return (0..<grid.rows).flatMap { r in
      (0..<grid.columns).map { c in
        "<rect x=\"\(f(left + Double(c) * w))\" y=\"\(f(top + Double(r) * h))\" width=\"\(f(w + 0.3))\" height=\"\(f(h + 0.3))\" fill=\"\(color(of: grid[r, c], grid.coloring))\"/>"
      }
    }
  }

  /// A class's light colour, or a blue–white–red shade for a value.
  static func color(of value: Double, _ coloring: Plot.Grid.Coloring) -> String {
    switch coloring {
    case .classes:
      return Palette.lightHex[max(0, Int(value)) % Palette.lightHex.count]
    case .diverging(let low, let high):
      let t = value >= 0 ? (high > 0 ? min(1, value / high) : 0) : (low < 0 ? min(1, value / low) : 0)
      let fade = Int((255 * (1 - t)).rounded())
      let hex = (fade < 16 ? "0" : "") + String(fade, radix: 16)
      return value >= 0 ? "#ff\(hex)\(hex)" : "#\(hex)\(hex)ff"
    }
  }

  private static func axes(_ plot: Plot) -> [String] {
    var parts: [String] = []
    for fraction in [0.0, 0.5, 1.0] {
      let y = top + plotHeight * (1 - fraction)
      parts.append("<line x1=\"\(f(left - 5))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"#444444\"/>")
      parts.append(text(NumberFormat.scalar(yValue(fraction, plot), digits: 4), x: left - 8, y: y + 4, size: 11, anchor: "end"))
      let x = left + plotWidth * fraction
      let value = plot.xRange.lowerBound + fraction * (plot.xRange.upperBound - plot.xRange.lowerBound)
      parts.append("<line x1=\"\(f(x))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"#444444\"/>")
      parts.append(text(NumberFormat.scalar(value, digits: 4), x: x, y: top + plotHeight + 18, size: 11, anchor: "middle"))
    }
    parts.append(text(escape(plot.xLabel), x: left + plotWidth / 2, y: top + plotHeight + 36, size: 12, anchor: "middle"))
    let yTitle = escape(plot.yLabel) + (plot.logarithmicY ? " (log scale)" : "")
    parts.append("<text x=\"18\" y=\"\(f(top + plotHeight / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + plotHeight / 2)))\">\(yTitle)</text>")
    return parts
  }

  private static func legend(_ plot: Plot) -> [String] {
    var entries: [(String, String, Bool)] = plot.lines.map { ($0.name, Palette.hexColor($0.color), true) }
    entries += plot.points.map { ($0.name, Palette.hexColor($0.color), false) }
    var parts: [String] = []
    var x = left
    let y = height - 28
    for (name, color, isLine) in entries {
      parts.append(isLine
        ? "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 18))\" y2=\"\(f(y - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
        : "<circle cx=\"\(f(x + 9))\" cy=\"\(f(y - 4))\" r=\"4\" fill=\"\(color)\"/>")
      parts.append(text(escape(name), x: x + 24, y: y, size: 12, anchor: "start"))
      x += 34 + Double(name.count) * 7
    }
    if let grid = plot.grid, case .diverging(let low, let high) = grid.coloring {
      parts.append(text("blue = \(NumberFormat.scalar(low, digits: 3)), white = 0, red = \(NumberFormat.scalar(high, digits: 3))", x: x, y: y, size: 12, anchor: "start"))
    }
    if let grid = plot.grid, grid.coloring == .classes {
      parts.append(text("background: predicted class", x: x, y: y, size: 12, anchor: "start"))
    }
    return parts
  }

  private static func yValue(_ fraction: Double, _ plot: Plot) -> Double {
    let (low, high) = (plot.yRange.lowerBound, plot.yRange.upperBound)
    if plot.logarithmicY, low > 0 { return pow(10, log10(low) + fraction * (log10(high) - log10(low))) }
    return low + fraction * (high - low)
  }

  private static func xPixel(_ x: Double, _ plot: Plot) -> Double { left + plot.horizontalPosition(x) * plotWidth }
  private static func yPixel(_ y: Double, _ plot: Plot) -> Double { top + (1 - plot.verticalPosition(y)) * plotHeight }

  private static func text(_ content: String, x: Double, y: Double, size: Int, anchor: String, weight: String = "normal") -> String {
    "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\">\(content)</text>"
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

