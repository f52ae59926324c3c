import NNEngine
@testable import NNLanguage
import NNTestSupport
import Testing

/// Issue 17 item 8: gradcheck on a large network answered Ctrl-C after minutes, because it asked
/// only between layers; it now asks before every entry (two passes over the data).
@Suite("gradcheck and Ctrl-C")
struct GradCheckCancellationTests {
  @Test("Ctrl-C inside a layer's parameters stops gradcheck at the next entry and changes nothing")
  func interruptedWithinALayer() throws {
    var interpreter = Transcript(SeedScripts.documentNetwork + "\nbackward").interpreter
    let before = interpreter.session
    var checks = 0
    let outcome = interpreter.run(
      line: "gradcheck", number: 1,
      isCancelled: {
        checks += 1
        return checks > 5  // the sixth entry of W1, which has 8
      }
    ) { _ in }
    guard case .failure(let error) = outcome else {
      Issue.record("gradcheck should have been interrupted")
      return
    }
    #expect(error.id == "runtime.interrupted")
    #expect(checks == 6, "no entry is checked after the stop")
    #expect(interpreter.session == before)
  }

  @Test("the engine asks before each entry of a one-layer network")
  func engineAsksPerEntry() throws {
    let network = try #require(
      Transcript("input 3\nlayer dense 4 sigmoid").interpreter.session.network)
    let x = Matrix([[1, 2, 3], [0, 1, 0]])
    let y = Matrix([[1, 0, 0, 1], [0, 1, 1, 0]])
    let analytic = network.backward(network.forward(x), targets: y, loss: .mse)
    var asked = 0
    let stopped = GradientCheck.compare(analytic, for: network, input: x, targets: y, loss: .mse) {
      asked += 1
      return asked == 7
    }
    #expect(stopped == nil)
    #expect(asked == 7)
    asked = 0
    let finished = GradientCheck.compare(analytic, for: network, input: x, targets: y, loss: .mse) {
      asked += 1
      return false
    }
    #expect(finished?.count == 2)
    #expect(asked == 16, "once per entry: 12 weights and 4 biases")
  }
}
