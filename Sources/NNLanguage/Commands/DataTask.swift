import NNEngine

/// The generated data sets whose samples have a shape, for the layers that read one: 8×8 images
/// of shapes for a convolution, and sequence tasks that need memory for a recurrent layer
/// (`NNEngine/Training/Dataset+Shapes.swift`, `Dataset+Sequences.swift`). `data shapes` and the
/// others also set the input's shape, as `input 8x8x1` would.
public enum DataTask: Equatable, Sendable {
  /// `data shapes [n <count>] [noise <amount>]`: bars, crosses and circles, 8×8×1.
  case shapes(count: Int, noise: Double)
  /// `data parity [n <count>] [steps <T>] [last <k>]`: is the sum of the last k bits odd?
  case parity(count: Int, steps: Int, last: Int)
  /// `data sum [n <count>] [steps <T>] [last <k>]`: the sum of the last k numbers (regression).
  case sum(count: Int, steps: Int, last: Int)
  /// `data echo [n <count>] [steps <T>] [symbols <V>]`: the first of T one-hot symbols.
  case echo(count: Int, steps: Int, symbols: Int)

  /// The words after `data` that name a task.
  static let names = ["shapes", "parity", "sum", "echo"]

  /// data shapes [n <Int>] [noise <Double>] | data parity|sum [n <Int>] [steps <Int>] [last <Int>] |
  /// data echo [n <Int>] [steps <Int>] [symbols <Int>] — or nil if the next word names no task.
  static func parse(_ parser: inout Parser) throws(Diagnostic) -> DataTask? {
    guard let word = parser.current?.text, names.contains(word), parser.eat(word: word) else {
      return nil
    }
    var (count, noise, steps, last, symbols) = (200, 0.0, 8, 2, 3)
    if word == "shapes" { noise = 0.1 }
    let sequenceRange = parser.currentRange
    while !parser.isAtEnd {
      if parser.eat(word: "n") {
        count = try parser.expectInteger("the number of samples", in: 1...Limits.samples)
      } else if word == "shapes", parser.eat(word: "noise") {
        let range = parser.currentRange
        noise = try parser.expectNumber("the amount of noise")
        guard (0...10).contains(noise) else {
          throw .syntax("parser.noise", "the noise must be between 0 and 10", at: range)
        }
      } else if word != "shapes", parser.eat(word: "steps") {
        steps = try parser.expectInteger("the number of steps", in: 1...1_000)
      } else if word == "parity" || word == "sum", parser.eat(word: "last") {
        last = try parser.expectInteger("how many of the last steps count", in: 1...1_000)
      } else if word == "echo", parser.eat(word: "symbols") {
        symbols = try parser.expectInteger("the number of symbols", in: 2...100)
      } else {
        try parser.expectEnd(after: "'data \(word)' and its options")
      }
    }
    guard word == "shapes" || word == "echo" || last <= steps else {
      throw .syntax(
        "parser.lastSteps", "'last \(last)' counts more steps than the \(steps) of a sequence",
        at: sequenceRange,
        notes: [.init("take 'last' from 1 to the number of steps")])
    }
    switch word {
    case "shapes": return .shapes(count: count, noise: noise)
    case "parity": return .parity(count: count, steps: steps, last: last)
    case "sum": return .sum(count: count, steps: steps, last: last)
    default: return .echo(count: count, steps: steps, symbols: symbols)
    }
  }

  /// shape <h>x<w>x<c> | <T>x<F>, after `data load <file>`.
  static func parseShape(_ parser: inout Parser) throws(Diagnostic) -> SampleShape {
    let range = parser.currentRange
    let sizes = try Input.parseDimensions(&parser, "a shape such as 8x8x1")
    switch sizes.count {
    case 3: return .image(height: sizes[0], width: sizes[1], channels: sizes[2])
    case 2: return .sequence(steps: sizes[0], features: sizes[1])
    default:
      throw .syntax(
        "parser.badShape", "expected a shape such as 8x8x1 or 16x3, found \(sizes[0])", at: range,
        notes: [.init("a row of plain features needs no shape")])
    }
  }

  /// The number of samples.
  var count: Int {
    switch self {
    case .shapes(let count, _), .parity(let count, _, _), .sum(let count, _, _),
      .echo(let count, _, _):
      count
    }
  }

  /// The shape of one sample.
  var shape: SampleShape {
    switch self {
    case .shapes: .image(height: Dataset.shapeImageSide, width: Dataset.shapeImageSide, channels: 1)
    case .parity(_, let steps, _), .sum(_, let steps, _): .sequence(steps: steps, features: 1)
    case .echo(_, let steps, let symbols): .sequence(steps: steps, features: symbols)
    }
  }

  /// The data, drawn from the session's seed (each task its own stream).
  func generate(seed: UInt64) -> Dataset {
    var g = SeededGenerator(
      seed: seed, stream: 0x5441_534B &+ UInt64(DataTask.names.firstIndex(of: name) ?? 0))
    switch self {
    case .shapes(let count, let noise): return .shapes(count: count, noise: noise, using: &g)
    case .parity(let count, let steps, let last):
      return .parity(count: count, steps: steps, last: last, using: &g)
    case .sum(let count, let steps, let last):
      return .sumOfLast(count: count, steps: steps, last: last, using: &g)
    case .echo(let count, let steps, let symbols):
      return .echo(count: count, steps: steps, symbols: symbols, using: &g)
    }
  }

  var name: String {
    switch self {
    case .shapes: "shapes"
    case .parity: "parity"
    case .sum: "sum"
    case .echo: "echo"
    }
  }

  /// The class names, where the classes have them.
  var classNames: [String]? {
    if case .shapes = self { return Dataset.ShapeClass.allCases.map(\.name) }
    return nil
  }
}
