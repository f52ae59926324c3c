import NNEngine
import NNRender

/// A comma-separated file with a header row, read into a data set: every column but the target
/// is a feature (a number); the target column holds class names, class numbers, or target values.
///
/// The file is read in one pass, row by row, straight into numbers, and refused as soon as it
/// passes a limit (more than `Limits.samples` rows, or more numbers than the memory limit), not
/// after the whole of it has been taken apart.
struct CSVTable {
  /// The file's name, for messages.
  var name: String
  var header: [String]
  /// The target column's index.
  var targetColumn: Int
  /// The features, row after row.
  var features: [Double] = []
  /// The target column's text, one per row.
  var targets: [String] = []

  /// Reads `text`, with `target` (or the last column) as the labels. Every row must have as many
  /// fields as the header; at most `maxNumbers` features are read.
  init(parsing text: String, name: String, target: String?, maxNumbers: Int, at range: SourceRange)
    throws(Diagnostic)
  {
    self.name = name
    // a byte-order mark from Excel
    var lines = CSVTable.Lines(text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text))
    guard let (headerLine, header) = try lines.next(in: name) else {
      throw CSVTable.error("'\(name)' is empty", note: "the first line must name the columns")
    }
    self.header = header
    let targetName = target ?? header[header.count - 1]
    guard let targetColumn = header.firstIndex(of: targetName) else {
      throw .runtime(
        "runtime.csvNoColumn", "'\(name)' has no column '\(targetName)'", at: range,
        notes: Suggestions.note(for: targetName, among: header) + [
          .init("its columns are \(header.joined(separator: ", "))")
        ])
    }
    self.targetColumn = targetColumn
    guard header.count > 1 else {
      throw CSVTable.error(
        "\(name):\(headerLine): the only column is the target '\(targetName)': there are no features to learn from",
        note: "every column except the target holds one feature of a sample; add at least one")
    }
    guard header.count - 1 <= Limits.width else {
      throw CSVTable.error(
        "\(name):\(headerLine): \(header.count - 1) feature columns are more than \(Limits.width)",
        note: "use fewer columns")
    }
    while let (line, fields) = try lines.next(in: name) {
      try read(fields, line: line, maxNumbers: maxNumbers)
    }
    guard !targets.isEmpty else {
      throw CSVTable.error("'\(name)' has a header but no rows", note: "add one row per sample")
    }
  }

  /// Adds one row, refusing it if it has the wrong number of fields, a feature that is not a
  /// number, or would take the table past its limits.
  private mutating func read(_ fields: [String], line: Int, maxNumbers: Int) throws(Diagnostic) {
    guard fields.count == header.count else {
      throw CSVTable.error(
        "\(name):\(line): this row has \(counted(fields.count, "field")) but the header has \(header.count)",
        note: "every row needs one value per column: \(header.joined(separator: ", "))")
    }
    guard targets.count < Limits.samples, features.count <= maxNumbers - (header.count - 1) else {
      throw CSVTable.error(
        "\(name):\(line): the file is larger than \(NumberFormat.grouped(Limits.samples)) samples or \(NumberFormat.grouped(maxNumbers)) numbers; it was not loaded",
        note: "load fewer rows, or start nnrepl with a larger --max-memory")
    }
    for (column, field) in fields.enumerated() where column != targetColumn {
      guard let value = Double(field), value.isFinite else {
        throw CSVTable.error(
          "\(name):\(line): '\(field)' in column '\(header[column])' is not a number",
          note: "every column except the target '\(header[targetColumn])' must hold numbers")
      }
      features.append(value)
    }
    targets.append(fields[targetColumn])
  }

  /// The data set, and the class names in the order they first appear if the targets are text.
  var dataset: (Dataset, classNames: [String]?) {
    let inputs = Matrix(rows: targets.count, columns: header.count - 1, elements: features)
    let numbers = targets.compactMap(Double.init)
    if numbers.count == targets.count {
      if numbers.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) {
        return (Dataset(inputs: inputs, labels: .classes(numbers.map { Int($0) })), nil)
      }
      return (Dataset(inputs: inputs, labels: .targets(Matrix(column: numbers))), nil)
    }
    var names: [String] = []
    var classOf: [String: Int] = [:]
    let classes = targets.map { value in
      if let known = classOf[value] { return known }
      classOf[value] = names.count
      names.append(value)
      return names.count - 1
    }
    return (Dataset(inputs: inputs, labels: .classes(classes)), names)
  }

  /// The non-blank lines of a file, split into fields one at a time, with their line numbers.
  struct Lines {
    private var rest: Substring
    private var number = 0

    init(_ text: Substring) { rest = text }

    /// The next non-blank line's number and fields, or `nil` at the end of the file.
    mutating func next(in name: String) throws(Diagnostic) -> (line: Int, fields: [String])? {
      while !rest.isEmpty {
        let end = rest.firstIndex { $0 == "\n" || $0 == "\r\n" } ?? rest.endIndex
        let text = rest[..<end]
        rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        number += 1
        guard let fields = CSVTable.fields(of: String(text)) else {
          throw CSVTable.error(
            "\(name):\(number): a quoted field is not closed",
            note: "a field that starts with '\"' needs a closing '\"' on the same line")
        }
        if !(fields.count == 1 && fields[0].isEmpty) { return (number, fields) }
      }
      return nil
    }
  }

  /// The fields of one line, trimmed, or `nil` if a quoted field is not closed. A field in
  /// double quotes may hold commas, and `""` inside it stands for one quote (RFC 4180).
  static func fields(of line: String) -> [String]? {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = Substring(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" {
            field.append(characters.removeFirst())
          } else {
            quoted = false
          }
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
    guard !quoted else { return nil }
    fields.append(field.trimmingBlanks())
    return fields
  }

  private static func error(_ message: String, note: String) -> Diagnostic {
    .runtime("runtime.csv", message, notes: [.init(note)])
  }
}
