"""``nnrepl kernel install``: writes the kernelspec with jupyter_client, which knows where Jupyter
looks (``--user``: the user's data folder; ``--prefix DIR``: ``DIR/share/jupyter/kernels``;
neither: the system's).

Run as ``python -m nnrepl_kernel.install --nnrepl PATH [--user | --prefix DIR]``; ``nnrepl kernel
install`` does that with its own path.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager

RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources")


def kernelspec(nnrepl):
    """The kernel.json: Jupyter starts ``nnrepl kernel -f FILE``, which runs this package with the
    Python it was installed for."""
    return {
        "argv": [nnrepl, "kernel", "-f", "{connection_file}"],
        "display_name": "nnrepl",
        "language": "nnrepl",
        "interrupt_mode": "signal",
        "env": {"NNREPL_PYTHON": sys.executable},
        "metadata": {"debugger": False},
    }


def install(nnrepl, user=False, prefix=None):
    """Installs the kernelspec and returns the folder it went to."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w", encoding="utf-8") as file:
            json.dump(kernelspec(nnrepl), file, indent=2)
        for name in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
            shutil.copy(os.path.join(RESOURCES, name), folder)
        return KernelSpecManager().install_kernel_spec(folder, "nnrepl", user=user, prefix=prefix, replace=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="nnrepl kernel install", description="Install the nnrepl Jupyter kernel.")
    parser.add_argument("--nnrepl", required=True, help="the nnrepl program the kernel runs")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for this user only")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels (a virtual environment, a conda env)")
    arguments = parser.parse_args(argv)
    try:
        destination = install(os.path.abspath(arguments.nnrepl), user=arguments.user, prefix=arguments.prefix)
    except PermissionError as error:
        sys.exit(f"nnrepl: error: cannot write the kernelspec: {error}\nhint: install for yourself with 'nnrepl kernel install --user'")
    print(f"installed the nnrepl kernel in {destination}")


if __name__ == "__main__":
    main()
