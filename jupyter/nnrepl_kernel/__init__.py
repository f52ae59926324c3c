"""A Jupyter kernel for nnrepl.

The kernel is a thin wrapper: ipykernel speaks Jupyter's wire protocol (ZeroMQ, HMAC signing,
the message loop), and a long-running ``nnrepl --serve`` runs the cells. This module imports
nothing heavy, so ``nnrepl kernel`` can check that the package is installed cheaply.
"""

__version__ = "0.1.0"
