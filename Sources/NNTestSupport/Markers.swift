/// Source text with position markers, for diagnostic tests in swift-syntax's style:
/// `"layer dense 4 1️⃣sigmod"` is the line `layer dense 4 sigmod` with marker 1️⃣ at column 15.
public struct MarkedSource {
  /// The text with the markers removed.
  public var text: String
  /// Each marker's 1-based column in `text`.
  public var columns: [String: Int] = [:]

  public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]

  public init(_ marked: String) {
    var text = ""
    var remaining = Substring(marked)
    outer: while let first = remaining.first {
      for marker in MarkedSource.markers where remaining.hasPrefix(marker) {
        columns[marker] = text.count + 1
        remaining = remaining.dropFirst(marker.count)
        continue outer
      }
      text.append(first)
      remaining = remaining.dropFirst()
    }
    self.text = text
  }
}
