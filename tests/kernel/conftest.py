import time

import jupyter_client
import pytest


@pytest.fixture(autouse=True)
def jupyter_data_dir(tmp_path_factory, monkeypatch):
    """Jupyter's data directory, for the kernels a test starts, in a fresh temporary
    folder: kernels keep their history there by default (convlab/history.sqlite), so
    each test starts with no history and none writes the user's. The kernelspec is
    still found in the .venv. (test_conformance.py's class does the same for itself.)"""
    path = str(tmp_path_factory.mktemp("jupyter-data"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", path)
    return path


@pytest.fixture
def kernel():
    """A ConvLab kernel started by jupyter_client's KernelManager, and a client."""
    km = jupyter_client.KernelManager(kernel_name="convlab")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def run(kc, code, timeout=30, **options):
    """Executes code (with `options` for the request: `store_history=False`, ...);
    returns the reply content and the iopub messages it caused (between its busy and
    idle statuses, those excluded)."""
    msg_id = kc.execute(code, **options)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply["content"], iopub_children(kc, msg_id, timeout)[1:-1]


def iopub_children(kc, msg_id, timeout=10):
    """The iopub messages whose parent is msg_id, from its busy up to its idle status."""
    messages = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            assert messages[0]["msg_type"] == "status" and messages[0]["content"]["execution_state"] == "busy", messages
            return messages
    raise AssertionError(f"no idle for {msg_id}: {messages}")


def send_shell(kc, msg_type, content):
    """Sends a request on shell; returns its msg_id."""
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def result_text(messages):
    for m in messages:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "kernel_args(*args): extra command-line arguments for the kernel")
    config.addinivalue_line("markers", "kernel_key(key): the connection key (b'' for unsigned messages)")
    config.addinivalue_line("markers", "kernel_prefix(*command): a command the kernel runs under (prlimit --as=N --)")
