import time

import jupyter_client
import pytest


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


def run(kc, code, timeout=30):
    """Executes code; returns the reply content and the iopub messages it caused."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    messages = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        messages.append(msg)
    return reply["content"], messages


def result_text(messages):
    for m in messages:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "kernel_args(*args): extra command-line arguments for the kernel")
    config.addinivalue_line("markers", "kernel_key(key): the connection key (b'' for unsigned messages)")
