import NNLanguage
import NNRender

/// How `nnrepl check` shows a grade: lines for people, a JSON object for scripts, a CSV roster.
enum CheckReport {
  /// The submission's headline, then a line for each blank and each check, in file order:
  ///
  ///     ✗ fail  student/ada.nn  (2-backprop.nn)  2/4 points
  ///         line 20  ???  answered
  ///         line 21  ✓    expect d1 == delta1 within 1e-12   2/2
  ///         line 25  ???  not allowed: uses dW1
  ///         line 26  ✗    expect g == dW1 within 1e-12   0/2   the blank on line 25 is not allowed
  static func text(_ grade: Grade, style: TextStyle) -> String {
    let exercise =
      grade.exercise == grade.name
      ? "" : "  (\(grade.exercise.split(separator: "/").last.map(String.init) ?? grade.exercise))"
    var lines = [
      headline(grade.status, style: style)
        + "  \(grade.name)\(exercise)  \(grade.points)/\(grade.maxPoints) points"
    ]
    if let message = grade.message {
      lines.append("    " + (grade.line.map { "line \($0): " } ?? "") + message)
    }
    var rows: [(Int, String)] = grade.blanks.map { blank in
      let answer =
        blank.status == .answered
        ? "answered: " + (blank.answer ?? "").trimmingPrefix(while: \.isWhitespace)
        : blank.message ?? blank.status.rawValue
      return (blank.line, "???  " + answer)
    }
    rows += grade.checks.filter { $0.line > 0 }.map { check in
      let mark = check.status == .pass ? style.colored("✓", .green) : style.colored("✗", .red)
      return (
        check.line,
        "\(mark)    expect \(check.text)   \(check.points)/\(check.maxPoints)"
          + (check.message.map { "   " + $0 } ?? "")
      )
    }
    for (line, text) in rows.sorted(by: { $0.0 < $1.0 }) {
      lines.append("    line \(line)  \(text)")
    }
    if !grade.ignoredLines.isEmpty {
      lines.append(
        "    not graded: changes outside the blanks, on line\(grade.ignoredLines.count == 1 ? "" : "s") \(grade.ignoredLines.map(String.init).joined(separator: ", "))"
      )
    }
    return lines.joined(separator: "\n")
  }

  private static func headline(_ status: Grade.Status, style: TextStyle) -> String {
    switch status {
    case .pass: return style.colored("✓ pass", .green)
    case .unanswered: return style.colored("? not answered", .magenta)
    case .fail: return style.colored("✗ fail", .red)
    case .error, .unreadable, .stopped: return style.colored("✗ \(status.rawValue)", .red)
    }
  }

  /// One object per submission: its points, and each blank and check with its result.
  static func json(_ grade: Grade) -> JSONValue {
    .object([
      ("file", .string(grade.name)), ("exercise", .string(grade.exercise)),
      ("status", .string(grade.status.rawValue)),
      ("points", .integer(grade.points)), ("max", .integer(grade.maxPoints)),
      ("message", grade.message.map(JSONValue.string) ?? .null),
      ("line", grade.line.map(JSONValue.integer) ?? .null),
      (
        "blanks",
        .array(
          grade.blanks.map { blank in
            .object([
              ("line", .integer(blank.line)), ("status", .string(blank.status.rawValue)),
              ("answer", blank.answer.map(JSONValue.string) ?? .null),
              ("message", blank.message.map(JSONValue.string) ?? .null),
            ])
          })
      ),
      (
        "checks",
        .array(
          grade.checks.map { check in
            .object([
              ("line", .integer(check.line)), ("check", .string(check.text)),
              ("status", .string(check.status.rawValue)),
              ("points", .integer(check.points)), ("max", .integer(check.maxPoints)),
              ("message", check.message.map(JSONValue.string) ?? .null),
            ])
          })
      ),
      ("ignored_lines", .array(grade.ignoredLines.map(JSONValue.integer))),
    ])
  }

  /// The roster: a row per submission with its points and, per check in order, "line 21: pass 2/2".
  static func csv(_ grades: [Grade]) -> String {
    let width = grades.map(\.checks.count).max() ?? 0
    var rows = [
      ["file", "exercise", "status", "points", "max", "message"]
        + (0..<width).map { "check \($0 + 1)" }
    ]
    for grade in grades {
      let checks = grade.checks.map { check in
        (check.line > 0 ? "line \(check.line): " : "")
          + "\(check.status.rawValue) \(check.points)/\(check.maxPoints)"
      }
      rows.append(
        [
          grade.name, grade.exercise, grade.status.rawValue, String(grade.points),
          String(grade.maxPoints), grade.message ?? "",
        ]
          + checks + Array(repeating: "", count: width - checks.count))
    }
    return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
  }

  /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
  private static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }
}
