"""An independent NumPy (float64) implementation of the benchmark workloads.

    python3 numpy_reference.py '<one line of nnrepl-benchmark --list>'
    python3 numpy_reference.py --once '<...>'     (trains once, untimed: for whole-process timing)

trains the workload exactly as nnrepl's engine does (the same closed-formula weights, the same
data, batches in the order nnrepl's seeded shuffler gives) and prints one JSON line with the same
keys as nnrepl-benchmark: the median time, the spread, the final loss and the peak memory. The
final losses agree with nnrepl's to about 1e-12; only the order of summation differs."""
import json, math, resource, sys, time
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
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.next() % (i + 1)
            order[i], order[j] = order[j], order[i]
        return np.array(order)

SHUFFLE_STREAM = 0x53485546  # Session.shuffleStream in Sources/NNLanguage/Interpreting/Session.swift

def network(sizes):
    layers = []
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        i = np.arange(fan_in)[:, None]; j = np.arange(fan_out)[None, :]
        w = math.sqrt(2 / fan_in) * np.sin(1 + 7 * i + 3 * j + 11 * (l - 1))
        layers.append([w, np.zeros((1, fan_out))])
    return layers

def dataset(spec):
    if spec["data"] == "seed":
        return np.array([[1., 0], [0, 1], [1, 1], [0, 0]]), np.eye(3)[[0, 1, 1, 0]]
    n, width, classes = spec["samples"], spec["sizes"][0], spec["sizes"][-1]
    x = np.cos(0.5 + 1.3 * np.arange(n)[:, None] + 0.7 * np.arange(width)[None, :])
    return x, np.eye(classes)[np.arange(n) % classes]

def act(name, z):
    if name == "sigmoid": return 1 / (1 + np.exp(-z))
    if name == "relu": return np.maximum(z, 0)
    e = np.exp(z - z.max(axis=1, keepdims=True)); return e / e.sum(axis=1, keepdims=True)

def loss(layers, acts, x, y):
    a = x
    for (w, b), name in zip(layers, acts): a = act(name, a @ w + b)
    return float(-np.sum(y * np.log(a)) / x.shape[0])

def step(layers, acts, x, y, rate):
    inputs, outs = [], []
    a = x
    for (w, b), name in zip(layers, acts):
        inputs.append(a); a = act(name, a @ w + b); outs.append(a)
    delta = (a - y) / x.shape[0]
    for l in range(len(layers) - 1, -1, -1):
        w, b = layers[l]
        dw = inputs[l].T @ delta; db = delta.sum(axis=0, keepdims=True)
        if l > 0:
            back = delta @ w.T
            prev = acts[l - 1]
            delta = back * (outs[l - 1] * (1 - outs[l - 1]) if prev == "sigmoid" else (outs[l - 1] > 0))
        layers[l] = [w - rate * dw, b - rate * db]

def train(spec, x, y, orders):
    layers, acts, batch = network(spec["sizes"]), spec["activations"], spec["batch"]
    for order in orders:
        for start in range(0, x.shape[0], batch):
            rows = order[start:start + batch] if order is not None else slice(None)
            step(layers, acts, x[rows], y[rows], spec["rate"])
    return loss(layers, acts, x, y)

def main():
    once = sys.argv[1] == "--once"
    spec = json.loads(sys.argv[-1])
    x, y = dataset(spec)
    # nnrepl shuffles when batches are smaller than the data; the orders are drawn before timing.
    shuffler = SplitMix64(42, SHUFFLE_STREAM)
    full = spec["batch"] >= spec["samples"]
    orders = [None if full else shuffler.permutation(spec["samples"]) for _ in range(spec["epochs"])]
    final = train(spec, x, y, orders)
    if once:
        print(json.dumps({"name": spec["name"], "loss": final}))
        return
    times = []
    for _ in range(spec["runs"]):
        start = time.perf_counter(); final = train(spec, x, y, orders); times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"name": spec["name"], "median": times[len(times) // 2], "fastest": times[0], "slowest": times[-1],
                      "runs": spec["runs"], "loss": final,
                      "peakBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, sort_keys=True))

main()
