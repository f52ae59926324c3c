#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws a `Plot` with characters. With colour, lines are Unicode braille (2×4 dots per
/// character) in their series' colours and backgrounds are coloured cells; without colour
/// (`NO_COLOR`, pipes), each series has its own marker character and backgrounds are shades, so
/// the plot still reads in black and white.
public struct TerminalPlot: Sendable {
  public var style: TextStyle
  /// The drawing area, in characters, when no `columns` are given.
  public var width = 60
  public var height = 15
  /// The columns the whole plot must fit in, labels included: the drawing area takes what the
  /// labels leave (up to 120 characters, beyond which a curve reads no better).
  public var columns: Int?

  public init(style: TextStyle, columns: Int? = nil) {
    self.style = style
    self.columns = columns
  }

  /// One character cell of the drawing area.
  private struct Cell {
    var dots: UInt32 = 0
    var marker: Character?
    var color: Int?
    var background: Int?
    var shade: Character?
    /// Drawn in the dark shade of its colour: a sample over a tinted region.
    var dark = false
  }

  public func render(_ plot: Plot) -> String {
    let plot = plot.snappedToTicks(yCount: max(2, height / 3), xCount: 4)
    let yTicks = plot.yTicks(count: max(2, height / 3))
    let labelWidth = yTicks.values.map { TextWidth.of(yTicks.label($0)) }.max() ?? 1
    let (columns, rows) = size(of: plot, labelWidth: labelWidth)
    var cells = Array(repeating: Array(repeating: Cell(), count: columns), count: rows)
    if let grid = plot.grid { paint(grid, into: &cells) }
    for series in plot.lines { draw(series, of: plot, into: &cells) }
    for (index, series) in plot.points.enumerated() {
      scatter(series, index: index, of: plot, into: &cells)
    }
    return frame(plot, cells, yTicks: yTicks, labelWidth: labelWidth)
  }

  /// A grid alone is drawn two characters per entry (so cells look square); anything else fills
  /// the drawing area.
  private func size(of plot: Plot, labelWidth: Int) -> (columns: Int, rows: Int) {
    let area = columns.map { min(120, max(10, $0 - labelWidth - 2)) } ?? width
    if let grid = plot.grid, plot.lines.isEmpty, plot.points.isEmpty {
      return (min(area, grid.columns * 2), min(height + 5, grid.rows))
    }
    return (area, height)
  }

  private func paint(_ grid: Plot.Grid, into cells: inout [[Cell]]) {
    let (rows, columns) = (cells.count, cells[0].count)
    for r in 0..<rows {
      for c in 0..<columns {
        let value = grid[
          min(grid.rows - 1, r * grid.rows / rows),
          min(grid.columns - 1, c * grid.columns / columns)]
        switch grid.coloring {
        case .classes:
          let k = max(0, Int(value))
          cells[r][c].background = Palette.lightAnsi[k % Palette.lightAnsi.count]
          cells[r][c].shade = TerminalPlot.shades[k % TerminalPlot.shades.count]
        case .diverging(let low, let high):
          let t = value >= 0 ? (high > 0 ? value / high : 0) : (low < 0 ? -value / low : 0)
          let level = min(5, Int((min(1, abs(t)) * 5).rounded()))
          cells[r][c].background =
            (value >= 0 ? [231, 224, 217, 210, 203, 196] : [231, 189, 153, 111, 69, 27])[level]
          let ramp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
          let position = high > low ? (value - low) / (high - low) : 0.5
          cells[r][c].shade = ramp[min(ramp.count - 1, max(0, Int(position * Double(ramp.count))))]
        }
      }
    }
  }

  /// A line through the series' points, sampled finely enough to leave no gaps between dots.
  private func draw(_ series: Plot.Series, of plot: Plot, into cells: inout [[Cell]]) {
    let (rows, columns) = (cells.count, cells[0].count)
    let points = zip(series.xs, series.ys).filter { $0.0.isFinite && $0.1.isFinite }
      .map {
        (
          plot.horizontalPosition($0.0) * Double(columns * 2 - 1),
          (1 - plot.verticalPosition($0.1)) * Double(rows * 4 - 1)
        )
      }
    let segments =
      points.count == 1 ? [(points[0], points[0])] : Array(zip(points, points.dropFirst()))
    for (from, to) in segments {
      let steps = max(1, Int(max(abs(to.0 - from.0), abs(to.1 - from.1)).rounded(.up)) * 2)
      for step in 0...steps {
        let t = Double(step) / Double(steps)
        let (x, y) = (
          Int((from.0 + (to.0 - from.0) * t).rounded()),
          Int((from.1 + (to.1 - from.1) * t).rounded())
        )
        guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { continue }
        let (row, column) = (y / 4, x / 2)
        if style == .ansi {
          cells[row][column].dots |= TerminalPlot.brailleBit(x: x % 2, y: y % 4)
        } else {
          cells[row][column].marker = Palette.markers[series.color % Palette.markers.count]
        }
        cells[row][column].color = series.color
      }
    }
  }

  private func scatter(_ series: Plot.Series, index: Int, of plot: Plot, into cells: inout [[Cell]])
  {
    let (rows, columns) = (cells.count, cells[0].count)
    for (x, y) in zip(series.xs, series.ys) where x.isFinite && y.isFinite {
      let column = Int(plot.horizontalPosition(x) * Double(columns - 1) + 0.5)
      let row = Int((1 - plot.verticalPosition(y)) * Double(rows - 1) + 0.5)
      guard (0..<columns).contains(column), (0..<rows).contains(row) else { continue }
      cells[row][column].marker = style == .ansi ? "●" : TerminalPlot.classMarker(series.color)
      cells[row][column].color = series.color
      cells[row][column].dots = 0
      cells[row][column].dark = plot.grid?.coloring == .classes
    }
  }

  /// The title, the drawing with its ticks and their labels, the axes' names, and the legend.
  private func frame(_ plot: Plot, _ cells: [[Cell]], yTicks: Ticks, labelWidth: Int) -> String {
    let (rows, axisWidth) = (cells.count, cells.first?.count ?? 0)
    var labels = Array(repeating: "", count: rows)
    for value in yTicks.values {
      let row = Int(((1 - plot.verticalPosition(value)) * Double(rows - 1)).rounded())
      if (0..<rows).contains(row), labels[row].isEmpty { labels[row] = yTicks.label(value) }
    }
    let total = labelWidth + 2 + axisWidth
    let margin = String(repeating: " ", count: labelWidth + 2)
    var lines = TextWrap.lines(plot.title, width: total).map(style.bold)
    for (r, row) in cells.enumerated() {
      let tick = labels[r].isEmpty ? "│" : "┤"
      lines.append(
        TextWidth.pad(labels[r], to: labelWidth, right: true) + " " + tick
          + row.map(render).joined())
    }
    lines.append(
      String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: axisWidth)
    )
    lines.append(margin + xLabels(plot, axisWidth: axisWidth))
    let scale = plot.logarithmicY ? ", log scale" : ""
    lines += TextWrap.wrap(line: "x: \(plot.xLabel)   y: \(plot.yLabel)\(scale)", width: axisWidth)
      .split(separator: "\n").map { margin + $0 }
    var legend = ""
    for entry in legendEntries(plot) {
      if !legend.isEmpty && TextWidth.of(legend) + 3 + TextWidth.of(entry) > axisWidth {
        lines.append(margin + legend)
        legend = ""
      }
      legend += (legend.isEmpty ? "" : "   ") + entry
    }
    if !legend.isEmpty { lines.append(margin + legend) }
    return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
  }

  /// The x ticks' labels, each centred under its column, leaving out any that would touch the one
  /// before it or run past the axis.
  private func xLabels(_ plot: Plot, axisWidth: Int) -> String {
    let ticks = plot.xTicks(count: max(2, axisWidth / 12))
    var line = ""
    for value in ticks.values {
      let label = ticks.label(value)
      let column = Int((plot.horizontalPosition(value) * Double(axisWidth - 1)).rounded())
      let start = min(max(0, column - TextWidth.of(label) / 2), axisWidth - TextWidth.of(label))
      let used = TextWidth.of(line)
      guard start >= 0, line.isEmpty ? true : start > used else { continue }
      line += String(repeating: " ", count: start - used) + label
    }
    return line
  }

  private func legendEntries(_ plot: Plot) -> [String] {
    var entries = plot.lines.map { series in
      let mark =
        style == .ansi ? "━━" : String(Palette.markers[series.color % Palette.markers.count])
      return paint(mark, series.color) + " " + series.name
    }
    let onRegions = plot.grid?.coloring == .classes
    entries += plot.points.map {
      paint(
        style == .ansi ? "●" : String(TerminalPlot.classMarker($0.color)), $0.color, dark: onRegions
      ) + " " + $0.name
    }
    if let grid = plot.grid, case .diverging(let low, let high) = grid.coloring {
      entries.append(
        style == .ansi
          ? "blue = \(NumberFormat.scalar(low, digits: 3)) … white = 0 … red = \(NumberFormat.scalar(high, digits: 3))"
          : "shades ' .:-=+*#%@' from \(NumberFormat.scalar(low, digits: 3)) to \(NumberFormat.scalar(high, digits: 3))"
      )
    }
    if let grid = plot.grid, grid.coloring == .classes {
      // What each region's background means: a tint with colour, a shade without.
      for k in Set(grid.values.map { max(0, Int($0)) }).union(plot.points.map(\.color)).sorted() {
        let swatch =
          style == .ansi
          ? "\u{1B}[48;5;\(Palette.lightAnsi[k % Palette.lightAnsi.count])m  \u{1B}[0m"
          : "'\(TerminalPlot.shades[k % TerminalPlot.shades.count])'"
        entries.append("\(swatch) predicted \(k)")
      }
    }
    return entries
  }

  private func render(_ cell: Cell) -> String {
    let character: String
    if let marker = cell.marker {
      character = String(marker)
    } else if cell.dots != 0, let scalar = Unicode.Scalar(0x2800 + cell.dots) {
      character = String(Character(scalar))
    } else {
      character = style == .ansi ? " " : String(cell.shade ?? " ")
    }
    guard style == .ansi else { return character }
    var codes: [String] = []
    if let color = cell.color, cell.marker != nil || cell.dots != 0 {
      codes.append(
        "38;5;\((cell.dark ? Palette.darkAnsi : Palette.ansi)[color % Palette.ansi.count])")
    }
    if let background = cell.background { codes.append("48;5;\(background)") }
    return codes.isEmpty
      ? character : "\u{1B}[\(codes.joined(separator: ";"))m\(character)\u{1B}[0m"
  }

  private func paint(_ text: String, _ color: Int, dark: Bool = false) -> String {
    style == .ansi
      ? "\u{1B}[38;5;\((dark ? Palette.darkAnsi : Palette.ansi)[color % Palette.ansi.count])m\(text)\u{1B}[0m"
      : text
  }

  /// The shades of class regions without colour, class 0 first.
  static let shades: [Character] = [" ", "·", ":", "░", "▒"]

  static func classMarker(_ index: Int) -> Character { ["o", "x", "+", "#", "@", "%"][index % 6] }

  /// The bit of a braille character for dot (x, y) of its 2×4 grid.
  static func brailleBit(x: Int, y: Int) -> UInt32 {
    let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    return bits[x][y]
  }
}
