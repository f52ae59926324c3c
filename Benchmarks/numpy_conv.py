"""NumPy's twin of the convolutional workload: conv2d F 3×3 relu → maxpool 2×2 → flatten →
dense 10 softmax on 8×8×1 images, forward and backward written from the formulas (im2col,
Keras's kernel layout: rows of K in (row, column, input channel) order of the window)."""
import numpy as np
from numpy_common import cross_entropy, softmax, softmax_cross_entropy_delta

SIDE, WINDOW, POOL = 8, 3, 2

def dataset(spec):
    """The digits: 64 pixels divided by 16, and the digit."""
    rows = np.loadtxt(spec["dataFile"], delimiter=",", skiprows=1)
    return rows[:, :64] / 16, rows[:, 64].astype(int)

def network(weights):
    (_, conv), _, _, (_, dense) = weights
    return {"K": conv["K"], "b1": conv["b"], "W": dense["W"], "b2": dense["b"]}

def patches(x):
    """im2col: every 3×3 window of every image as a row, its pixels in (row, column, channel)
    order: (n·6·6) × (9·C)."""
    n, out = x.shape[0], SIDE - WINDOW + 1
    images = x.reshape(n, SIDE, SIDE, -1)
    windows = [images[:, ky:ky + out, kx:kx + out, :] for ky in range(WINDOW) for kx in range(WINDOW)]
    return np.stack(windows, axis=3).reshape(n * out * out, -1)

def forward(net, x):
    n, out = x.shape[0], SIDE - WINDOW + 1
    p = patches(x)
    z1 = p @ net["K"] + net["b1"]                    # Z = P·K + b, a row per window position
    a1 = np.maximum(z1, 0)
    filters, pooled = a1.shape[1], out // POOL
    # Each 2×2 window's four entries, in (row, column) order: the first largest wins, as in nnrepl.
    windows = a1.reshape(n, pooled, POOL, pooled, POOL, filters).transpose(0, 1, 3, 5, 2, 4).reshape(n, pooled, pooled, filters, POOL * POOL)
    winners = windows.argmax(axis=-1)
    flat = np.take_along_axis(windows, winners[..., None], axis=-1).reshape(n, -1)  # flatten: (row, column, channel)
    z2 = flat @ net["W"] + net["b2"]
    return {"p": p, "z1": z1, "winners": winners, "flat": flat, "z2": z2}

def step(net, x, labels, rate):
    n, out = x.shape[0], SIDE - WINDOW + 1
    f = forward(net, x)
    dz2 = softmax_cross_entropy_delta(softmax(f["z2"]), labels)
    grads = {"W": f["flat"].T @ dz2, "b2": dz2.sum(axis=0, keepdims=True)}
    dflat = dz2 @ net["W"].T
    # maxpool: each output's gradient goes to its window's winner.
    winners, pooled = f["winners"], out // POOL
    dwindows = np.zeros(winners.shape + (POOL * POOL,))
    np.put_along_axis(dwindows, winners[..., None], dflat.reshape(winners.shape)[..., None], axis=-1)
    filters = winners.shape[-1]
    da1 = dwindows.reshape(n, pooled, pooled, filters, POOL, POOL).transpose(0, 1, 4, 2, 5, 3).reshape(n * out * out, filters)
    dz1 = da1 * (f["z1"] > 0)                        # relu′(z) = 1 for z > 0, else 0
    grads["K"] = f["p"].T @ dz1                      # dK = Pᵀ·dZ
    grads["b1"] = dz1.sum(axis=0, keepdims=True)
    for name in net: net[name] = net[name] - rate * grads[name]

def train(spec, weights, data, orders):
    x, labels = data
    net, batch = network(weights), spec["batch"]
    for order in orders:
        for start in range(0, x.shape[0], batch):
            rows = order[start:start + batch]
            step(net, x[rows], labels[rows], spec["rate"])
    return cross_entropy(forward(net, x)["z2"], labels)
