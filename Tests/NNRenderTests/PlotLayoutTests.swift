import Foundation
import NNRender
import Testing

/// Plots read at a glance: ticks at nice numbers, no two labels on top of each other, samples
/// that stand out from their regions, heat maps the way round matrices print. The SVGs are
/// rendered to PNG with librsvg (rsvg-convert), as a viewer would.
@Suite("Plot layout")
struct PlotLayoutTests {
  @Test("ticks step by 1, 2 or 5 times a power of ten, and zero is labelled 0")
  func niceTicks() {
    let sigmoid = Ticks(in: 0.0003352...0.9997, count: 5)
    #expect(sigmoid.values.map(sigmoid.label) == ["0.2", "0.4", "0.6", "0.8"])
    let tanh = Ticks(in: -0.9999...1, count: 5)
    #expect(tanh.values.map(tanh.label) == ["-0.5", "0", "0.5", "1.0"])
    let spiral = Ticks(in: -5.923...(-0.09094), count: 5)
    #expect(spiral.values.map(spiral.label) == ["-5", "-4", "-3", "-2", "-1"])
    let tiny = Ticks(in: 0...0.0003, count: 3)
    #expect(tiny.values.map(tiny.label) == ["0", "0.0001", "0.0002", "0.0003"])
    let rows = Ticks(in: -0.5...2.5, count: 5, whole: true)
    #expect(rows.values == [0, 1, 2])
    let log = Ticks(logarithmicIn: 0.0004...2, count: 5)
    #expect(log.values == [0.001, 0.01, 0.1, 1])
  }

  /// Plots of every kind, with crowded legends and awkward ranges.
  static let plots: [(String, Plot)] = {
    var tanh = Plot(
      title: "tanh and its derivative", xLabel: "z", yLabel: "value", xRange: -6...6,
      yRange: -0.99988...1)
    tanh.lines = [
      Plot.Series(name: "tanh(z)", xs: [-6, 0, 6], ys: [-0.99988, 0, 0.99988], color: 0),
      Plot.Series(name: "tanh′(z)", xs: [-6, 0, 6], ys: [0.0003354, 1, 0.0003354], color: 1),
    ]
    var regions = Plot(
      title: "decision regions", xLabel: "x₁", yLabel: "x₂", xRange: -5.923...5.1,
      yRange: -0.09094...0.0005)
    regions.grid = Plot.Grid(rows: 2, columns: 3, values: [0, 1, 2, 2, 1, 0], coloring: .classes)
    regions.points = (0..<3).map {
      Plot.Series(name: "class \($0)", xs: [-5 + Double($0)], ys: [-0.05], color: $0)
    }
    var heat = Plot(
      title: "W1 (2×16)", xLabel: "column", yLabel: "row", xRange: -0.5...15.5, yRange: -0.5...1.5)
    heat.yDownward = true
    heat.wholeTicks = true
    heat.grid = Plot.Grid(
      rows: 2, columns: 16, values: (0..<32).map { Double($0 - 16) / 16 },
      coloring: .diverging(low: -1, high: 1))
    var runs = Plot(
      title: "loss by epoch", xLabel: "epoch", yLabel: "loss", xRange: 0...300,
      yRange: 0.00066...0.84)
    runs.logarithmicY = true
    runs.lines = [
      "lr=0.01", "lr=0.5", "lr=5", "a run with a rather long name", "another long-named run", "six",
    ].enumerated().map {
      Plot.Series(
        name: $0.element, xs: [0, 300], ys: [0.84, 0.00066 * Double($0.offset + 1)],
        color: $0.offset)
    }
    var wide = Plot(
      title: "large numbers", xLabel: "x", yLabel: "y", xRange: 123_456...9_876_543,
      yRange: -0.000012345...0.0000987)
    wide.lines = [
      Plot.Series(name: "y", xs: [123_456, 9_876_543], ys: [-0.000012345, 0.0000987], color: 0)
    ]
    return [("tanh", tanh), ("regions", regions), ("heat", heat), ("runs", runs), ("wide", wide)]
  }()

  @Test("no two labels of an SVG overlap, and all lie inside the image", arguments: plots.map(\.0))
  func labelsApart(_ name: String) throws {
    let plot = try #require(Self.plots.first { $0.0 == name }?.1)
    let layout = SVGPlot.layout(of: plot)
    for (i, a) in layout.labels.enumerated() {
      for b in layout.labels[(i + 1)...] {
        #expect(!a.overlaps(b), "'\(a.text)' overlaps '\(b.text)'")
      }
      let box = a.box
      #expect(
        box.x0 >= 0 && box.x1 <= 640 && box.y0 >= 0 && box.y1 <= layout.height,
        "'\(a.text)' lies outside")
    }
  }

  @Test(
    "the tanh plot labels its zero line 0, and ends its axis at the tick 1.0 rather than at 0.9999")
  func zeroLabel() throws {
    let layout = SVGPlot.layout(of: try #require(Self.plots.first?.1))
    let texts = layout.labels.map(\.text)
    #expect(texts.contains("0") && texts.contains("1.0") && texts.contains("-1.0"))
    #expect(!texts.contains { $0.contains("0.0003") || $0.contains("0.9998") })
  }

  @Test("decision regions: samples dark with an outline over light tints, and a legend for both")
  func regions() throws {
    let svg = SVGPlot.render(try #require(Self.plots.first { $0.0 == "regions" }?.1))
    #expect(
      svg.contains("fill=\"#a63603\" stroke=\"#1a1a1a\""),
      "class 1's samples in dark orange, outlined")
    #expect(svg.contains("fill=\"#fdd0a2\""), "class 1's region in light orange")
    for k in 0..<3 {
      #expect(
        svg.contains(">region predicted as class \(k)</text>") && svg.contains(">class \(k)</text>")
      )
    }
    let text = TerminalPlot(style: .plain, columns: 80).render(
      try #require(Self.plots.first { $0.0 == "regions" }?.1))
    #expect(
      text.contains("o class 0   x class 1   + class 2   ' ' predicted 0   '·' predicted 1\n"))
    #expect(text.hasSuffix("':' predicted 2"), "the legend wraps to the width")
  }

  @Test("a heat map has row 0 at the top, as the matrix prints, in the terminal and in SVG")
  func heatMapRows() throws {
    let plot = try #require(Self.plots.first { $0.0 == "heat" }?.1)
    let lines = TerminalPlot(style: .plain, columns: 80).render(plot).split(separator: "\n")
    #expect(lines[1].hasPrefix("0 ┤") && lines[2].hasPrefix("1 ┤"))
    let layout = SVGPlot.layout(of: plot)
    let zero = try #require(layout.labels.first { $0.text == "0" && $0.anchor == "end" })
    let one = try #require(layout.labels.first { $0.text == "1" && $0.anchor == "end" })
    #expect(zero.y < one.y, "row 0 is above row 1")
  }

  @Test("every SVG renders to a PNG of its stated size with librsvg", arguments: plots.map(\.0))
  func rendersToPNG(_ name: String) throws {
    let plot = try #require(Self.plots.first { $0.0 == name }?.1)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let (svg, png) = (
      folder.appendingPathComponent("\(name).svg"), folder.appendingPathComponent("\(name).png")
    )
    try SVGPlot.render(plot).write(to: svg, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["rsvg-convert", svg.path, "-o", png.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "rsvg-convert failed (is librsvg2-bin installed?)")
    let bytes = [UInt8](try Data(contentsOf: png))
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
    // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    let number = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    #expect(number(16) == 640)
    #expect(Double(number(20)) == SVGPlot.layout(of: plot).height.rounded(.up))
  }
}
