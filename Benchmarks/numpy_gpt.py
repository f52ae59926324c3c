"""NumPy's twin of the language model: embedding D, positions, blocks of GPT-2's pre-norm
transformer (causal multi-head attention, then a 4D GELU MLP, each added back to the residual
stream), a final layer norm and a dense softmax head, trained with AdamW and clipping by global
norm. Forward and backward are written from the formulas:

    layer norm   x̂ = (x − μ)/√(σ² + ε), σ² biased, ε = 1e-5;  y = γ⊙x̂ + β
                 ∂J/∂x = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂⊙x̂))
    attention    S = Q·Kᵀ/√K, −∞ above the diagonal, P = softmax(S), O = P·V, Y = O·Wo + bo
                 dS = P⊙(dP − rowsum(dP⊙P))
    GELU         ½z(1 + tanh(√(2/π)(z + 0.044715z³))), GPT-2's tanh form
    AdamW        θ := θ − α·(m̂/(√ŝ + ε) + λ·θ), λ on weight matrices only
"""
import math
import numpy as np
from numpy_common import SplitMix64, cross_entropy, softmax, softmax_cross_entropy_delta

WINDOW_STREAM = 0x54455854  # LanguageModelBenchmark.windowStream
EPSILON = 1e-5
BETA1, BETA2, ADAM_EPSILON = 0.9, 0.999, 1e-8
# The parameters AdamW decays: the weight matrices, not biases, gains, embeddings or positions.
DECAYING = {"Wq", "Wk", "Wv", "Wo", "Wup", "Wdown", "W"}

def dataset(spec):
    """The text as ids over its sorted characters, split 90 : 10 as `data text` splits it."""
    with open(spec["dataFile"], encoding="utf-8") as f:
        text = f.read()
    vocabulary = sorted(set(text))
    index = {c: i for i, c in enumerate(vocabulary)}
    ids = np.array([index[c] for c in text], dtype=np.int64)
    return ids, math.floor(len(ids) * 0.9 + 0.5), len(vocabulary)

def batch(ids, starts, t):
    """The windows at `starts` and their targets, the same windows one id on."""
    rows = np.asarray(starts)[:, None] + np.arange(t)[None, :]
    return ids[rows], ids[rows + 1]

def training_starts(spec, training_count):
    """Each update's window starts, drawn uniformly from the training part as nnrepl draws them."""
    g, windows = SplitMix64(42, WINDOW_STREAM), training_count - spec["steps"]
    return [[g.next() % windows for _ in range(spec["batch"])] for _ in range(spec["epochs"])]

def validation_starts(spec, ids, training_count):
    """`batch` windows spread evenly over the validation part (TokenCorpus.evenlySpacedStarts)."""
    windows = len(ids) - training_count - spec["steps"]
    taken = min(spec["batch"], windows)
    return [training_count + i * windows // taken for i in range(taken)]

def network(weights):
    """The parameters, layer by layer, as dictionaries by name."""
    return [dict(parameters) for _, parameters in weights]

# MARK: - The parts

def layer_norm(x, gamma, beta):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    rstd = 1 / np.sqrt(variance + EPSILON)
    xhat = (x - mean) * rstd
    return gamma * xhat + beta, (xhat, rstd)

def layer_norm_backward(dy, gamma, cache):
    xhat, rstd = cache
    dxhat = dy * gamma
    dx = rstd * (dxhat - dxhat.mean(axis=-1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True))
    d = dy.shape[-1]
    return dx, (dy * xhat).reshape(-1, d).sum(axis=0, keepdims=True), dy.reshape(-1, d).sum(axis=0, keepdims=True)

GELU_SCALE, GELU_CUBIC = math.sqrt(2 / math.pi), 0.044715

def gelu(z):
    return 0.5 * z * (1 + np.tanh(GELU_SCALE * (z + GELU_CUBIC * z ** 3)))

def gelu_derivative(z):
    t = np.tanh(GELU_SCALE * (z + GELU_CUBIC * z ** 3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_SCALE * (1 + 3 * GELU_CUBIC * z * z)

def heads_of(x, heads):
    """(n, T, H·K) → (n, H, T, K)."""
    n, t, hk = x.shape
    return x.reshape(n, t, heads, hk // heads).transpose(0, 2, 1, 3)

def merged(x):
    """(n, H, T, K) → (n, T, H·K)."""
    n, h, t, k = x.shape
    return x.transpose(0, 2, 1, 3).reshape(n, t, h * k)

def attention(x, p, heads):
    q, k, v = (heads_of(x @ p[w] + p[b], heads) for w, b in (("Wq", "bq"), ("Wk", "bk"), ("Wv", "bv")))
    t, size = x.shape[1], q.shape[-1]
    s = (q @ k.transpose(0, 1, 3, 2)) / math.sqrt(size)
    s = np.where(np.tri(t, dtype=bool), s, -np.inf)         # position i sees keys 0…i
    probabilities = softmax(s)
    o = merged(probabilities @ v)
    return o @ p["Wo"] + p["bo"], (q, k, v, probabilities, o)

def attention_backward(dy, x, p, cache, grads):
    q, k, v, probabilities, o = cache
    heads, size = q.shape[1], q.shape[-1]
    d = x.shape[-1]
    grads["Wo"], grads["bo"] = o.reshape(-1, o.shape[-1]).T @ dy.reshape(-1, d), dy.reshape(-1, d).sum(axis=0, keepdims=True)
    do = heads_of(dy @ p["Wo"].T, heads)
    dp = do @ v.transpose(0, 1, 3, 2)
    dv = probabilities.transpose(0, 1, 3, 2) @ do
    ds = probabilities * (dp - (dp * probabilities).sum(axis=-1, keepdims=True)) / math.sqrt(size)
    dq, dk = ds @ k, ds.transpose(0, 1, 3, 2) @ q
    dx = 0
    rows = x.reshape(-1, d)
    for name, dz in (("q", dq), ("k", dk), ("v", dv)):
        dz = merged(dz).reshape(-1, heads * size)
        grads["W" + name], grads["b" + name] = rows.T @ dz, dz.sum(axis=0, keepdims=True)
        dx = dx + dz @ p["W" + name].T
    return dx.reshape(x.shape)

def block(x, p, heads):
    """r = x + attention(layernorm₁(x));  y = r + gelu(layernorm₂(r)·Wup + bup)·Wdown + bdown."""
    normed1, norm1 = layer_norm(x, p["gammaAttn"], p["betaAttn"])
    attended, attention_cache = attention(normed1, p, heads)
    r = x + attended
    normed2, norm2 = layer_norm(r, p["gammaMLP"], p["betaMLP"])
    u = normed2 @ p["Wup"] + p["bup"]
    hidden = gelu(u)
    return r + hidden @ p["Wdown"] + p["bdown"], (normed1, norm1, attention_cache, normed2, norm2, u, hidden)

def block_backward(dy, p, cache, grads):
    normed1, norm1, attention_cache, normed2, norm2, u, hidden = cache
    d, f = p["Wup"].shape
    grads["Wdown"], grads["bdown"] = hidden.reshape(-1, f).T @ dy.reshape(-1, d), dy.reshape(-1, d).sum(axis=0, keepdims=True)
    du = (dy @ p["Wdown"].T) * gelu_derivative(u)
    grads["Wup"], grads["bup"] = normed2.reshape(-1, d).T @ du.reshape(-1, f), du.reshape(-1, f).sum(axis=0, keepdims=True)
    dr, grads["gammaMLP"], grads["betaMLP"] = layer_norm_backward(du @ p["Wup"].T, p["gammaMLP"], norm2)
    dr = dr + dy                                             # r reaches y directly and through the MLP
    dnormed1 = attention_backward(dr, normed1, p, attention_cache, grads)
    dx, grads["gammaAttn"], grads["betaAttn"] = layer_norm_backward(dnormed1, p["gammaAttn"], norm1)
    return dx + dr

# MARK: - The model

def forward(net, ids, heads):
    embedding, positions, *blocks, final_norm, head = net
    x = embedding["E"][ids] + positions["P"]                 # y[t] = E[id_t] + P[t]
    caches = []
    for p in blocks:
        x, cache = block(x, p, heads)
        caches.append(cache)
    normed, norm = layer_norm(x, final_norm["gamma"], final_norm["beta"])
    logits = normed.reshape(-1, normed.shape[-1]) @ head["W"] + head["b"]
    return logits, (caches, normed, norm)

def gradients(net, ids, targets, heads):
    embedding, positions, *blocks, final_norm, head = net
    logits, (caches, normed, norm) = forward(net, ids, heads)
    grads = [{} for _ in net]
    dz = softmax_cross_entropy_delta(softmax(logits), targets.reshape(-1))   # mean over the n·T positions
    d = normed.shape[-1]
    grads[-1]["W"], grads[-1]["b"] = normed.reshape(-1, d).T @ dz, dz.sum(axis=0, keepdims=True)
    dx, grads[-2]["gamma"], grads[-2]["beta"] = layer_norm_backward((dz @ head["W"].T).reshape(normed.shape), final_norm["gamma"], norm)
    for l in reversed(range(len(blocks))):
        dx = block_backward(dx, blocks[l], caches[l], grads[2 + l])
    grads[1]["P"] = dx.sum(axis=0)                           # every sample adds the same P
    grads[0]["E"] = np.zeros_like(embedding["E"])
    np.add.at(grads[0]["E"], ids.reshape(-1), dx.reshape(-1, d))   # each row: the sum over the positions that read it
    return grads

class AdamW:
    def __init__(self, net, rate, weight_decay):
        self.rate, self.decay, self.t = rate, weight_decay, 0
        self.m = [{name: np.zeros_like(v) for name, v in layer.items()} for layer in net]
        self.s = [{name: np.zeros_like(v) for name, v in layer.items()} for layer in net]

    def step(self, net, grads):
        self.t += 1
        c1, c2 = 1 - BETA1 ** self.t, 1 - BETA2 ** self.t
        for layer, g, m, s in zip(net, grads, self.m, self.s):
            for name in layer:
                m[name] = BETA1 * m[name] + (1 - BETA1) * g[name]
                s[name] = BETA2 * s[name] + (1 - BETA2) * (g[name] * g[name])
                theta = layer[name]
                decay = self.rate * self.decay * theta if name in DECAYING else 0
                layer[name] = theta - self.rate * (m[name] / c1) / (np.sqrt(s[name] / c2) + ADAM_EPSILON) - decay

def clip(grads, norm_limit):
    """Scales every gradient by c/‖g‖ when the norm of all of them together exceeds c."""
    norm = math.sqrt(sum(float(np.sum(g * g)) for layer in grads for g in layer.values()))
    if norm > norm_limit:
        for layer in grads:
            for name in layer: layer[name] = layer[name] * (norm_limit / norm)

def train(spec, weights, data, starts):
    ids, training_count, _ = data
    net, t, heads = network(weights), spec["steps"], spec["heads"]
    optimizer = AdamW(net, spec["rate"], spec["weightDecay"])
    for step_starts in starts:
        x, y = batch(ids, step_starts, t)
        grads = gradients(net, x, y, heads)
        clip(grads, spec["clipNorm"])
        optimizer.step(net, grads)
    x, y = batch(ids, validation_starts(spec, ids, training_count), t)
    logits, _ = forward(net, x, heads)
    return cross_entropy(logits, y.reshape(-1))
