"""CurveZMQ transport encryption: jupyter_client's `transport_encryption` provisions a key
pair into the connection file, and the kernel makes every socket a CURVE server."""
import json
import os
import socket
import threading
import time

import jupyter_client
import pytest
import zmq
from jupyter_client.session import Session

from conftest import result_text, run


def start(**kwargs):
    km = jupyter_client.KernelManager(kernel_name="convlab", **kwargs)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    return km, kc


@pytest.fixture
def encrypted():
    km, kc = start(transport_encryption="required")
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def test_the_kernelspec_declares_curve():
    spec = jupyter_client.kernelspec.KernelSpecManager().get_kernel_spec("convlab")
    assert spec.metadata["supported_encryption"] == "curve"


def test_required_encryption_runs_completes_interrupts_and_shuts_down(encrypted):
    km, kc = encrypted
    info = km.get_connection_info()
    assert len(info["curve_publickey"]) == 40 and len(info["curve_secretkey"]) == 40
    content, messages = run(kc, "x = torch.ones(2, 3)\nx.size()")
    assert content["status"] == "ok" and result_text(messages) == "torch.Size([2, 3])"
    kc.complete("torch.one", 9)
    reply = kc.get_shell_msg(timeout=10)
    assert "ones" in reply["content"]["matches"]
    assert kc.is_alive(), "the heartbeat answers through CURVE"
    msg_id = kc.execute("y = F.conv2d(torch.ones(64, 64, 64, 64), torch.ones(64, 64, 9, 9), padding=4)")
    time.sleep(0.5)
    km.interrupt_kernel()  # interrupt_request on the encrypted control socket
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["ename"] == "KeyboardInterrupt"
    content, messages = run(kc, "x.sum()")
    assert result_text(messages) == "tensor(6.)"
    km.shutdown_kernel(now=False)
    assert not km.is_alive()


def test_a_plain_zeromq_client_gets_nothing_executed_and_no_output(encrypted):
    km, kc = encrypted
    info = km.get_connection_info()
    context = zmq.Context.instance()

    def plain(kind, port):
        s = context.socket(kind)
        s.linger = 0
        s.connect(f"tcp://{info['ip']}:{info[port]}")
        return s

    # It even knows the HMAC key: without the CURVE handshake nothing gets through.
    shell = plain(zmq.DEALER, "shell_port")
    Session(key=info["key"], username="eve").send(shell, "execute_request", {
        "code": "leaked = 'ran'", "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})
    iopub = plain(zmq.SUB, "iopub_port")
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    hb = plain(zmq.REQ, "hb_port")
    hb.send(b"ping")
    time.sleep(0.5)
    run(kc, "print('output the eavesdropper must not see')")
    assert shell.poll(500) == 0, "no reply to a plain client"
    assert iopub.poll(500) == 0, "no output to a plain subscriber"
    assert hb.poll(500) == 0, "no heartbeat for a plain client"
    for s in (shell, iopub, hb):
        s.close()
    content, _ = run(kc, "leaked")
    assert content["status"] == "error" and content["ename"] == "NameError"


class LoopbackCapture:
    """Every byte crossing the loopback interface while it runs, read from a raw
    AF_PACKET socket (as tcpdump would; needs CAP_NET_RAW)."""

    def __init__(self):
        self.raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
        self.raw.bind(("lo", 0))
        self.raw.settimeout(0.1)
        self.data = bytearray()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read)

    def _read(self):
        while not self.stop.is_set():
            try:
                self.data += self.raw.recv(65536)
            except socket.timeout:
                pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.3)
        self.stop.set()
        self.thread.join()
        self.raw.close()


def can_capture():
    try:
        socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003)).close()
        return True
    except PermissionError:
        return False


@pytest.mark.skipif(not can_capture(), reason="reading loopback packets needs CAP_NET_RAW (CI runs as root)")
@pytest.mark.parametrize("encryption", ["required", "disabled"])
def test_cell_source_on_the_wire_is_encrypted_only_when_keys_are_given(encryption):
    km, kc = start(transport_encryption=encryption)
    try:
        marker = "convlab-" + os.urandom(6).hex()
        with LoopbackCapture() as capture:
            content, messages = run(kc, f"secret = '{marker}'\nsecret")
        assert result_text(messages) == repr(marker)
        seen = marker.encode() in capture.data
        assert len(capture.data) > 1000, "the capture saw the traffic"
        if encryption == "required":
            assert not seen, "the cell's source crossed loopback in clear text"
        else:
            assert seen, "without encryption the source is visible (the capture works)"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_connection_file_with_half_a_key_pair_is_refused(tmp_path):
    """A kernel given a public key without its secret must not start in the clear."""
    import subprocess

    connection = tmp_path / "kernel.json"
    km = jupyter_client.KernelManager(kernel_name="convlab")
    km.connection_file = str(connection)
    km.write_connection_file()
    info = json.loads(connection.read_text())
    info["curve_publickey"] = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
    connection.write_text(json.dumps(info))
    binary = km.kernel_spec.argv[0]
    result = subprocess.run([binary, "kernel", "--connection-file", str(connection)], capture_output=True, text=True,
                            timeout=20)
    assert result.returncode != 0
    assert "curve_publickey and curve_secretkey must come together" in result.stderr
