@testable import NNLanguage
import NNTestSupport
import Testing

@Suite("Tab completion")
struct CompletionTests {
  let session = Transcript("input 2\nlayer dense 4 sigmoid\nlayer dense 3 softmax").interpreter
    .session

  @Test(
    "what Tab offers at each point of a line",
    arguments: [
      ("lay", ["layer"]),
      ("l", ["l2", "layer", "let", "load", "loss", "lr"]),
      (
        "params ",
        [
          "bert-base", "gpt2-large", "gpt2-medium", "gpt2-small", "gpt2-xl", "llama-7b",
          "transformer",
        ]
      ),
      ("freeze ", ["all"]),
      (
        "layer ",
        [
          "attention", "avgpool", "batchnorm", "conv1d", "conv2d", "dense", "dropout", "embedding",
          "flatten", "gru", "layernorm", "lstm", "maxpool", "positions", "rnn", "transformer",
        ]
      ),
      ("layer dense 4 s", ["sigmoid", "softmax"]),
      ("loss c", ["crossentropy"]),
      (
        "data ",
        [
          "X", "circle", "document", "echo", "gauss", "load", "moons", "parity", "shapes", "sine",
          "spiral", "sum", "text", "xor",
        ]
      ),
      ("data spiral ", ["n", "noise"]),
      ("optimizer ", ["adam", "adamw", "momentum", "sgd"]),
      ("init ", ["he", "normal", "xavier"]),
      ("grad ", ["W1", "W2", "b1", "b2"]),
      ("show W", ["W1", "W2"]),
      ("help tr", ["train"]),
      ("expect error layer dense 2 re", ["relu"]),
      ("train 10 ", ["every"]),
      ("generate 200 ", ["from", "temperature", "top"]),
      ("show att", ["attention"]),
      ("plot attention 1 ", ["head", "to"]),
      ("summary ", []),
      ("explain ", ["backward", "forward"]),
      ("let p = sig", ["sigmoid"]),
      ("X @ W1 + b", ["b1", "b2"]),
      ("grad sum(W1) w", ["wrt"]),
      ("expect loss < 0.1 wi", ["within"]),
      ("gradcheck ", ["W1", "W2", "b1", "b2"]),
    ])
  func candidates(_ text: String, _ expected: [String]) {
    #expect(Completion(completing: text, in: session).candidates == expected)
  }

  @Test("the common prefix of several candidates")
  func commonPrefix() {
    #expect(Completion(completing: "layer dense 4 s", in: session).commonPrefix == "s")
    #expect(Completion(completing: "re", in: session).commonPrefix == "reset")
  }
}
