import CLibedit
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNLanguage

/// Reads lines at a terminal through libedit: arrow keys, Emacs bindings, history kept across
/// sessions, Ctrl-R search and Tab completion.
///
/// libedit calls back into Swift through C function pointers, which cannot capture anything;
/// each callback finds this object again through libedit's client-data pointer.
final class LibeditLineReader: LineReader {
  private let editor: OpaquePointer
  private let history: OpaquePointer
  private let historyPath: String?
  /// The session whose names Tab completes, during `readLine`.
  private var session = Session()
  /// The prompt as C text, kept alive while libedit may read it.
  private var promptText: UnsafeMutablePointer<CChar>?
  /// The state of decoding UTF-8 bytes into characters between reads.
  private var decoding = mbstate_t()
  /// Whether saving the history already failed once (it is said once, not after every line).
  private var historyFailed = false

  /// A reader that keeps its history in `historyPath`, or `nil` if libedit cannot start.
  init?(historyPath: String?) {
    guard let editor = nn_el_init(CommandLine.arguments.first ?? "nnrepl"),
      let history = history_init()
    else {
      return nil
    }
    self.editor = editor
    self.history = history
    self.historyPath = historyPath
    configure()
  }

  deinit {
    el_end(editor)
    history_end(history)
    free(promptText)
  }

  private func configure() {
    _ = nn_history_setsize(history, 1000)
    _ = nn_history_setunique(history, 1)
    if let historyPath { _ = nn_history_load(history, historyPath) }
    _ = nn_el_set_history(editor, history)
    _ = nn_el_set_editor(editor, "emacs")
    _ = nn_el_set_signal(editor, 1)  // libedit restores the terminal on signals and resizes
    _ = nn_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
    _ = nn_el_set_prompt(editor) { editor in LibeditLineReader.owner(of: editor)?.promptText }
    _ = nn_el_set_getcfn(editor) { editor, character in
      LibeditLineReader.owner(of: editor)?.readCharacter(into: character) ?? -1
    }
    _ = nn_el_addfn(editor, "nnrepl-complete", "complete a command or name") { editor, _ in
      LibeditLineReader.owner(of: editor)?.completeWord() ?? UInt8(CC_ERROR)
    }
    _ = nn_el_bind(editor, "^I", "nnrepl-complete")
    // Emacs's reverse search; libedit binds ^R to redraw
    _ = nn_el_bind(editor, "^R", "em-inc-search-prev")
    _ = el_source(editor, nil)  // the user's ~/.editrc, e.g. 'bind -v' for vi keys
  }

  private static func owner(of editor: OpaquePointer?) -> LibeditLineReader? {
    guard let editor, let pointer = nn_el_get_clientdata(editor) else { return nil }
    return Unmanaged<LibeditLineReader>.fromOpaque(pointer).takeUnretainedValue()
  }

  func readLine(prompt: String, completingIn session: Session) -> LineReaderResult {
    self.session = session
    free(promptText)
    promptText = strdup(prompt)
    Interrupt.reset()
    var count: Int32 = 0
    guard let line = el_gets(editor, &count) else {
      if Interrupt.terminationSignal != 0 { return .endOfInput }
      if count == -1 && Interrupt.isSet {
        print("^C")
        return .interrupted
      }
      print("")  // Ctrl-D: end the prompt's line
      return .endOfInput
    }
    var text = String(cString: line)  // libedit's buffer: copy it before the next call
    if text.hasSuffix("\n") { text.removeLast() }
    return .line(text)
  }

  func addHistory(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace) else { return }
    _ = nn_history_enter(history, line)
    // Saved after each line, so a crash loses nothing. A history file that cannot be written is
    // worth one warning, not a failure.
    if let historyPath, !saveHistory(to: historyPath), !historyFailed {
      historyFailed = true
      Console().err(
        "warning: cannot save the history to '\(historyPath)'; this session's lines will not be remembered"
      )
    }
  }

  /// Writes the history to a temporary file beside `path` and renames it over `path`, so that a
  /// crash mid-write never leaves a half-written history; if the rename fails (`path` is a
  /// folder), the temporary is removed rather than left beside it.
  private func saveHistory(to path: String) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    guard nn_history_save(history, temporary) >= 0 else {
      _ = unlink(temporary)
      return false
    }
    guard rename(temporary, path) == 0 else {
      _ = unlink(temporary)
      return false
    }
    return true
  }

  /// libedit's reader: waits for a key or for Ctrl-C's byte on the interrupt pipe, and decodes
  /// UTF-8 bytes into one wide character. Returns 1 for a character, 0 at the end of input, and
  /// −1 with `errno = EINTR` when Ctrl-C was pressed, which makes `el_gets` return at once.
  private func readCharacter(into character: UnsafeMutablePointer<wchar_t>?) -> Int32 {
    while true {
      var descriptors = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: Interrupt.pipe.read, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&descriptors, 2, -1)
      if Interrupt.shouldStop {
        errno = EINTR
        return -1
      }
      if ready < 0 { continue }  // another signal, such as a resize
      var byte: CChar = 0
      let count = systemRead(STDIN_FILENO, &byte, 1)
      if count == 0 { return 0 }
      if count < 0 { if errno == EINTR || errno == EAGAIN { continue } else { return -1 } }
      var wide: wchar_t = 0
      let decoded = mbrtowc(&wide, &byte, 1, &decoding)
      if decoded == size_t.max - 1 { continue }  // the middle of a multi-byte character
      if decoded == size_t.max {  // not UTF-8: skip the byte
        decoding = mbstate_t()
        continue
      }
      character?.pointee = wide
      return 1
    }
  }

  /// Tab: completes the word before the cursor, or lists the choices when there are several.
  private func completeWord() -> UInt8 {
    guard let info = el_line(editor)?.pointee, let buffer = info.buffer, let cursor = info.cursor
    else {
      return UInt8(CC_ERROR)
    }
    let before = String(
      decoding: UnsafeRawBufferPointer(start: buffer, count: buffer.distance(to: cursor)),
      as: UTF8.self)
    let completion = Completion(completing: before, in: session)
    switch completion.candidates.count {
    case 0:
      return UInt8(CC_REFRESH_BEEP)
    case 1:
      _ = el_insertstr(
        editor, String(completion.candidates[0].dropFirst(completion.word.count)) + " ")
      return UInt8(CC_REFRESH)
    default:
      let common = completion.commonPrefix
      if common.count > completion.word.count {
        _ = el_insertstr(editor, String(common.dropFirst(completion.word.count)))
        return UInt8(CC_REFRESH)
      }
      print("\n" + completion.candidates.joined(separator: "  "))
      return UInt8(CC_REDISPLAY)
    }
  }
}
