"""Writes keras-layers.json: Keras 3's own LSTM, GRU, Conv2D and pooling layers (JAX backend,
float64) on small explicit numbers, for the engine's layer tests to reproduce to 1e-12.

Keras fixes the conventions the engine follows (gate order i, f, c, o for LSTM; z, r, h and
reset_after for GRU; the kernel layout (kh, kw, C_in, C_out); TensorFlow's 'same' padding), so
these numbers check the layouts and the forward formulas, and JAX's vector-Jacobian product of
the same call checks the backward pass. The weighted loss L = sum(R * y) has dL/dy = R.

    python3 -m venv env && env/bin/pip install "keras>=3" jax
    KERAS_BACKEND=jax env/bin/python keras-layers.py
"""
import json, math, os
os.environ.setdefault("KERAS_BACKEND", "jax")
import jax
jax.config.update("jax_enable_x64", True)  # before Keras is imported, or it computes in float32
import keras, numpy as np
keras.config.set_floatx("float64")
keras.config.set_dtype_policy("float64")
# Keras 3.15's tanh casts to result_type(x, float) first, which gives float32 under JAX tracing
# (a python float counts as float32), so every tanh, inside the LSTM and GRU cells too, would lose
# half its digits; jnp.tanh is the same function in float64.
import keras.src.backend.jax.numpy as keras_jax_numpy
keras_jax_numpy.tanh = jax.numpy.tanh


def numbers(shape, seed, scale=1.0):
    """scale * sin(1 + 0.7 k + seed) for entry k in row-major order (LayerCheck.numbers)."""
    count = int(np.prod(shape))
    return scale * np.sin(1 + 0.7 * np.arange(count) + seed).reshape(shape)


def case(layer, x, weights, description):
    layer.build(x.shape)
    layer.set_weights(weights)
    variables = [v.value for v in layer.trainable_variables]
    fixed = [v.value for v in layer.non_trainable_variables]  # e.g. the RNN's seed generator state
    def call(variables, x):
        y, _ = layer.stateless_call(variables, fixed, x)
        return y
    y, vjp = jax.vjp(call, variables, x)
    r = numbers(y.shape, 9)
    dvariables, dx = vjp(r)
    names = [v.path.split("/")[-1] for v in layer.trainable_variables]
    return {
        "description": description,
        "keras": keras.__version__,
        "params": {n: np.asarray(w).tolist() for n, w in zip(names, weights)},
        "x": x.tolist(),
        "output": np.asarray(y).tolist(),
        "R": r.tolist(),
        "grads": {n: np.asarray(g).tolist() for n, g in zip(names, dvariables)},
        "dx": np.asarray(dx).tolist(),
    }


n, T, F, H = 2, 4, 3, 2
x = numbers((n, T, F), 4)
cases = {
    "lstm": case(
        keras.layers.LSTM(H, return_sequences=True), x,
        [numbers((F, 4 * H), 1, 0.8), numbers((H, 4 * H), 2, 0.6), numbers((4 * H,), 3, 0.3)],
        "LSTM(2, return_sequences=True) on 2 sequences of 4 steps of 3 features"),
    "lstm_last": case(
        keras.layers.LSTM(H), x,
        [numbers((F, 4 * H), 1, 0.8), numbers((H, 4 * H), 2, 0.6), numbers((4 * H,), 3, 0.3)],
        "LSTM(2): the last step's output only"),
    "gru": case(
        keras.layers.GRU(H, return_sequences=True), x,
        [numbers((F, 3 * H), 1, 0.8), numbers((H, 3 * H), 2, 0.6), numbers((2, 3 * H), 3, 0.3)],
        "GRU(2, return_sequences=True), reset_after (Keras's default)"),
    "simple_rnn_last": case(
        keras.layers.SimpleRNN(H), x,
        [numbers((F, H), 1, 0.8), numbers((H, H), 2, 0.6), numbers((H,), 3, 0.3)],
        "SimpleRNN(2): the last step's output only"),
    "conv2d": case(
        keras.layers.Conv2D(3, (3, 3), strides=2, padding="same", activation="tanh"), numbers((n, 5, 4, 2), 6),
        [numbers((3, 3, 2, 3), 4, 0.5), numbers((3,), 5)],
        "Conv2D(3, 3x3, strides 2, same, tanh) on 2 images 5x4x2"),
    "conv1d_same": case(
        keras.layers.Conv1D(3, 3, strides=2, padding="same", activation="tanh"), numbers((n, 7, 3), 6),
        [numbers((3, 3, 3), 4, 0.5), numbers((3,), 5)],
        "Conv1D(3, 3, strides 2, same, tanh) on 2 sequences 7x3"),
    "maxpool2d": case(
        keras.layers.MaxPooling2D(2), numbers((n, 5, 4, 2), 6), [],
        "MaxPooling2D(2) on 2 images 5x4x2 (the last row is dropped)"),
    "avgpool2d": case(
        keras.layers.AveragePooling2D(2), numbers((n, 5, 4, 2), 6), [],
        "AveragePooling2D(2) on 2 images 5x4x2"),
    "maxpool1d": case(
        keras.layers.MaxPooling1D(2), numbers((n, 7, 3), 6), [],
        "MaxPooling1D(2) on 2 sequences 7x3"),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras-layers.json")
with open(path, "w") as f:
    json.dump({"generated_by": "keras-layers.py", "dtype": "float64", "loss": "L = sum(R * y), dL/dy = R",
               "cases": cases}, f, indent=1)
print("wrote", path)
