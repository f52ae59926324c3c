extension NumberFormat {
  /// A time in whole seconds, in the two largest units that matter: `42s`, `3m 05s`, `2h 07m`,
  /// as a progress bar's time left reads best (rounded up: "0s left" only at the end).
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let total = Int(min(max(seconds.rounded(.up), 0), 1e12))
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    if hours > 0 { return "\(hours)h \(two(minutes))m" }
    if minutes > 0 { return "\(minutes)m \(two(secs))s" }
    return "\(secs)s"
  }
}
