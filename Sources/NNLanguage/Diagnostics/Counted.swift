import NNRender

/// A count with its noun in the right number: "1 sample", "4 samples", "1 entry", "2 entries",
/// "110,529 parameters".
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
  "\(NumberFormat.grouped(count)) \(count == 1 ? singular : plural ?? singular + "s")"
}
