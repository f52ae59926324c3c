"""The kernel driven as JupyterLab drives it, through jupyter_client: every wait has a deadline."""

import json
import queue
import os
import time

import pytest
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


@pytest.fixture
def kernel():
    manager, client = start_new_kernel(kernel_name="nnrepl", startup_timeout=TIMEOUT)
    yield manager, client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run(client, code):
    """Runs a cell; returns its reply's content and the outputs it sent (type, content)."""
    outputs = []
    reply = client.execute_interactive(
        code, timeout=TIMEOUT, output_hook=lambda message: outputs.append((message["msg_type"], message["content"]))
    )
    return reply["content"], [(kind, content) for kind, content in outputs if kind not in ("status", "execute_input")]


def text(outputs):
    return "".join(content["text"] for kind, content in outputs if kind == "stream")


def test_kernelspec(kernel_installed, nnrepl):
    spec = json.loads((kernel_installed / "kernel.json").read_text())
    assert spec["argv"] == [os.path.realpath(nnrepl), "kernel", "-f", "{connection_file}"]
    assert spec["display_name"] == "nnrepl" and spec["language"] == "nnrepl"
    assert (kernel_installed / "logo-64x64.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_kernel_info(kernel):
    _, client = kernel
    info = client.kernel_info(reply=True, timeout=TIMEOUT)["content"]
    assert info["implementation"] == "nnrepl"
    assert info["language_info"] == {
        "name": "nnrepl",
        "mimetype": "text/x-nnrepl",
        "file_extension": ".nn",
        "pygments_lexer": "nnrepl",
        "codemirror_mode": "shell",
    }


def test_execute_keeps_one_session_with_rich_outputs(kernel):
    _, client = kernel
    reply, outputs = run(client, "seed 42\ninput 2\nlayer dense 4 sigmoid\nlayer dense 3 softmax")
    assert reply["status"] == "ok"
    assert "layer 1: dense 4 sigmoid — W1 2×4, b1 1×4, 12 parameters\n" in text(outputs)
    reply, outputs = run(client, "W1\nsummary")
    assert reply["status"] == "ok"
    displays = [content["data"] for kind, content in outputs if kind == "display_data"]
    assert displays[0]["text/html"].startswith('<table class="nnrepl-matrix">')
    assert displays[0]["text/plain"].startswith("W1  2×4\n")
    assert displays[1]["text/html"].startswith('<table class="nnrepl-table"><thead>')
    reply, outputs = run(client, "data document\nloss crossentropy\ntrain 5\nplot loss")
    svg = [content["data"] for kind, content in outputs if kind == "display_data"][-1]
    assert svg["image/svg+xml"].lstrip().startswith("<?xml") and svg["text/plain"] == "loss by epoch"


def test_an_error_shows_the_caret_and_changes_nothing(kernel):
    _, client = kernel
    run(client, "input 2")
    reply, outputs = run(client, "layer dense 4 sigmoid\nlayer dense 4 sigmod")
    assert reply["status"] == "error"
    assert reply["ename"] == "parser.unknownKeyword" and reply["evalue"] == "unknown activation 'sigmod'"
    error = [content for kind, content in outputs if kind == "error"][0]
    assert error["traceback"][1:3] == ["  2 | layer dense 4 sigmod", "    |               ^~~~~~"]
    reply, outputs = run(client, "depth")
    assert text(outputs).startswith("depth = 0\n"), "a cell with a syntax error runs none of its lines"
    reply, outputs = run(client, "expect depth == 3")
    assert reply["status"] == "error" and reply["ename"] == "expect.failed"


def test_completion_inspection_and_is_complete(kernel):
    _, client = kernel
    content = client.complete("lay", 3, reply=True, timeout=TIMEOUT)["content"]
    assert content["matches"] == ["layer"] and (content["cursor_start"], content["cursor_end"]) == (0, 3)
    run(client, "input 2\nlayer dense 4 sigmoid")
    content = client.complete("seed 1\nshow W", 13, reply=True, timeout=TIMEOUT)["content"]
    assert content["matches"] == ["W1"] and content["cursor_start"] == 12
    content = client.inspect("train 100", 3, reply=True, timeout=TIMEOUT)["content"]
    assert content["found"] and content["data"]["text/plain"].startswith("USAGE: train <epochs> [every <k>]")
    assert not client.inspect("banana", 2, reply=True, timeout=TIMEOUT)["content"]["found"]
    assert is_complete(client, "layer dense 4 sigmoid") == "complete"
    assert is_complete(client, "layer dense") == "invalid"


def is_complete(client, code):
    """The is_complete_reply's status (jupyter_client has no blocking form of this request)."""
    message_id = client.is_complete(code)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        reply = client.get_shell_msg(timeout=deadline - time.monotonic())
        if reply["parent_header"].get("msg_id") == message_id:
            return reply["content"]["status"]
    raise TimeoutError("no is_complete_reply")


def test_interrupt_stops_train_after_an_epoch_and_keeps_the_weights(kernel):
    manager, client = kernel
    run(client, "seed 1\ndata document\nlayer dense 64 tanh\nlayer dense 3 softmax\nloss crossentropy")
    message_id = client.execute("train 1000000\nlet after = 1")
    messages = []
    deadline = time.monotonic() + TIMEOUT
    interrupted = False
    reply = None
    while reply is None:
        left = deadline - time.monotonic()
        assert left > 0, "no reply before the deadline"
        if not interrupted and any(m["msg_type"] == "display_data" for m in messages):
            manager.interrupt_kernel()  # the progress line is showing: train is running
            interrupted = True
        try:
            message = client.get_iopub_msg(timeout=min(left, 1))
            if message["parent_header"].get("msg_id") == message_id:
                messages.append(message)
        except queue.Empty:
            pass
        if interrupted:
            try:
                shell = client.get_shell_msg(timeout=0.1)
                if shell["parent_header"].get("msg_id") == message_id:
                    reply = shell["content"]
            except queue.Empty:
                pass
    while not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in messages):
        assert time.monotonic() < deadline, "the kernel did not become idle before the deadline"
        message = client.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if message["parent_header"].get("msg_id") == message_id:
            messages.append(message)
    assert interrupted
    assert reply["status"] == "error" and reply["ename"] == "Interrupted"
    kinds = [m["msg_type"] for m in messages]
    assert "update_display_data" in kinds or kinds.count("display_data") >= 1
    assert "clear_output" in kinds, "the progress line is taken away when training ends"
    said = "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream")
    assert "interrupted: kept the weights after epoch " in said
    epoch = int(said.split("interrupted: kept the weights after epoch ")[1].split()[0])
    assert 0 < epoch < 1000000
    _, outputs = run(client, "epochs")
    assert text(outputs) == f"epochs = {epoch}\n"
    reply, _ = run(client, "after")
    assert reply["status"] == "error", "the cell's lines after train did not run"


def test_restart_starts_a_fresh_session(kernel):
    manager, client = kernel
    run(client, "input 2\nlayer dense 4 sigmoid")
    manager.restart_kernel(now=False)
    client.wait_for_ready(timeout=TIMEOUT)
    _, outputs = run(client, "depth")
    assert text(outputs).startswith("depth = 0\n")
