"""NumPy's twin of the recurrent workload: lstm H (the last step's h) → dense 2 softmax on the
parity task, forward and backpropagation through time written from the formulas, with Keras's
gate order i, f, c, o in the 4H columns of Wx, Wh and b."""
import numpy as np
from numpy_common import SplitMix64, cross_entropy, sigmoid, softmax, softmax_cross_entropy_delta

DATA_STREAM = 0x50415249  # RecurrentBenchmark.dataStream

def dataset(spec):
    """T·F random bits per sample, drawn in sample, step, feature order; the label is the parity
    of all the bits of the last k steps."""
    g = SplitMix64(42, DATA_STREAM)
    t, f, k = spec["steps"], spec["features"], spec["lastSteps"]
    bits = np.array([g.next() % 2 for _ in range(spec["samples"] * t * f)], dtype=float).reshape(spec["samples"], t * f)
    return bits, (bits[:, (t - k) * f:].sum(axis=1) % 2).astype(int)

def network(weights):
    (_, lstm), (_, dense) = weights
    return {"Wx": lstm["Wx"], "Wh": lstm["Wh"], "b": lstm["b"], "W": dense["W"], "b2": dense["b"]}

def forward(net, x, steps):
    """z_t = x_t·Wx + h_{t−1}·Wh + b; i, f, o = σ(z), g = tanh(z_c); c_t = f⊙c_{t−1} + i⊙g;
    h_t = o⊙tanh(c_t), from h_0 = c_0 = 0."""
    n, h_width = x.shape[0], net["Wh"].shape[0]
    xs = x.reshape(n, steps, -1).transpose(1, 0, 2)          # time-major: step t is xs[t]
    projected = xs @ net["Wx"]                               # every step's x_t·Wx at once
    h, c = np.zeros((n, h_width)), np.zeros((n, h_width))
    gates, cells, states = [], [], []
    for t in range(steps):
        z = projected[t] + h @ net["Wh"] + net["b"]
        i, f = sigmoid(z[:, :h_width]), sigmoid(z[:, h_width:2 * h_width])
        g, o = np.tanh(z[:, 2 * h_width:3 * h_width]), sigmoid(z[:, 3 * h_width:])
        c = f * c + i * g
        h = o * np.tanh(c)
        gates.append((i, f, g, o)); cells.append(c); states.append(h)
    return {"xs": xs, "gates": gates, "cells": cells, "states": states, "z2": h @ net["W"] + net["b2"]}

def step(net, x, labels, rate, steps):
    fw = forward(net, x, steps)
    n, h_width = x.shape[0], net["Wh"].shape[0]
    dz2 = softmax_cross_entropy_delta(softmax(fw["z2"]), labels)
    grads = {"W": fw["states"][-1].T @ dz2, "b2": dz2.sum(axis=0, keepdims=True)}
    dh_out = dz2 @ net["W"].T                                # ∂J/∂h_T; the other steps get none from outside
    dh_next, dc_next = np.zeros((n, h_width)), np.zeros((n, h_width))
    dz_all = np.empty((steps, n, 4 * h_width))
    for t in reversed(range(steps)):
        i, f, g, o = fw["gates"][t]
        dh = (dh_out if t == steps - 1 else 0) + dh_next
        tanh_c = np.tanh(fw["cells"][t])
        c_before = fw["cells"][t - 1] if t > 0 else np.zeros((n, h_width))
        d_o = dh * tanh_c                                    # h = o⊙tanh(c)
        dc = dc_next + dh * o * (1 - tanh_c * tanh_c)
        dz_all[t, :, :h_width] = dc * g * i * (1 - i)        # c = f⊙c_{t−1} + i⊙g, through σ and tanh
        dz_all[t, :, h_width:2 * h_width] = dc * c_before * f * (1 - f)
        dz_all[t, :, 2 * h_width:3 * h_width] = dc * i * (1 - g * g)
        dz_all[t, :, 3 * h_width:] = d_o * o * (1 - o)
        dc_next = dc * f
        dh_next = dz_all[t] @ net["Wh"].T
    previous = np.concatenate([np.zeros((1, n, h_width)), np.array(fw["states"][:-1])])  # h_{t−1}
    dz = dz_all.reshape(steps * n, -1)
    grads["Wx"] = fw["xs"].reshape(steps * n, -1).T @ dz     # Σ_t x_tᵀ·dz_t
    grads["Wh"] = previous.reshape(steps * n, -1).T @ dz     # Σ_t h_{t−1}ᵀ·dz_t
    grads["b"] = dz.sum(axis=0, keepdims=True)
    for name in net: net[name] = net[name] - rate * grads[name]

def train(spec, weights, data, orders):
    x, labels = data
    net, batch, steps = network(weights), spec["batch"], spec["steps"]
    for order in orders:
        for start in range(0, x.shape[0], batch):
            rows = order[start:start + batch]
            step(net, x[rows], labels[rows], spec["rate"], steps)
    return cross_entropy(forward(net, x, steps)["z2"], labels)
