"""The Pygments lexer knows every command nnrepl has, and nbconvert finds it by name."""

import re
import subprocess

from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Error, Keyword, Name, Number

from nnrepl_kernel.lexer import COMMANDS


def test_the_commands_are_nnrepls(nnrepl):
    listing = subprocess.run([nnrepl], input="help\n", capture_output=True, text=True, timeout=60).stdout
    commands = re.findall(r"^  ([a-z][a-z0-9]*)\b", listing.split("AT THE PROMPT")[0], flags=re.M)
    assert sorted(set(commands)) == sorted(COMMANDS)


def test_tokens():
    lexer = get_lexer_by_name("nnrepl")
    tokens = [(kind, text) for kind, text in lexer.get_tokens("layer dense 4 sigmoid  # hidden\nlet z = X @ W1 + ???\n") if text.strip()]
    assert tokens[:4] == [(Keyword, "layer"), (Keyword.Pseudo, "dense"), (Number, "4"), (Keyword.Pseudo, "sigmoid")]
    assert (Comment.Single, "# hidden") in tokens
    assert (Name.Variable, "W1") in tokens and (Error, "???") in tokens
