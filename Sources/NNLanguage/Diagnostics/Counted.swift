/// A count with its noun in the right number: "1 sample", "4 samples", "1 entry", "2 entries".
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
  "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
