#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import NNRender

/// The messages of `nnrepl --serve`: one JSON object per line each way.
///
/// A request names what to do and an `id` that every answer to it repeats:
///
///     {"id": "7", "type": "execute", "code": "train 100", "execution_count": 3}
///     {"id": "8", "type": "complete", "code": "lay", "cursor": 3}
///     {"id": "9", "type": "inspect", "code": "train 100", "cursor": 2}
///     {"id": "10", "type": "is_complete", "code": "layer dense"}
///     {"id": "11", "type": "info"}
///
/// While a cell runs, events stream out as they happen, and one reply ends every request:
///
///     {"id": "7", "event": "stream", "name": "stdout", "text": "…\n"}
///     {"id": "7", "event": "display", "data": {"text/plain": "…", "text/html": "…"}}
///     {"id": "7", "event": "progress", "text": "[████░░░░] epoch 30/100  loss 0.41"}
///     {"id": "7", "event": "error", "ename": "expect.failed", "evalue": "…", "traceback": ["…"]}
///     {"id": "7", "reply": "execute", "status": "ok"}
///
/// The Jupyter kernel (`jupyter/nnrepl_kernel`) turns these into Jupyter's messages; the names
/// follow Jupyter's (`stream`, `display_data`'s `data`, `error`'s `ename`, `evalue`, `traceback`).
struct ServeRequest: Decodable {
  enum Kind: String, Decodable {
    case info, execute, complete, inspect
    case isComplete = "is_complete"
  }

  var id: String
  var type: Kind
  var code: String?
  /// Where the cursor is in `code`, in Unicode code points (as Jupyter counts).
  var cursor: Int?
  /// The cell's number, for the `In [3]` that diagnostics name.
  var executionCount: Int?

  enum CodingKeys: String, CodingKey {
    case id, type, code, cursor
    case executionCount = "execution_count"
  }

  /// The request on `line`, or why it is not one.
  static func decode(_ line: String) -> Result<ServeRequest, ServeProtocolError> {
    do {
      return .success(try JSONDecoder().decode(ServeRequest.self, from: Data(line.utf8)))
    } catch {
      return .failure(ServeProtocolError(message: "not a request: \(error)"))
    }
  }
}

struct ServeProtocolError: Error {
  var message: String
}

/// Writes the answers to one request, each as a JSON line on standard output.
struct ServeChannel {
  let id: String

  func event(_ kind: String, _ members: [(String, JSONValue)]) {
    send([("id", .string(id)), ("event", .string(kind))] + members)
  }

  func reply(_ kind: String, _ members: [(String, JSONValue)]) {
    send([("id", .string(id)), ("reply", .string(kind))] + members)
  }

  func stream(_ text: String, to name: String = "stdout") {
    event("stream", [("name", .string(name)), ("text", .string(text))])
  }

  private static let console = Console()

  private func send(_ members: [(String, JSONValue)]) {
    ServeChannel.console.out(JSONValue.object(members).text)
  }
}
