"""The ``nnrepl --serve`` process: one JSON request per line in, JSON lines out.

The protocol is described in nnrepl's ``Sources/nnrepl/ServeProtocol.swift``. Every request gets
zero or more ``event`` lines and then one ``reply`` line with the same ``id``.
"""

import itertools
import json
import os
import shutil
import signal
import subprocess


class ServerEnded(Exception):
    """``nnrepl --serve`` ended while a request was waiting for its reply."""


def binary():
    """The nnrepl executable: the one ``nnrepl kernel`` named, else the first on ``PATH``."""
    path = os.environ.get("NNREPL_BINARY") or shutil.which("nnrepl")
    if not path:
        raise RuntimeError(
            "cannot find the nnrepl program: start the kernel with 'nnrepl kernel -f FILE' "
            "(as 'nnrepl kernel install' arranges), or put nnrepl on PATH"
        )
    return path


class Server:
    """A running ``nnrepl --serve``.

    It stays in the kernel's process group, so the SIGINT with which Jupyter interrupts the kernel
    (sent to the group) reaches it too; ``interrupt`` sends one directly as well.
    """

    def __init__(self, path=None, cwd=None):
        self.process = subprocess.Popen(
            [path or binary(), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._ids = itertools.count(1)

    def request(self, kind, **fields):
        """Sends a request and yields what comes back for it: events, then the reply (last)."""
        ident = str(next(self._ids))
        line = json.dumps(dict(fields, id=ident, type=kind)) + "\n"
        try:
            self.process.stdin.write(line)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise ServerEnded(self._ending()) from error
        while True:
            text = self.process.stdout.readline()
            if not text:
                raise ServerEnded(self._ending())
            message = json.loads(text)
            if message.get("id") != ident:
                continue
            yield message
            if "reply" in message:
                return

    def reply(self, kind, **fields):
        """The reply to a request that sends no events (info, complete, inspect, is_complete)."""
        message = None
        for message in self.request(kind, **fields):
            pass
        return message

    def interrupt(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def close(self, timeout=5):
        """Ends the server: its input closes, and it is killed if it does not end in time."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=timeout)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()

    def _ending(self):
        status = self.process.poll()
        return "nnrepl ended" + (f" with status {status}" if status is not None else "")
