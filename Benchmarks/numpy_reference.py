"""An independent NumPy (float64) implementation of the benchmark workloads.

    python3 numpy_reference.py [--weights FILE] '<one line of nnrepl-benchmark --list>'
    python3 numpy_reference.py --once [--weights FILE] '<...>'   (trains once, untimed)

trains the workload exactly as nnrepl's engine does — the same starting weights, the same data,
the batches in the order nnrepl's seeded generator gives — and prints one JSON line with the same
keys as nnrepl-benchmark: the median time (wall clock and processor), the spread, the final loss
and the peak memory. The dense MLP is here; its weights are a closed formula both sides compute.
The convolution, the LSTM and the language model are numpy_conv.py, numpy_lstm.py and
numpy_gpt.py, written from the formulas, and start from the weights nnrepl writes out
(`nnrepl-benchmark --weights NAME FILE`, given here as --weights FILE). The final losses agree
with nnrepl's to about 1e-14; only the order of summation differs."""
import sys
sys.dont_write_bytecode = True  # the twins are imported from this folder; leave no __pycache__ in it
import json, math, resource, time
import numpy as np
from numpy_common import shuffled_orders, read_weights

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

def prepare(spec, weights):
    """The workload's data, batches and starting weights, ready before timing; returns the run."""
    if spec["model"] == "gpt":
        import numpy_gpt
        data = numpy_gpt.dataset(spec)
        starts = numpy_gpt.training_starts(spec, data[1])
        return lambda: numpy_gpt.train(spec, weights, data, starts)
    orders = shuffled_orders(spec)
    if spec["model"] in ("conv", "lstm"):
        twin = __import__("numpy_" + spec["model"])
        data = twin.dataset(spec)
        return lambda: twin.train(spec, weights, data, orders)
    x, y = dataset(spec)
    return lambda: train(spec, x, y, orders)

def main():
    arguments = sys.argv[1:]
    once = arguments[0] == "--once"
    if once: arguments = arguments[1:]
    weights = None
    if arguments[0] == "--weights":
        weights = read_weights(arguments[1])
        arguments = arguments[2:]
    spec = json.loads(arguments[0])
    run = prepare(spec, weights)
    final = run()
    if once:
        print(json.dumps({"name": spec["name"], "loss": final}))
        return
    times, cpu = [], []
    for _ in range(spec["runs"]):
        start, start_cpu = time.perf_counter(), time.process_time()
        final = run()
        times.append(time.perf_counter() - start); cpu.append(time.process_time() - start_cpu)
    times.sort(); cpu.sort()
    print(json.dumps({"name": spec["name"], "median": times[len(times) // 2], "fastest": times[0], "slowest": times[-1],
                      "cpu": cpu[len(cpu) // 2], "runs": spec["runs"], "loss": final,
                      "peakBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}, sort_keys=True))

main()
