"""A Pygments lexer for nnrepl, so nbconvert and Sphinx highlight cells.

A line is a command word and its arguments (``layer dense 4 sigmoid``), or an expression
(``X @ W1 + b1``); ``#`` starts a comment and ``???`` is an exercise's blank. The command names
are checked against ``nnrepl``'s own ``help`` by the tests.
"""

from pygments.lexer import RegexLexer, bygroups, default, words
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

COMMANDS = (
    "input", "layer", "summary", "depth", "compare", "graph", "data", "normalize", "split", "shuffle",
    "loss", "lr", "optimizer", "schedule", "clip", "batch", "l2", "seed", "init", "forward", "backward", "grad", "show",
    "gradcheck", "gradnorm", "explain", "let", "step", "train", "predict", "accuracy", "generate", "evaluate",
    "plot", "freeze", "unfreeze", "pop", "adapt", "merge", "save", "load", "params", "expect", "forbid",
    "ask", "reset", "help", "quit",
)

# Words that commands take: layer kinds, activations, losses, optimizers, data sets and keywords.
ARGUMENTS = (
    "dense", "sigmoid", "relu", "tanh", "softmax", "linear", "mse", "crossentropy", "sgd", "momentum",
    "adam", "document", "xor", "circle", "gauss", "spiral", "moons", "sine", "normal", "xavier", "he",
    "full", "every", "within", "points", "error", "wrt", "as", "to", "from", "log", "target", "all",
    "but", "lora", "noise", "boundary", "adamw", "cosine", "text", "norm",
    "embedding", "positions", "conv1d", "conv2d", "maxpool", "avgpool", "flatten", "rnn", "lstm",
    "gru", "layernorm", "batchnorm", "dropout", "attention", "transformer", "tied", "temperature",
    "top", "head",
)

FUNCTIONS = ("sigmoid", "relu", "tanh", "softmax", "exp", "log", "sum", "mean", "dsigmoid", "drelu", "dtanh")


class NNReplLexer(RegexLexer):
    name = "nnrepl"
    aliases = ["nnrepl", "nn"]
    filenames = ["*.nn"]
    mimetypes = ["text/x-nnrepl"]

    tokens = {
        "root": [
            (r"[ \t]+", Whitespace),
            (r"#.*$", Comment.Single),
            (words(COMMANDS, suffix=r"\b"), Keyword, "arguments"),
            default("arguments"),
        ],
        "arguments": [
            (r"\n", Whitespace, "#pop"),
            (r"[ \t]+", Whitespace),
            (r"#.*$", Comment.Single),
            (r"\?\?\?", Error),
            (r'"[^"\n]*"', String.Double),
            (r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", Number),
            (words(FUNCTIONS, suffix=r"(?=\()"), Name.Builtin),
            (words(ARGUMENTS, suffix=r"\b"), Keyword.Pseudo),
            (r"(\.)(T)\b", bygroups(Operator, Name.Attribute)),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name.Variable),
            (r"\*\*|==|!=|<=|>=|[-+*/@<>=:]", Operator),
            (r"[\[\](),.]", Punctuation),
            (r".", Text),
        ],
    }
