import NNRender
import Testing

/// Plots drawn whole, at sizes small enough to check by eye and by hand: where the line, a
/// point and each cell of a heat map land, in the terminal without colour and in SVG.
@Suite("Plots, drawn")
struct PlotRenderingTests {
  /// y = x from (0, 0) to (1, 1), and one sample at (0.5, 0.25).
  static var diagonal: Plot {
    var plot = Plot(title: "y = x", xLabel: "x", yLabel: "y", xRange: 0...1, yRange: 0...1)
    plot.lines = [Plot.Series(name: "line", xs: [0, 1], ys: [0, 1], color: 0)]
    plot.points = [Plot.Series(name: "class 1", xs: [0.5], ys: [0.25], color: 1)]
    return plot
  }

  static func terminal(width: Int, height: Int) -> TerminalPlot {
    var terminal = TerminalPlot(style: .plain)
    (terminal.width, terminal.height) = (width, height)
    return terminal
  }

  @Test("without colour: a line of its marker from corner to corner, a sample as its class's mark")
  func lineAndPoint() {
    // The sample: column 0.5 · 19 rounded = 10, row (1 − 0.25) · 5 rounded = 4 (from the top).
    #expect(
      Self.terminal(width: 20, height: 6).render(Self.diagonal) == """
        y = x
        1.0 ┤                 ***
            │             ****
            │          ****
        0.5 ┤      *****
            │   ****   x
          0 ┤****
            └────────────────────
             0        0.5     1.0
             x: x   y: y
             * line   x class 1
        """)
  }

  @Test(
    "a heat map: two characters per entry, row 0 at the top, shades from the low end to the high")
  func heatMap() {
    var plot = Plot(title: "W1", xLabel: "column", yLabel: "row", xRange: 0...2, yRange: 0...1)
    (plot.wholeTicks, plot.yDownward) = (true, true)
    plot.grid = Plot.Grid(
      rows: 2, columns: 3, values: [-1, 0, 1, 0.5, -0.5, 0], coloring: .diverging(low: -1, high: 1))
    // Shade k of ' .:-=+*#%@' for (value − low)/(high − low) · 10: −1 → ' ', 0 → '+', 1 → '@',
    // 0.5 → '#', −0.5 → ':'.
    #expect(
      TerminalPlot(style: .plain).render(plot) == """
        W1
        0 ┤  ++@@
        1 ┤##::++
          └──────
           0  1 2
           x:
           column
           y: row
           shades ' .:-=+*#%@' from -1 to 1
        """)
  }

  @Test(
    "a log scale: a loss falling tenfold each epoch is a straight line, labelled at powers of ten")
  func logarithmic() {
    var plot = Plot(
      title: "loss", xLabel: "epoch", yLabel: "loss", xRange: 0...3, yRange: 0.001...1)
    plot.logarithmicY = true
    plot.lines = [
      Plot.Series(name: "train loss", xs: [0, 1, 2, 3], ys: [1, 0.1, 0.01, 0.001], color: 0)
    ]
    #expect(
      Self.terminal(width: 24, height: 6).render(plot) == """
        loss
              │****
              │   *****
          0.1 ┤        ****
              │            ****
              │                *****
        0.001 ┤                    ****
              └────────────────────────
               0              2
               x: epoch   y: loss, log
                          scale
               * train loss
        """)
  }

  @Test("in SVG: the line as one polyline corner to corner, the sample as a circle at its place")
  func svg() {
    let svg = SVGPlot.render(Self.diagonal)
    #expect(
      svg.hasPrefix(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"640.00\" height=\"422.00\""
      ))
    // The drawing area runs from x = 72 to 604 and from y = 344 (bottom) to 44 (top).
    #expect(
      svg.contains(
        "<rect x=\"72.00\" y=\"44.00\" width=\"532.00\" height=\"300.00\" fill=\"none\" stroke=\"#444444\"/>"
      ))
    #expect(
      svg.contains(
        "<polyline points=\"72.00,344.00 604.00,44.00\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
      ))
    // (0.5, 0.25): x = 72 + 0.5 · 532 = 338, y = 344 − 0.25 · 300 = 269, in the second colour.
    #expect(
      svg.contains(
        "<circle cx=\"338.00\" cy=\"269.00\" r=\"3.50\" fill=\"#ff7f0e\" stroke=\"#1a1a1a\" stroke-width=\"0.8\"/>"
      ))
    // The y labels every 60 pixels, each 4 below its tick so that it sits centred on it.
    for (label, y) in zip(
      ["0", "0.2", "0.4", "0.6", "0.8", "1.0"], ["348", "288", "228", "168", "108", "48"])
    {
      #expect(
        svg.contains(
          "<text x=\"64.00\" y=\"\(y).00\" font-size=\"11\" text-anchor=\"end\" font-weight=\"normal\">\(label)</text>"
        ))
    }
    #expect(svg.contains("<title>y = x</title>") && svg.hasSuffix("</svg>\n"))
    #expect(SVGPlot.render(Self.diagonal) == svg, "the same plot gives the same file")
  }
}
