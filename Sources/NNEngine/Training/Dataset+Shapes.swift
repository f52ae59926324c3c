/// A small image set nnrepl draws itself: 8 × 8 pictures of four shapes, with noise, at random
/// places. It is the smallest data on which a convolution's two ideas show — the same detector
/// everywhere (a bar is a bar wherever it is), and local windows — and every seed gives the same
/// images, so a lesson can state its accuracy.
extension Dataset {
  /// The four classes of `shapes`, in label order.
  public enum ShapeClass: Int, CaseIterable, Sendable {
    /// A horizontal bar, one pixel thick and 4 to 6 long.
    case horizontalBar
    /// A vertical bar, one pixel thick and 4 to 6 long.
    case verticalBar
    /// A plus sign with arms of 2 pixels.
    case cross
    /// A ring of radius 2 to 3 pixels.
    case circle

    /// The class's name, as the language prints it.
    public var name: String { ["horizontal bar", "vertical bar", "cross", "circle"][rawValue] }
  }

  /// The side of a `shapes` image, in pixels.
  public static let shapeImageSide = 8

  /// `count` 8 × 8 × 1 images, class i mod 4 for sample i (so the classes are balanced), each the
  /// shape's pixels at 1 on a background of 0, placed at random, plus normal noise of standard
  /// deviation `noise` on every pixel. A sample is a row of 64 numbers, row after row.
  public static func shapes(count: Int, noise: Double, using g: inout SeededGenerator) -> Dataset {
    let side = shapeImageSide
    var inputs = Matrix(rows: count, columns: side * side)
    var labels: [Int] = []
    for i in 0..<count {
      let shape = ShapeClass.allCases[i % ShapeClass.allCases.count]
      for (y, x) in pixels(of: shape, using: &g) { inputs[i, y * side + x] = 1 }
      for j in 0..<(side * side) { inputs[i, j] += noise * g.nextNormal() }
      labels.append(shape.rawValue)
    }
    return Dataset(inputs: inputs, labels: .classes(labels))
  }

  /// The (row, column) pixels of one randomly placed shape.
  private static func pixels(of shape: ShapeClass, using g: inout SeededGenerator) -> [(Int, Int)] {
    let side = shapeImageSide
    func integer(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(g.next() % UInt64(range.count))
    }
    switch shape {
    case .horizontalBar, .verticalBar:
      let length = integer(4...6)
      let (across, along) = (integer(0...(side - 1)), integer(0...(side - length)))
      let bar = (along..<(along + length)).map { (across, $0) }
      return shape == .horizontalBar ? bar : bar.map { ($0.1, $0.0) }
    case .cross:
      let (cy, cx) = (integer(2...(side - 3)), integer(2...(side - 3)))
      return (-2...2).flatMap { k in k == 0 ? [(cy, cx)] : [(cy + k, cx), (cy, cx + k)] }
    case .circle:
      let (cy, cx) = (3.5 + g.nextUniform() - 0.5, 3.5 + g.nextUniform() - 0.5)
      let radius = 2 + g.nextUniform()
      var ring: [(Int, Int)] = []
      for y in 0..<side {
        for x in 0..<side {
          let distance = ((Double(y) - cy) * (Double(y) - cy) + (Double(x) - cx) * (Double(x) - cx))
            .squareRoot()
          if abs(distance - radius) < 0.5 { ring.append((y, x)) }
        }
      }
      return ring
    }
  }
}
