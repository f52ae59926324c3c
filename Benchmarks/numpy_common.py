"""What NumPy's twins share: nnrepl's seeded generator (to draw the same data and batches), the
starting weights nnrepl writes out (`nnrepl-benchmark --weights NAME FILE`), the activations and
the loss, written from their formulas."""
import json
import numpy as np

MASK = 2**64 - 1

class SplitMix64:
    """nnrepl's SeededGenerator (Sources/NNEngine/Support/SeededGenerator.swift)."""
    def __init__(self, seed, stream=0):
        self.state = stream
        self.state = seed ^ self.next()

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def permutation(self, n):
        """Fisher–Yates, as SeededGenerator.permutation(of:)."""
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next() % (i + 1)
            order[i], order[j] = order[j], order[i]
        return np.array(order)

SHUFFLE_STREAM = 0x53485546  # Session.shuffleStream in Sources/NNLanguage/Interpreting/Session.swift

def shuffled_orders(spec):
    """Each epoch's order of the samples, as a new session's shuffler gives them (nnrepl shuffles
    when batches are smaller than the data); drawn before timing."""
    shuffler = SplitMix64(42, SHUFFLE_STREAM)
    full = spec["batch"] >= spec["samples"]
    return [None if full else shuffler.permutation(spec["samples"]) for _ in range(spec["epochs"])]

def read_weights(path):
    """The layers of a weights file: a line of JSON naming each layer's parameters and shapes,
    then their entries as little-endian float64, in that order. Returns a list of
    (kind, {name: array})."""
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        values = np.frombuffer(f.read(), dtype="<f8")
    layers, offset = [], 0
    for layer in header["layers"]:
        parameters = {}
        for p in layer["parameters"]:
            count = p["rows"] * p["columns"]
            parameters[p["name"]] = values[offset:offset + count].reshape(p["rows"], p["columns"]).copy()
            offset += count
        layers.append((layer["kind"], parameters))
    assert offset == values.size, "the weights file holds more numbers than its header names"
    return layers

def sigmoid(z):
    """σ(z) = 1/(1 + e^−z), computed as e^z/(1 + e^z) below 0 so that nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

def softmax(z):
    """By rows (the last axis), the largest entry subtracted first."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)

def cross_entropy(z, labels):
    """J = −(1/N) Σᵢ log softmax(zᵢ)[yᵢ] over the N rows of z, from z through log-sum-exp."""
    largest = z.max(axis=1, keepdims=True)
    log_sum = largest[:, 0] + np.log(np.exp(z - largest).sum(axis=1))
    return float(-np.sum(z[np.arange(z.shape[0]), labels] - log_sum) / z.shape[0])

def softmax_cross_entropy_delta(p, labels):
    """δ = ∂J/∂z = (softmax(z) − onehot(y))/N, the short form for softmax with cross-entropy."""
    delta = p.copy()
    delta[np.arange(p.shape[0]), labels] -= 1
    return delta / p.shape[0]
