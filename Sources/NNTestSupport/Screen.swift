/// What a terminal `columns` wide shows after a program's output, as rows of text: enough of a
/// VT100 to see whether a progress bar redrew itself in place. Printable characters go at the
/// cursor and wrap at the right edge, as terminals do; `\r` returns to the start of the row, `\n`
/// moves down, `ESC [ K` erases to the end of the row, backspace moves left, and every other
/// escape sequence (colours, cursor moves) is skipped.
public struct Screen {
  public private(set) var rows: [[Character]] = [[]]
  let columns: Int
  private var (row, column) = (0, 0)

  public init(_ transcript: String, columns: Int) {
    self.columns = columns
    var escape: String?
    for character in transcript {
      if var sequence = escape {
        sequence.append(character)
        if sequence == "\u{1B}[" || (sequence.count > 2 && !character.isLetter && character != "~")
        {
          escape = sequence
          continue
        }
        escape = nil
        if sequence == "\u{1B}[K" { rows[row].removeSubrange(min(column, rows[row].count)...) }
        continue
      }
      switch character {
      case "\u{1B}": escape = "\u{1B}"
      case "\r": column = 0
      case "\n": moveDown()
      case "\r\n":  // one Character in Swift
        column = 0
        moveDown()
      case "\u{8}": column = max(0, column - 1)
      case "\u{7}", "\u{0}": continue
      default: put(character)
      }
    }
  }

  /// The rows as text, without trailing spaces.
  public var lines: [String] {
    rows.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
  }

  private mutating func put(_ character: Character) {
    if column >= columns {
      moveDown()
      column = 0
    }
    while rows[row].count < column { rows[row].append(" ") }
    if column < rows[row].count {
      rows[row][column] = character
    } else {
      rows[row].append(character)
    }
    column += 1
  }

  private mutating func moveDown() {
    row += 1
    if row == rows.count { rows.append([]) }
  }
}
