"""The nnrepl kernel: ipykernel's ``Kernel`` with the cells run by ``nnrepl --serve``.

ipykernel does Jupyter's part (sockets, signing, the message loop); this class turns each request
into one for the server and its JSON answers into Jupyter messages:

- ``stream`` events become stream output (stdout, or stderr for warnings);
- ``display`` events become ``display_data`` (SVG plots, HTML tables and matrices, with text);
- ``progress`` events become one line that updates in place while ``train`` runs, and is removed
  when the cell's next output comes, so the finished cell holds exactly what ``nnrepl export``
  writes for it;
- an ``error`` event becomes the cell's error (a diagnostic with its caret, a failed ``expect``,
  or an interruption).
"""

import signal
import uuid

from ipykernel.kernelbase import Kernel

from . import __version__
from .server import Server, ServerEnded


class NNReplKernel(Kernel):
    implementation = "nnrepl"
    implementation_version = __version__
    language = "nnrepl"
    # Replaced by the server's own answer when the kernel starts (``nnrepl export`` writes the
    # same into notebooks); this is what a notebook shows if the server cannot start.
    language_info = {
        "name": "nnrepl",
        "mimetype": "text/x-nnrepl",
        "file_extension": ".nn",
        "pygments_lexer": "nnrepl",
        "codemirror_mode": "shell",
    }
    banner = "nnrepl"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.server = self._start()

    def _start(self):
        server = Server()
        info = server.reply("info")
        self.language_info = info["language_info"]
        self.banner = info["banner"]
        self.implementation_version = info["implementation_version"]
        return server

    # Running a cell

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        if not code.strip():
            return self._ok()
        cell = _CellOutput(self, silent)
        previous = self._forward_interrupts()
        try:
            error = None
            for message in self.server.request("execute", code=code, execution_count=self.execution_count):
                event = message.get("event")
                if event == "stream":
                    cell.send("stream", {"name": message["name"], "text": message["text"]})
                elif event == "display":
                    cell.send("display_data", {"data": message["data"], "metadata": {}})
                elif event == "progress":
                    cell.progress(message["text"])
                elif event == "error":
                    error = {k: message[k] for k in ("ename", "evalue", "traceback")}
            cell.finish()
        except ServerEnded as ended:
            cell.finish()
            error = {"ename": "ServerEnded", "evalue": str(ended), "traceback": [f"{ended}: the session is lost; a fresh one has started"]}
            self.server = self._start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        if error is None:
            return self._ok()
        if not silent:
            self.send_response(self.iopub_socket, "error", error)
        return dict(error, status="error", execution_count=self.execution_count)

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _forward_interrupts(self):
        """While a cell runs, SIGINT (the stop button) goes to the server, which stops ``train``
        after the current epoch, instead of raising KeyboardInterrupt in the middle of reading
        its answers. Returns the handler to restore (``None`` off the main thread)."""
        try:
            return signal.signal(signal.SIGINT, lambda number, frame: self.server.interrupt())
        except ValueError:
            return None

    # Completion, help and the rest

    def do_complete(self, code, cursor_pos):
        reply = self.server.reply("complete", code=code, cursor=cursor_pos)
        return {
            "status": "ok",
            "matches": reply["matches"],
            "cursor_start": reply["cursor_start"],
            "cursor_end": reply["cursor_end"],
            "metadata": {},
        }

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self.server.reply("inspect", code=code, cursor=cursor_pos)
        return {"status": "ok", "found": reply["found"], "data": reply.get("data", {}), "metadata": {}}

    def do_is_complete(self, code):
        return {"status": self.server.reply("is_complete", code=code)["status"]}

    def do_shutdown(self, restart):
        self.server.close()
        return {"status": "ok", "restart": restart}


class _CellOutput:
    """A cell's outputs as sent, so that the progress line can be taken away again.

    The progress line is a display with an id, updated in place (``update_display_data``). When
    it is done, ``clear_output(wait=True)`` and the outputs sent before it are sent again: the
    frontend swaps them in without flicker, and the saved notebook has no progress line in it.
    """

    def __init__(self, kernel, silent):
        self.kernel = kernel
        self.silent = silent
        self.sent = []
        self.progress_id = None

    def send(self, kind, content):
        self._end_progress(wait=True)
        self.sent.append((kind, content))
        self._publish(kind, content)

    def progress(self, text):
        content = {"data": {"text/plain": text}, "metadata": {}}
        if self.progress_id is None:
            self.progress_id = uuid.uuid4().hex
            self._publish("display_data", dict(content, transient={"display_id": self.progress_id}))
        else:
            self._publish("update_display_data", dict(content, transient={"display_id": self.progress_id}))

    def finish(self):
        # With nothing to send after it, a waiting clear would never happen.
        self._end_progress(wait=bool(self.sent))

    def _end_progress(self, wait):
        if self.progress_id is None:
            return
        self.progress_id = None
        self._publish("clear_output", {"wait": wait})
        for kind, content in self.sent:
            self._publish(kind, content)

    def _publish(self, kind, content):
        if not self.silent:
            self.kernel.send_response(self.kernel.iopub_socket, kind, content)
