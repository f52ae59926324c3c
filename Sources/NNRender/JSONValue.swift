/// A JSON value, and its text with every number at full precision.
///
/// Numbers are written as Swift's shortest round-trip form (`0.1`, `1.0946327523248316`), so a
/// grader that reads them back gets exactly the Double nnrepl computed. JSON has no NaN or
/// infinity: they are written as the strings "NaN", "Infinity" and "-Infinity".
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// An object; its keys keep the order given, so output is stable and diffs cleanly.
  case object([(String, JSONValue)])

  /// The compact JSON text, on one line.
  public var text: String {
    switch self {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let value): return String(value)
    case .number(let value):
      if value.isNaN { return "\"NaN\"" }
      if value.isInfinite { return value < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
      return "\(value)"
    case .string(let value): return JSONValue.quoted(value)
    case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { JSONValue.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",")
        + "}"
    }
  }

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

  private static func quoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}

extension Output {
  /// The output's data as JSON: matrices as nested arrays, numbers at full precision.
  public var json: JSONValue {
    switch self {
    case .message(let text):
      return .object([("text", .string(text))])
    case .value(let name, let value):
      return .object([("name", .string(name)), ("value", .number(value))])
    case .matrix(let name, let rows, _):
      return .object([
        ("name", .string(name)),
        ("shape", .array([.integer(rows.count), .integer(rows.first?.count ?? 0)])),
        ("value", .array(rows.map { .array($0.map(JSONValue.number)) })),
      ])
    case .table(let table):
      return .object([
        ("header", .array(table.header.map(JSONValue.string))),
        ("rows", .array(table.rows.map { .array($0.map(JSONValue.string)) })),
        ("footer", .array(table.footer.map(JSONValue.string))),
      ])
    case .definitions(let list):
      return .object([
        ("title", .string(list.title)),
        (
          "entries",
          .array(
            list.entries.map {
              .object([("term", .string($0.term)), ("description", .string($0.description))])
            })
        ),
      ])
    case .epoch(let number, let loss):
      return .object([("epoch", .integer(number)), ("loss", .number(loss))])
    case .progress(let progress):
      return .object([
        ("unit", .string(progress.unit)), ("step", .integer(progress.step)),
        ("of", .integer(progress.total)),
        ("loss", progress.loss.map(JSONValue.number) ?? .null),
      ])
    case .plot(let plot):
      return plot.json
    case .textPiece(let text):
      return .string(text)
    }
  }
}

extension Plot {
  /// The plot's data as JSON: the series' points and the grid's values, at full precision.
  public var json: JSONValue {
    func series(_ list: [Series]) -> JSONValue {
      .array(
        list.map {
          .object([
            ("name", .string($0.name)), ("x", .array($0.xs.map(JSONValue.number))),
            ("y", .array($0.ys.map(JSONValue.number))),
          ])
        })
    }
    var members: [(String, JSONValue)] = [
      ("title", .string(title)), ("x_label", .string(xLabel)), ("y_label", .string(yLabel)),
      ("x_range", .array([.number(xRange.lowerBound), .number(xRange.upperBound)])),
      ("y_range", .array([.number(yRange.lowerBound), .number(yRange.upperBound)])),
      ("log_y", .bool(logarithmicY)), ("lines", series(lines)), ("points", series(points)),
    ]
    if let grid {
      members.append(
        (
          "grid",
          .object([
            ("rows", .integer(grid.rows)), ("columns", .integer(grid.columns)),
            ("values", .array(grid.values.map(JSONValue.number))),
          ])
        ))
    }
    return .object(members)
  }
}
