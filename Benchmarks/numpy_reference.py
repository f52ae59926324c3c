"""The issue 7 workloads in NumPy (float64), trained exactly as Benchmarks/Sources/nnrepl-benchmark
trains them: the same closed-formula weights, the same data, batches in order. Prints the same
figures, so Benchmarks/run.sh can report nnrepl/NumPy, and the final losses, which agree with
nnrepl's to about 1e-9 (only the order of summation differs)."""
import json, math, time
import numpy as np

def network(sizes):
    layers = []
    for l in range(1, len(sizes)):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        i = np.arange(fan_in)[:, None]; j = np.arange(fan_out)[None, :]
        w = math.sqrt(2 / fan_in) * np.sin(1 + 7 * i + 3 * j + 11 * (l - 1))
        layers.append([w, np.zeros((1, fan_out))])
    return layers

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

def train(sizes, acts, x, y, epochs, batch, rate):
    layers = network(sizes)
    for _ in range(epochs):
        for start in range(0, x.shape[0], batch):
            step(layers, acts, x[start:start + batch], y[start:start + batch], rate)
    return loss(layers, acts, x, y)

def measure(runs, body):
    result = body(); times = []
    for _ in range(runs):
        start = time.perf_counter(); result = body(); times.append(time.perf_counter() - start)
    times.sort(); return times[len(times) // 2], result

x = np.array([[1., 0], [0, 1], [1, 1], [0, 0]]); y = np.eye(3)[[0, 1, 1, 0]]
seconds, final = measure(9, lambda: train([2, 4, 3], ["sigmoid", "softmax"], x, y, 1000, 4, 0.1))
print(json.dumps({"workload": "seed §5.2: 2-4-3, 1000 epochs", "figure": "µs per epoch", "value": seconds * 1e6 / 1000, "loss": final}))

n = 8192
x = np.cos(0.5 + 1.3 * np.arange(n)[:, None] + 0.7 * np.arange(784)[None, :])
y = np.eye(10)[np.arange(n) % 10]
seconds, final = measure(3, lambda: train([784, 128, 10], ["relu", "softmax"], x, y, 5, 128, 0.05))
print(json.dumps({"workload": "MLP 784-128-10, batch 128, 5 epochs", "figure": "samples/s", "value": 5 * n / seconds, "loss": final}))
