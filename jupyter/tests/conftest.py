"""Fixtures: the built nnrepl, and the kernel installed with it into a folder of the tests' own
(``nnrepl kernel install --prefix``), so the tests neither need nor touch a user's Jupyter."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def nnrepl_binary():
    """The program ``NNREPL_BINARY`` names, else the debug build, else the release build."""
    named = os.environ.get("NNREPL_BINARY")
    if named:
        return named
    for configuration in ("debug", "release"):
        path = ROOT / ".build" / configuration / "nnrepl"
        if path.exists():
            return str(path)
    pytest.exit("build nnrepl first ('swift build'), or set NNREPL_BINARY", returncode=2)


@pytest.fixture(scope="session")
def nnrepl():
    return nnrepl_binary()


@pytest.fixture(scope="session", autouse=True)
def kernel_installed(nnrepl, tmp_path_factory):
    """Installs the kernelspec as the README says, under a temporary prefix that Jupyter is told
    about through JUPYTER_PATH; returns the kernelspec's folder."""
    prefix = tmp_path_factory.mktemp("prefix")
    result = subprocess.run(
        [nnrepl, "kernel", "install", "--prefix", str(prefix)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    os.environ["NO_COLOR"] = "1"
    return prefix / "share" / "jupyter" / "kernels" / "nnrepl"
