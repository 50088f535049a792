"""ConvLab behind Jupyter Kernel Gateway, as a remote frontend reaches it: `jupyter
kernelgateway` on a free loopback port with the project venv's kernelspecs, a kernel made
by `POST /api/kernels`, cells run over the websocket channel in Jupyter's JSON messages,
then interrupt, restart and delete through the REST API; and with the gateway's kernel
managers asked for CurveZMQ transport encryption."""
import contextlib
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import websocket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid):
    """The ids of the processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pid, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True  # exited, not yet reaped
        except OSError:
            return True
        time.sleep(0.1)
    return False


class Gateway:
    """A running `jupyter kernelgateway` and its REST API."""

    def __init__(self, process, port):
        self.process, self.port = process, port

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, None

    def kernel_pid(self, timeout=10):
        """The one convlab kernel the gateway runs. Waited for: a kernel just started may be
        inside its own `execv` (convlab restarts itself to pick OpenBLAS's AVX2 kernels
        where OpenBLAS chose others), when its /proc cmdline reads empty for a moment."""
        deadline = time.time() + timeout
        while True:
            kernels = []
            for pid in children(self.process.pid):
                try:
                    if b"convlab" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        kernels.append(pid)
                except OSError:
                    continue
            if len(kernels) == 1 or time.time() > deadline:
                (pid,) = kernels
                return pid
            time.sleep(0.05)


class Channels:
    """One websocket on /api/kernels/<id>/channels, speaking Jupyter messages as JSON."""

    def __init__(self, gateway, kernel_id):
        self.socket = websocket.create_connection(f"ws://127.0.0.1:{gateway.port}/api/kernels/{kernel_id}/channels", timeout=30)
        self.session = uuid.uuid4().hex

    def execute(self, code):
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": self.session,
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        return msg_id

    def wait_busy(self, msg_id, timeout=30):
        for message in self.messages(msg_id, timeout):
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "busy":
                return
        raise AssertionError(f"no busy status for {msg_id}")

    def messages(self, msg_id, timeout):
        """The messages answering `msg_id`, as they come, until `timeout` seconds pass."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.socket.settimeout(max(0.1, deadline - time.time()))
            try:
                message = json.loads(self.socket.recv())
            except websocket.WebSocketTimeoutException:
                break
            if message["parent_header"].get("msg_id") == msg_id:
                yield message

    def result(self, msg_id, timeout=60):
        """The execute_reply's content and the execute_result's text/plain (or None), once
        both the reply and the idle status have come."""
        reply, text, idle = None, None, False
        for message in self.messages(msg_id, timeout):
            if message["msg_type"] == "execute_reply":
                reply = message["content"]
            elif message["msg_type"] == "execute_result":
                text = message["content"]["data"]["text/plain"]
            elif message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                idle = True
            if reply is not None and idle:
                return reply, text
        raise AssertionError(f"no reply and idle for {msg_id} within {timeout} s")

    def run(self, code, timeout=60):
        return self.result(self.execute(code), timeout)

    def close(self):
        self.socket.close()


@contextlib.contextmanager
def running_gateway(*options):
    """`jupyter kernelgateway` on a free loopback port, with `options`, until the block ends."""
    port = free_port()
    # The gateway's log goes to a file: a pipe nobody reads would fill and stop it.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter-kernelgateway"), "--KernelGatewayApp.ip=127.0.0.1",
         f"--KernelGatewayApp.port={port}", "--KernelGatewayApp.port_retries=0", *options],
        stdout=subprocess.DEVNULL, stderr=log,
    )
    try:
        gateway = Gateway(process, port)
        deadline = time.time() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"the gateway exited: {log.read().decode()[-3000:]}")
            try:
                if gateway.request("GET", "/api")[0] == 200:
                    break
            except OSError:
                pass
            assert time.time() < deadline, "the gateway did not answer on /api"
            time.sleep(0.2)
        yield gateway
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def gateway():
    with running_gateway() as gateway:
        yield gateway


def check_conv(channels):
    reply, text = channels.run("x = torch.tensor([[0.0, 1.0], [2.0, 3.0]]).reshape(1, 1, 2, 2)\n"
                               "F.conv_transpose2d(x, x, stride=2)")
    assert reply["status"] == "ok", reply
    # README's example, the output of a real PyTorch session.
    assert text == ("tensor([[[[0., 0., 0., 1.],\n"
                    "          [0., 0., 2., 3.],\n"
                    "          [0., 2., 0., 3.],\n"
                    "          [4., 6., 6., 9.]]]])")


def test_kernel_gateway_runs_interrupts_restarts_and_deletes_a_convlab_kernel(gateway):
    status, kernel = gateway.request("POST", "/api/kernels", {"name": "convlab"})
    assert status == 201 and kernel["name"] == "convlab", (status, kernel)
    kernel_id = kernel["id"]
    first_pid = gateway.kernel_pid()
    channels = Channels(gateway, kernel_id)

    check_conv(channels)

    running = channels.execute("while True: pass")
    channels.wait_busy(running)
    time.sleep(0.5)
    status, _ = gateway.request("POST", f"/api/kernels/{kernel_id}/interrupt")
    assert status == 204
    reply, _ = channels.result(running, timeout=20)
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
    assert channels.run("x.sum()")[1] == "tensor(6.)", "the kernel runs on after the interrupt"

    status, restarted = gateway.request("POST", f"/api/kernels/{kernel_id}/restart")
    assert status == 200 and restarted["id"] == kernel_id
    assert gone(first_pid), "the restart ended the first kernel process"
    second_pid = gateway.kernel_pid()
    assert second_pid != first_pid
    channels.close()
    channels = Channels(gateway, kernel_id)
    reply, _ = channels.run("x")
    assert reply["status"] == "error" and reply["ename"] == "NameError" and reply["evalue"] == "name 'x' is not defined", reply
    channels.close()

    assert gateway.request("GET", f"/api/kernels/{kernel_id}")[0] == 200
    status, _ = gateway.request("DELETE", f"/api/kernels/{kernel_id}")
    assert status == 204
    assert gone(second_pid), "DELETE ended the kernel process"
    assert gateway.request("GET", f"/api/kernels/{kernel_id}")[0] == 404


def test_kernel_gateway_with_transport_encryption_gives_the_kernel_curve_keys():
    """`--KernelManager.transport_encryption=required` reaches the gateway's kernel
    managers: the connection file holds a CurveZMQ key pair and cells still run."""
    with running_gateway("--KernelManager.transport_encryption=required") as gateway:
        status, kernel = gateway.request("POST", "/api/kernels", {"name": "convlab"})
        assert status == 201, status
        pid = gateway.kernel_pid()
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        connection = json.loads(Path(argv[argv.index("--connection-file") + 1]).read_text())
        assert len(connection["curve_publickey"]) == 40 and len(connection["curve_secretkey"]) == 40
        channels = Channels(gateway, kernel["id"])
        check_conv(channels)
        channels.close()
        assert gateway.request("DELETE", f"/api/kernels/{kernel['id']}")[0] == 204
        assert gone(pid)
