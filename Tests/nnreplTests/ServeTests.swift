import Foundation
import NNTestSupport
import Testing

/// `nnrepl --serve`, the Jupyter kernel's engine: JSON requests in, JSON lines out.
@Suite("nnrepl --serve")
struct ServeTests {
  let binary = BuiltBinary()

  /// Runs the server on `requests` (one JSON object each) and returns every line it wrote.
  func serve(_ requests: [[String: Any]]) throws -> [[String: Any]] {
    let input =
      try requests.map {
        String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
      }.joined(separator: "\n") + "\n"
    let run = try binary.run(["--serve"], input: input)
    #expect(run.status == 0)
    return try run.standardOutput.split(separator: "\n").map { line in
      try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
  }

  func answers(_ lines: [[String: Any]], to id: String) -> [[String: Any]] {
    lines.filter { $0["id"] as? String == id }
  }

  @Test(
    "a cell's outputs stream as events: text, HTML with text for matrices, SVG for plots; then the reply"
  )
  func execute() throws {
    let lines = try serve([
      [
        "id": "1", "type": "execute",
        "code":
          "seed 42\ninput 2\nlayer dense 4 sigmoid\nW1\nlayer dense 3 softmax\ndata document\nloss crossentropy\ntrain 10\nplot loss",
        "execution_count": 1,
      ]
    ])
    let events = answers(lines, to: "1")
    #expect(
      events.last?["reply"] as? String == "execute" && events.last?["status"] as? String == "ok")
    let streams = events.filter { $0["event"] as? String == "stream" }.compactMap {
      $0["text"] as? String
    }
    #expect(streams.contains("layer 1: dense 4 sigmoid — W1 2×4, b1 1×4, 12 parameters\n"))
    let displays = events.compactMap { $0["data"] as? [String: String] }
    #expect(displays.count == 2)
    #expect(
      displays[0]["text/html"]?.hasPrefix(
        "<table class=\"nnrepl-matrix\"><caption style=\"text-align:left\"><b>W1</b> 2×4</caption>")
        == true)
    #expect(displays[0]["text/plain"]?.hasPrefix("W1  2×4\n  [ ") == true)
    #expect(
      displays[1]["image/svg+xml"]?.contains("<svg") == true
        && displays[1]["text/plain"] == "loss by epoch")
    let progress = events.filter { $0["event"] as? String == "progress" }.compactMap {
      $0["text"] as? String
    }
    #expect(
      progress.last?.hasPrefix("[████████████████████] epoch 10/10  loss ") == true,
      "the last report is always sent")
  }

  @Test(
    "a mistake is the cell's error, with a caret under the cell's line; the failed line changes nothing"
  )
  func error() throws {
    let lines = try serve([
      [
        "id": "1", "type": "execute", "code": "input 2\nlayer dense 4 sigmod\nlayer dense 4 relu",
        "execution_count": 3,
      ],
      ["id": "2", "type": "execute", "code": "depth", "execution_count": 4],
      ["id": "3", "type": "execute", "code": "expect depth == 2", "execution_count": 5],
    ])
    let failed = answers(lines, to: "1")
    #expect(failed.count == 2, "syntax errors stop the cell before anything runs")
    #expect(failed[0]["ename"] as? String == "parser.unknownKeyword")
    #expect(failed[0]["evalue"] as? String == "unknown activation 'sigmod'")
    let traceback = (failed[0]["traceback"] as? [String] ?? []).map {
      $0.replacingOccurrences(of: "\u{1B}[", with: "ESC[")
    }
    #expect(traceback.contains("  2 | layer dense 4 sigmod"))
    #expect(traceback.contains("    |               ^~~~~~"), "plain, as NO_COLOR asks")
    #expect(traceback.first?.contains("In [3]:2:15:") == true)
    #expect(failed[1]["status"] as? String == "error")
    #expect(
      answers(lines, to: "2").first?["text"] as? String == "depth = 0\n",
      "nothing of the failed cell ran")
    let expectation = answers(lines, to: "3")
    #expect(expectation.first?["ename"] as? String == "expect.failed")
    #expect(expectation.last?["status"] as? String == "error")
  }

  @Test(
    "completion, help for the word under the cursor, is_complete, info, and a line that is not a request"
  )
  func requests() throws {
    let lines = try serve([
      ["id": "1", "type": "complete", "code": "seed 1\nlay", "cursor": 10],
      ["id": "2", "type": "execute", "code": "input 2\nlayer dense 4 sigmoid"],
      ["id": "3", "type": "complete", "code": "show W", "cursor": 6],
      ["id": "4", "type": "inspect", "code": "seed 1\ntrain 100", "cursor": 9],
      ["id": "5", "type": "inspect", "code": "W1", "cursor": 1],
      ["id": "6", "type": "inspect", "code": "banana", "cursor": 2],
      ["id": "7", "type": "is_complete", "code": "layer dense 4 sigmoid"],
      ["id": "8", "type": "is_complete", "code": "layer dense"],
      ["id": "9", "type": "info"],
    ])
    let first = answers(lines, to: "1")[0]
    #expect(
      first["matches"] as? [String] == ["layer"] && first["cursor_start"] as? Int == 7
        && first["cursor_end"] as? Int == 10)
    let tensors = answers(lines, to: "3")[0]
    #expect(tensors["matches"] as? [String] == ["W1"] && tensors["cursor_start"] as? Int == 5)
    let help = (answers(lines, to: "4")[0]["data"] as? [String: String])?["text/plain"]
    #expect(help?.hasPrefix("USAGE: train <epochs> [every <k>]") == true)
    #expect(
      (answers(lines, to: "5")[0]["data"] as? [String: String])?["text/plain"]?.hasPrefix("W1  2×4")
        == true)
    #expect(answers(lines, to: "6")[0]["found"] as? Bool == false)
    #expect(answers(lines, to: "7")[0]["status"] as? String == "complete")
    #expect(answers(lines, to: "8")[0]["status"] as? String == "invalid")
    let info = answers(lines, to: "9")[0]["language_info"] as? [String: String]
    #expect(
      info == [
        "name": "nnrepl", "mimetype": "text/x-nnrepl", "file_extension": ".nn",
        "pygments_lexer": "nnrepl", "codemirror_mode": "shell",
      ])
  }

  @Test("a line that is not a request is answered as invalid, and the server goes on")
  func invalid() throws {
    let run = try binary.run(["--serve"], input: "not json\n{\"id\": \"2\", \"type\": \"info\"}\n")
    let lines = run.standardOutput.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("{\"id\":\"\",\"reply\":\"invalid\",\"message\":\"not a request: "))
    #expect(lines[1].hasPrefix("{\"id\":\"2\",\"reply\":\"info\""))
  }

  @Test("SIGINT stops a running train after an epoch with the weights kept, and the server goes on")
  func interrupt() throws {
    let server = try ServeProcess(binary.path)
    defer { server.end() }
    server.send(
      #"{"id": "1", "type": "execute", "code": "seed 1\ndata document\nlayer dense 64 tanh\nlayer dense 3 softmax\nloss crossentropy\ntrain 1000000\nlet after = 1"}"#
    )
    _ = try #require(
      server.next(within: 60) { $0.contains(#""event":"progress""#) }, "training reports progress")
    server.interrupt()
    let reply = try #require(server.next(within: 60) { $0.contains(#""reply":"execute""#) })
    #expect(reply.contains(#""status":"error""#))
    let lines = server.received
    #expect(
      lines.contains {
        $0.contains(#""ename":"Interrupted""#) && $0.contains("the lines after line 6 did not run")
      })
    let stopped = try #require(
      lines.first { $0.contains("interrupted: kept the weights after epoch ") })
    let epoch = try #require(
      stopped.split(separator: " ").last.flatMap { Int($0.prefix { $0.isNumber }) })
    server.send(#"{"id": "2", "type": "execute", "code": "epochs"}"#)
    let epochs = try #require(
      server.next(within: 60) { $0.contains(#""id":"2","event":"stream""#) })
    #expect(
      epochs.contains("epochs = \(epoch)\\n"), "the weights of the last finished epoch are kept")
    server.send(#"{"id": "3", "type": "execute", "code": "after"}"#)
    #expect(
      try #require(server.next(within: 60) { $0.contains(#""id":"3""#) }).contains(
        #""event":"error""#), "the cell's last line did not run")
  }
}

/// A `nnrepl --serve` kept running, read line by line with a deadline.
final class ServeProcess: @unchecked Sendable {
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let lock = NSCondition()
  private var lines: [String] = []
  private var read = 0

  init(_ path: String) throws {
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["--serve"]
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let handle = output.fileHandleForReading
    Thread.detachNewThread { [self] in
      var buffer = Data()
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        buffer += chunk
        while let newline = buffer.firstIndex(of: 0x0A) {
          let line = String(decoding: buffer[..<newline], as: UTF8.self)
          buffer.removeSubrange(...newline)
          lock.lock()
          lines.append(line)
          lock.broadcast()
          lock.unlock()
        }
      }
    }
  }

  /// Every line received so far.
  var received: [String] {
    lock.lock()
    defer { lock.unlock() }
    return lines
  }

  func send(_ line: String) {
    input.fileHandleForWriting.write(Data((line + "\n").utf8))
  }

  func interrupt() { process.interrupt() }

  /// The next line (after those already returned) that `matches`, waiting at most `seconds`.
  func next(within seconds: Double, where matches: (String) -> Bool) -> String? {
    let deadline = Date(timeIntervalSinceNow: seconds)
    lock.lock()
    defer { lock.unlock() }
    while true {
      while read < lines.count {
        read += 1
        if matches(lines[read - 1]) { return lines[read - 1] }
      }
      guard lock.wait(until: deadline) else { return nil }
    }
  }

  func end() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }
}
