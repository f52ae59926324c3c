import NNEngine

/// A comma-separated file with a header row, read into a data set: every column but the target
/// is a feature (a number); the target column holds class names, class numbers, or target values.
struct CSVTable {
  /// The file's name, for messages.
  var name: String
  var header: [String]
  /// The data rows with their line numbers in the file (blank lines are skipped).
  var rows: [(line: Int, fields: [String])] = []

  /// Reads `text`. Every row must have as many fields as the header.
  init(parsing text: String, name: String) throws(Diagnostic) {
    self.name = name
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text  // a byte-order mark from Excel
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated()
      .map { ($0.offset + 1, CSVTable.fields(of: String($0.element))) }
      .filter { !($0.1.count == 1 && $0.1[0].isEmpty) }
    guard let (_, header) = lines.first else { throw CSVTable.error("'\(name)' is empty", note: "the first line must name the columns") }
    self.header = header
    for (line, fields) in lines.dropFirst() {
      guard fields.count == header.count else {
        throw CSVTable.error(
          "\(name):\(line): this row has \(counted(fields.count, "field")) but the header has \(header.count)",
          note: "every row needs one value per column: \(header.joined(separator: ", "))")
      }
      rows.append((line, fields))
    }
    guard !rows.isEmpty else { throw CSVTable.error("'\(name)' has a header but no rows", note: "add one row per sample") }
  }

  /// The data set with `target` (or the last column) as the labels.
  func dataset(target: String?, at range: SourceRange) throws(Diagnostic) -> (Dataset, classNames: [String]?) {
    let targetName = target ?? header[header.count - 1]
    guard let targetColumn = header.firstIndex(of: targetName) else {
      throw .runtime(
        "runtime.csvNoColumn", "'\(name)' has no column '\(targetName)'", at: range,
        notes: Suggestions.note(for: targetName, among: header) + [.init("its columns are \(header.joined(separator: ", "))")])
    }
    let featureColumns = header.indices.filter { $0 != targetColumn }
    var features: [[Double]] = []
    for (line, fields) in rows {
      var row: [Double] = []
      for column in featureColumns {
        guard let value = Double(fields[column]), value.isFinite else {
          throw CSVTable.error(
            "\(name):\(line): '\(fields[column])' in column '\(header[column])' is not a number",
            note: "every column except the target '\(targetName)' must hold numbers")
        }
        row.append(value)
      }
      features.append(row)
    }
    let targets = rows.map { $0.fields[targetColumn] }
    let numbers = targets.compactMap(Double.init)
    if numbers.count == targets.count {
      if numbers.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) {
        return (Dataset(inputs: Matrix(features), labels: .classes(numbers.map { Int($0) })), nil)
      }
      return (Dataset(inputs: Matrix(features), labels: .targets(Matrix(column: numbers))), nil)
    }
    var names: [String] = []
    for value in targets where !names.contains(value) { names.append(value) }
    let classes = targets.compactMap { names.firstIndex(of: $0) }
    return (Dataset(inputs: Matrix(features), labels: .classes(classes)), names)
  }

  /// The fields of one line, trimmed. A field in double quotes may hold commas, and `""` inside
  /// it stands for one quote (RFC 4180).
  static func fields(of line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = Substring(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" { field.append(characters.removeFirst()) } else { quoted = false }
        } else {
          field.append(c)
        }
      } else if c == "\"" && field.allSatisfy(\.isWhitespace) {
        (field, quoted) = ("", true)
      } else if c == "," {
        fields.append(field.trimmingBlanks())
        field = ""
      } else {
        field.append(c)
      }
    }
    fields.append(quoted ? field : field.trimmingBlanks())
    return fields
  }

  private static func error(_ message: String, note: String) -> Diagnostic {
    .runtime("runtime.csv", message, notes: [.init(note)])
  }
}
