"""Comms through jupyter_client against the real kernel, without widgets: what ipykernel
does for a comm nobody in the kernel handles, comm_info, busy/idle and order; and the
extra arguments `jupyter run` passes to the kernel."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import jupyter_client

from conftest import iopub_children, run, send_shell


def test_a_comm_open_to_an_unknown_target_is_closed_as_its_child(kernel):
    km, kc = kernel
    comm_id = uuid.uuid4().hex
    msg_id = send_shell(kc, "comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
    messages = iopub_children(kc, msg_id)
    assert [m["msg_type"] for m in messages] == ["status", "comm_close", "status"]
    assert [m["content"].get("execution_state") for m in messages] == ["busy", None, "idle"]
    assert messages[1]["content"] == {"comm_id": comm_id, "data": {}}
    assert not kc.shell_channel.msg_ready(), "comm messages have no reply"


def test_comm_info_is_empty_with_and_without_a_target_name(kernel):
    km, kc = kernel
    send_shell(kc, "comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget", "data": {}})
    for target in [None, "jupyter.widget"]:
        msg_id = kc.comm_info(target_name=target)
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"] == {"status": "ok", "comms": {}}
    info = kc.session.msg("comm_info_request", {"target_name": "jupyter.widget"})
    kc.control_channel.send(info)
    assert kc.get_control_msg(timeout=10)["content"] == {"status": "ok", "comms": {}}


def test_comm_messages_are_served_in_order_with_executions(kernel):
    km, kc = kernel
    execute = kc.execute("total = 0\nfor i in range(200000):\n    total = total + i\ntotal")
    comm_msg = send_shell(kc, "comm_msg", {"comm_id": "unknown", "data": {"method": "update"}})
    comm_close = send_shell(kc, "comm_close", {"comm_id": "unknown", "data": {}})
    order = []
    deadline = time.time() + 30
    while len(order) < 6 and time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] in ("busy", "idle"):
            order.append((msg["parent_header"]["msg_id"], msg["content"]["execution_state"]))
    assert order == [(execute, "busy"), (execute, "idle"), (comm_msg, "busy"), (comm_msg, "idle"),
                     (comm_close, "busy"), (comm_close, "idle")]
    assert kc.get_shell_msg(timeout=10)["content"]["status"] == "ok"
    assert not kc.shell_channel.msg_ready()
    content, _ = run(kc, "total")
    assert content["status"] == "ok"


def test_the_files_jupyter_run_appends_to_the_kernel_command_are_ignored(tmp_path):
    """`jupyter run --kernel=convlab FILE` starts the kernel with FILE appended to the
    kernelspec's argv (its extra_args become kernel_argv); the kernel must run, and the
    file is run by jupyter run through the protocol."""
    script = tmp_path / "script.py"
    script.write_text("x = 20 + 22\nprint(x)\n")
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "run", "--kernel=convlab", str(script)],
                            capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
    assert "ignoring arguments the kernel does not take: " + str(script) in result.stderr


def test_extra_arguments_are_logged_and_the_kernel_serves(tmp_path):
    km = jupyter_client.KernelManager(kernel_name="convlab")
    log_path = tmp_path / "kernel.log"
    with open(log_path, "w") as log:
        km.start_kernel(extra_arguments=["notebook.py", "--unknown-flag", "value"], stderr=log)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=30)
            content, _ = run(kc, "1 + 1")
            assert content["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    assert "[convlab warning] ignoring arguments the kernel does not take: notebook.py --unknown-flag value" in log_path.read_text()
