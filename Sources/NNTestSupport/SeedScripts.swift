/// Scripts the tests share: the seed document's §5.2 network, ready to train.
public enum SeedScripts {
  /// The 2-4-3 sigmoid/softmax network on the document's data with cross-entropy, seed 42.
  public static let documentNetwork = """
    seed 42
    input 2
    layer dense 4 sigmoid
    layer dense 3 softmax
    data document
    loss crossentropy
    """
}
