import NNEngine
import NNRender

/// `plot …`: loss curves, activation functions, the data, decision regions and weight matrices,
/// drawn in the terminal and, with `to FILE.svg`, written as an SVG file.
public struct PlotCommand: CommandDefinition {
  /// What to draw.
  public enum Subject: Equatable, Sendable {
    /// Training and test loss by epoch, optionally on a log scale; or the training loss of the
    /// runs named (kept with `train … as NAME`), one line each.
    case loss(logarithmic: Bool, runs: [Run] = [])
    /// An activation and its derivative over [from, to].
    case function(Activation, from: Double, to: Double)
    /// The training samples, coloured by class.
    case data
    /// The network's predicted class over the plane, with the samples on top.
    case boundary
    /// A named matrix as a heat map.
    case matrix(String, SourceRange)
    /// One head's attention weights in a block, from the last forward pass.
    case attention(AttentionView)
  }

  /// A run named in `plot loss NAME …`, and where it was written.
  public struct Run: Equatable, Sendable {
    public var name: String
    public var range: SourceRange
  }

  public var subject: Subject
  /// The SVG file to write as well, if any.
  public var file: String?

  static let help = CommandHelp(
    "plot",
    synopsis:
      "plot loss [<run> …] [log] | plot <activation> [from <a> to <b>] | plot data | plot boundary | plot <matrix> | plot attention <block> [head <h>]   [to <file.svg>]",
    summary:
      "draw loss curves, an activation and its derivative, the data, decision regions or a weight matrix",
    details: """
      loss       the training loss (and test loss after 'split') of every epoch; 'log' for a log scale;
                 'plot loss lr=0.1 lr=1' draws the runs kept with 'train … as lr=0.1' on one chart
      sigmoid, relu, tanh, linear   the function and its derivative (default from −6 to 6)
      data       the samples of 2-D data coloured by class (or x against the target for 1-D data)
      boundary   the class the network predicts at every point of the plane, under the samples
      W1, b2, a1, …   a matrix as a heat map: blue negative, white 0, red positive
      attention  one head's attention weights in a block (counted from 1 among the layers with
                 attention; default head 1) for the last forward pass or 'generate': row i is
                 the position looking, column j the one looked at, white 0 to red 1
      'to FILE.svg' also writes the plot as a standalone SVG file.
      """,
    examples: [
      "plot loss log", "plot sigmoid from -8 to 8", "plot boundary to boundary.svg", "plot W1",
      "plot attention 1 head 2 to attention.svg",
    ],
    seed: "§3.3, §4.3, §5.2")

  /// plot <subject> [to <path>]
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> Command {
    let token = try parser.expectWord(
      "what to plot: loss, an activation, data, boundary or a matrix name")
    let subject: Subject
    switch token.text {
    case "loss": subject = try parseLoss(&parser)
    case "data": subject = .data
    case "boundary": subject = .boundary
    case "attention" where parser.current?.isNumber == true:
      subject = .attention(try AttentionView.parse(&parser))
    default:
      if let activation = Activation(rawValue: token.text) {
        var (from, to) = (-6.0, 6.0)
        if parser.eat(word: "from") {
          from = try parser.expectNumber("where the range starts")
          try parser.expect(word: "to", after: "the start of the range")
          let range = parser.currentRange
          to = try parser.expectNumber("where the range ends")
          guard to > from else {
            throw .syntax("parser.plotRange", "the range must end after it starts", at: range)
          }
        }
        subject = .function(activation, from: from, to: to)
      } else {
        subject = .matrix(token.text, token.range)
      }
    }
    let file = parser.eat(word: "to") ? try parser.expectPath("the SVG file to write").path : nil
    try parser.expectEnd(after: file == nil ? "the plot" : "the file name")
    return Command(PlotCommand(subject: subject, file: file))
  }

  /// loss [<run> …] [log], the runs' names and 'log' in any order.
  private static func parseLoss(_ parser: inout Parser) throws(Diagnostic) -> Subject {
    var (logarithmic, runs) = (false, [Run]())
    while let next = parser.current, !next.isWord("to") {
      if parser.eat(word: "log") {
        logarithmic = true
      } else {
        let (name, range) = try parser.expectRunName(
          "the name of a run kept with 'train … as NAME', 'log' or 'to'")
        runs.append(Run(name: name, range: range))
      }
    }
    return .loss(logarithmic: logarithmic, runs: runs)
  }

  func run(in session: inout Session, _ context: RunContext) throws(Diagnostic) {
    let plot = try makePlot(session, context)
    context.say(.plot(plot))
    guard let file else { return }
    do {
      try context.files.write(SVGPlot.render(plot), to: file)
    } catch {
      throw Diagnostic(.cannotWrite(file, reason: error.reason, action: "write"), at: context.range)
    }
    context.say("wrote \(file)")
  }

  private func makePlot(_ session: Session, _ context: RunContext) throws(Diagnostic) -> Plot {
    switch subject {
    case .loss(let logarithmic, let runs) where !runs.isEmpty:
      return try runsPlot(session, runs, logarithmic: logarithmic)
    case .loss(let logarithmic, _): return try lossPlot(session, logarithmic: logarithmic, context)
    case .function(let activation, let from, let to):
      return try functionPlot(activation, from, to, context)
    case .data: return try dataPlot(session, context)
    case .boundary: return try boundaryPlot(session, context)
    case .matrix(let name, let range):
      return try matrixPlot(name, try plottedTensor(name, session, at: range))
    case .attention(let view): return view.plot(try view.weights(in: session, at: context.range))
    }
  }

  /// What `plot` can draw besides a matrix.
  static let kinds =
    ["loss", "data", "boundary", "attention"]
    + Activation.allCases.filter { $0 != .softmax }.map(\.rawValue)

  /// The matrix called `name`; for a name that is neither a matrix nor a kind of plot, a
  /// diagnostic that suggests the nearest kind (`plot bondary` → 'boundary').
  private func plottedTensor(_ name: String, _ session: Session, at range: SourceRange)
    throws(Diagnostic) -> Matrix
  {
    do {
      return try session.tensor(named: name, at: range)
    } catch {
      guard error.id == DiagnosticMessage.unknownTensor(name).id,
        let kind = Suggestions.closest(to: name, among: PlotCommand.kinds)
      else { throw error }
      throw .runtime(
        "runtime.unknownPlot", "nothing to plot is called '\(name)'", at: range,
        notes: [
          .init("did you mean '\(kind)'?"),
          .init(
            "plot loss, data, boundary, an activation (sigmoid, relu, tanh, linear) or a matrix such as W1"
          ),
        ])
    }
  }

  private func lossPlot(_ session: Session, logarithmic: Bool, _ context: RunContext)
    throws(Diagnostic) -> Plot
  {
    guard session.history.count > 1 else {
      throw .runtime(
        "runtime.noHistory", "there is no loss curve yet", at: context.range,
        notes: [.init("run 'train 100' first")])
    }
    let epochs = session.history.map { Double($0.epoch) }
    let train = session.history.map(\.trainLoss)
    let test = session.history.compactMap(\.testLoss)
    let all = (train + test).filter { !logarithmic || $0 > 0 }
    let (unit, heldOut) = PlotCommand.lossWords(session)
    var plot = Plot(
      title: "loss by \(unit)", xLabel: unit, yLabel: "loss", xRange: Plot.range(of: epochs),
      yRange: Plot.range(of: all))
    plot.logarithmicY = logarithmic
    plot.lines.append(Plot.Series(name: "train loss", xs: epochs, ys: train, color: 0))
    if test.count == train.count {
      plot.lines.append(Plot.Series(name: heldOut, xs: epochs, ys: test, color: 1))
    }
    return plot
  }

  /// What a loss curve's axis counts and its held-out line is: a language model trains in steps
  /// of random windows and measures a validation part; other data train in epochs, tested on
  /// what 'split' held out.
  static func lossWords(_ session: Session) -> (unit: String, heldOut: String) {
    session.corpus == nil ? ("epoch", "test loss") : ("step", "validation loss")
  }

  /// The training loss of each run named, on one chart.
  private func runsPlot(_ session: Session, _ named: [Run], logarithmic: Bool) throws(Diagnostic)
    -> Plot
  {
    var runs: [TrainingRun] = []
    for run in named { runs.append(try session.run(named: run.name, at: run.range)) }
    let epochs = runs.flatMap { $0.records.map { Double($0.epoch) } }
    let losses = runs.flatMap { $0.records.map(\.trainLoss) }.filter { !logarithmic || $0 > 0 }
    let unit = PlotCommand.lossWords(session).unit
    var plot = Plot(
      title: "loss by \(unit)", xLabel: unit, yLabel: "training loss",
      xRange: Plot.range(of: epochs), yRange: Plot.range(of: losses))
    plot.logarithmicY = logarithmic
    plot.lines = runs.enumerated().map { index, run in
      Plot.Series(
        name: run.name, xs: run.records.map { Double($0.epoch) }, ys: run.records.map(\.trainLoss),
        color: index)
    }
    return plot
  }

  private func functionPlot(
    _ activation: Activation, _ from: Double, _ to: Double, _ context: RunContext
  ) throws(Diagnostic) -> Plot {
    guard activation != .softmax else {
      throw .runtime(
        "runtime.plotSoftmax",
        "softmax acts on whole rows, not on one number, so it has no curve to plot",
        at: context.range, notes: [.init("plot sigmoid, relu, tanh or linear")])
    }
    let xs = (0...120).map { from + (to - from) * Double($0) / 120 }
    let values = xs.map { activation.value(at: $0) ?? 0 }
    let slopes = xs.map { activation.derivative(at: $0) ?? 0 }
    let name = activation.rawValue
    var plot = Plot(
      title: "\(name) and its derivative", xLabel: "z", yLabel: "value", xRange: from...to,
      yRange: Plot.range(of: values + slopes))
    plot.lines = [
      Plot.Series(name: "\(name)(z)", xs: xs, ys: values, color: 0),
      Plot.Series(name: "\(name)′(z)", xs: xs, ys: slopes, color: 1),
    ]
    return plot
  }

  private func dataPlot(_ session: Session, _ context: RunContext) throws(Diagnostic) -> Plot {
    let data = try session.requireData(at: context.range)
    if data.inputs.columns == 1, case .targets(let targets) = data.labels, targets.columns == 1 {
      let xs = data.inputs.elements
      var plot = Plot(
        title: "data", xLabel: "x", yLabel: "target", xRange: Plot.range(of: xs),
        yRange: Plot.range(of: targets.elements))
      plot.points = [Plot.Series(name: "samples", xs: xs, ys: targets.elements, color: 0)]
      return plot
    }
    let (classes, (xRange, yRange)) = try planeData(data, context)
    var plot = Plot(title: "data", xLabel: "x₁", yLabel: "x₂", xRange: xRange, yRange: yRange)
    plot.points = PlotCommand.groups(data.inputs, classes)
    return plot
  }

  private func boundaryPlot(_ session: Session, _ context: RunContext) throws(Diagnostic) -> Plot {
    let network = try session.requireLayers(at: context.range)
    let data = try session.requireData(at: context.range)
    try session.checkWidth(of: data.inputs, against: network, what: "the data", at: context.range)
    if data.inputs.columns == 1, case .targets(let targets) = data.labels {
      var plot = try dataPlot(session, context)
      let xs = (0...120).map {
        plot.xRange.lowerBound + (plot.xRange.upperBound - plot.xRange.lowerBound) * Double($0)
          / 120
      }
      try session.requireForwardMemory(
        samples: xs.count, of: network, withTargets: false, command: "'plot boundary'",
        at: context.range)
      let predictions = network.forward(Matrix(column: xs)).output.elements
      plot.title = "the network's prediction"
      plot.yRange = Plot.range(of: targets.elements + predictions)
      plot.lines = [Plot.Series(name: "prediction", xs: xs, ys: predictions, color: 1)]
      return plot
    }
    let (classes, (xRange, yRange)) = try planeData(data, context)
    let (rows, columns) = (30, 60)
    // The centre of every cell of a rows × columns grid, top row first.
    let (width, height) = (
      xRange.upperBound - xRange.lowerBound, yRange.upperBound - yRange.lowerBound
    )
    var centres: [Double] = []
    for r in 0..<rows {
      let y: Double = yRange.upperBound - (Double(r) + 0.5) / Double(rows) * height
      for c in 0..<columns {
        let x: Double = xRange.lowerBound + (Double(c) + 0.5) / Double(columns) * width
        centres += [x, y]
      }
    }
    let points = Matrix(rows: rows * columns, columns: 2, elements: centres)
    try session.requireForwardMemory(
      samples: points.rows, of: network, withTargets: false, command: "'plot boundary'",
      at: context.range)
    let predicted = Session.predictedClasses(of: network.forward(points).output)
    var plot = Plot(
      title: "decision regions", xLabel: "x₁", yLabel: "x₂", xRange: xRange, yRange: yRange)
    plot.grid = Plot.Grid(
      rows: rows, columns: columns, values: predicted.map(Double.init), coloring: .classes)
    plot.points = PlotCommand.groups(data.inputs, classes)
    return plot
  }

  private func matrixPlot(_ name: String, _ matrix: Matrix) throws(Diagnostic) -> Plot {
    PlotCommand.heatMap(matrix, title: "\(name) (\(matrix.shape))")
  }

  /// A matrix as a heat map, by default blue −m, white 0, red +m for its largest magnitude m.
  static func heatMap(
    _ matrix: Matrix, title: String, xLabel: String = "column", yLabel: String = "row",
    coloring: Plot.Grid.Coloring? = nil
  ) -> Plot {
    let largest = max(matrix.elements.map(abs).max() ?? 0, 1e-12)
    // Cell (r, c) is centred on (c, r), and row 0 is at the top, as the matrix prints.
    var plot = Plot(
      title: title, xLabel: xLabel, yLabel: yLabel,
      xRange: -0.5...(Double(matrix.columns) - 0.5), yRange: -0.5...(Double(matrix.rows) - 0.5))
    plot.yDownward = true
    plot.wholeTicks = true
    plot.grid = Plot.Grid(
      rows: matrix.rows, columns: matrix.columns, values: matrix.elements,
      coloring: coloring ?? .diverging(low: -largest, high: largest))
    return plot
  }

  /// Class labels of 2-D data, and the ranges of its two features with a margin.
  private func planeData(_ data: Dataset, _ context: RunContext) throws(Diagnostic) -> (
    [Int], (ClosedRange<Double>, ClosedRange<Double>)
  ) {
    guard data.inputs.columns == 2, let classes = data.classes else {
      throw .runtime(
        "runtime.plotPlane",
        "this plot needs 2 features and class labels, but the data has \(counted(data.inputs.columns, "feature"))\(data.classes == nil ? " and targets" : "")",
        at: context.range, notes: [.init("try 'data spiral' or 'data circle'")])
    }
    func padded(_ column: Int) -> ClosedRange<Double> {
      let range = Plot.range(of: (0..<data.count).map { data.inputs[$0, column] })
      let margin = (range.upperBound - range.lowerBound) * 0.05
      return (range.lowerBound - margin)...(range.upperBound + margin)
    }
    return (classes, (padded(0), padded(1)))
  }

  /// The samples, one series per class.
  static func groups(_ inputs: Matrix, _ classes: [Int]) -> [Plot.Series] {
    (0...(classes.max() ?? 0)).map { k in
      let rows = classes.indices.filter { classes[$0] == k }
      return Plot.Series(
        name: "class \(k)", xs: rows.map { inputs[$0, 0] }, ys: rows.map { inputs[$0, 1] }, color: k
      )
    }
  }
}
