/// "Did you mean …?": the known name closest to a mistyped one.
public enum Suggestions {
  /// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo:
  /// at most 1 edit for short words, about a third of the word for longer ones.
  ///
  /// The distance is at least the difference in length, so a candidate whose length is further
  /// off than the limit is skipped before the edit distance (whose cost is the product of the
  /// lengths) is computed: a ten-megabyte word costs one pass over it, not hours.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    let length = word.count
    let limit = max(1, length / 3)
    let near = candidates.filter { abs($0.count - length) <= limit }
    guard !near.isEmpty else { return nil }
    let lowered = word.lowercased()
    let scored = near.map { ($0, editDistance(lowered, $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit, best.0 != word else {
      return nil
    }
    return best.0
  }

  /// The note for a mistyped word, or no note when nothing is close. Given where the word is
  /// written, the note carries the fix-it that puts the suggestion there.
  static func note(for word: String, among candidates: [String], at range: SourceRange? = nil)
    -> [Diagnostic.Note]
  {
    closest(to: word, among: candidates).map { suggestion in
      [
        Diagnostic.Note(
          "did you mean '\(suggestion)'?",
          fixIt: range.map { .init(replacing: $0, with: suggestion) })
      ]
    } ?? []
  }

  /// The Damerau–Levenshtein distance (optimal string alignment): the fewest insertions,
  /// deletions, substitutions and swaps of neighbours that turn `a` into `b`.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }
}
