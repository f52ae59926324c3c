import NNEngine
import NNTestSupport
import Testing

@testable import NNLanguage

/// Model files: version 2 (a kind, a configuration and named parameters per layer), version 1
/// still read, and every setting a hand-edited file could get wrong refused.
@Suite("Model files")
struct ModelFileTests {
  /// Written by nnrepl before layer kinds (version 1): 'seed 3', 'data xor', a dense 4 tanh layer
  /// with 'adapt 1 lora 1', a frozen dense 1 sigmoid, 'train 20'.
  static let versionOne = #"""
    {"format":"nnrepl-model","inputWidth":2,"layers":[{"activation":"tanh","bias":[0,0,0,0],"frozen":false,"lora":{"alpha":1,"down":[[-0.16018560503404206],[-1.0866417344750041]],"up":[[0.171396661502871,0.2685669876070572,0.3094681488823109,0.1570714699201335]]},"units":4,"weights":[[0.08428080237214677,-0.04536846948917464,0.1420293241194439,-0.027743659451594536],[0.6810465379074369,0.40849250818749483,0.5477559812691847,-0.17575576800463924]]},{"activation":"sigmoid","bias":[0],"frozen":true,"units":1,"weights":[[-0.840546156002108],[-1.1112700000576174],[-1.294401055498323],[-0.6218073876529481]]}],"settings":{"epochsTrained":20,"initialization":"xavier","l2":0,"learningRate":0.1,"loss":"crossentropy","optimizer":"sgd","seed":3},"version":1}
    """#

  @Test("a version-1 file loads bit for bit, and saves again as version 2 that loads the same")
  func versionOneLoads() throws {
    let files = MemoryFiles(["old.json": Self.versionOne])
    let transcript = Transcript("load old.json\nsave new.json", files: files)
    #expect(transcript.outcome == .success)
    let session = transcript.interpreter.session
    let network = try #require(session.network)
    #expect(network.dense(0).weights[1, 0] == 0.6810465379074369)
    #expect(network.dense(0).adapter?.down[1, 0] == -1.0866417344750041)
    #expect(network.dense(0).adapter?.alpha == 1)
    #expect(network.dense(1).isFrozen && network.dense(1).weights[3, 0] == -0.6218073876529481)
    #expect(session.epochsTrained == 20 && session.seed == 3 && session.loss == .crossentropy)
    let saved = try #require(files["new.json"])
    #expect(saved.contains("\"version\" : 2") && saved.contains("\"kind\" : \"dense\""))
    let reloaded = Transcript("load new.json", files: files).interpreter.session
    #expect(reloaded.network == network)
    #expect(reloaded.trainer == session.trainer)
  }

  /// The version-1 file with one text replaced.
  static func edited(_ old: String, _ new: String) -> String {
    versionOne.replacingOccurrences(of: old, with: new)
  }

  @Test(
    "impossible settings and sizes are refused, and the session stays as it was",
    arguments: [
      (
        edited("\"units\":1", "\"units\":0"),
        "layer 2 (dense): its 'units' should be a whole number from 1 to 100000"
      ),
      (
        edited("\"seed\":3", "\"seed\":3,\"batchSize\":0"),
        "its settings: the batch size must be from 1 to 1,000,000, not 0"
      ),
      (
        edited("\"epochsTrained\":20", "\"epochsTrained\":9223372036854775807"),
        "its settings: the epochs trained must be from 0 to 9,007,199,254,740,992, not 9223372036854775807"
      ),
      (
        edited("\"learningRate\":0.1", "\"learningRate\":-0.1"),
        "its settings: the learning rate must be a positive number, not -0.1"
      ),
      (edited("\"l2\":0", "\"l2\":-1"), "its settings: l2 must be 0 or more, not -1.0"),
      (edited("\"version\":1", "\"version\":-1"), "its version, -1, is not one nnrepl ever wrote"),
      (
        edited("\"optimizer\":\"sgd\"", "\"optimizer\":\"rmsprop\""),
        "its settings: unknown optimizer 'rmsprop' (nnrepl knows sgd, momentum, adam, adamw)"
      ),
      (
        edited("\"inputWidth\":2", "\"inputWidth\":0"),
        "its input should be features, sequence, image or tokens, each size from 1 to 100,000"
      ),
    ])
  func refused(_ text: String, _ reason: String) throws {
    var interpreter = Transcript(
      SeedScripts.documentNetwork, files: MemoryFiles(["bad.json": text])
    ).interpreter
    let before = interpreter.session
    guard
      case .failure(let error) = interpreter.run(line: "load bad.json", number: 1, emit: { _ in })
    else {
      Issue.record("should be refused: \(reason)")
      return
    }
    #expect(error.message == "'bad.json' is not a usable model file: \(reason)")
    #expect(error.range != nil)
    #expect(interpreter.session == before)
  }

  @Test("a file larger than the session's memory limit is refused before it is built")
  func overTheLimit() throws {
    var small = Session()
    small.maxNumbers = 20
    var interpreter = Interpreter(session: small, files: MemoryFiles(["big.json": Self.versionOne]))
    let before = interpreter.session
    guard
      case .failure(let error) = interpreter.run(line: "load big.json", number: 1, emit: { _ in })
    else {
      Issue.record("should be refused")
      return
    }
    #expect(error.id == "runtime.tooManyParameters")
    #expect(error.message == "'big.json' holds 23 parameters, more than this session allows")
    #expect(interpreter.session == before)
  }
}
