"""The kernel beyond the conformance suite: interrupts, signatures, bad traffic and
lifecycle, through jupyter_client and raw pyzmq sockets."""
import json
import os
import signal
import time

import zmq
from jupyter_client.session import Session

from conftest import result_text, run, send_shell


def test_interrupt_stops_a_long_convolution_and_keeps_variables(kernel):
    km, kc = kernel
    assert run(kc, "kept = 5")[0]["status"] == "ok"
    msg_id = kc.execute("y = F.conv2d(torch.ones(64, 64, 64, 64), torch.ones(64, 64, 9, 9), padding=4)\nkept = 6")
    time.sleep(0.5)
    started = time.time()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    assert time.time() - started < 1.0
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    content, messages = run(kc, "kept")
    assert result_text(messages) == "5"


def test_interrupt_request_on_shell_stops_a_running_cell(kernel):
    """Old clients send interrupt_request on shell: answered while the cell runs (the
    execution thread, idle, receives shell itself; the shell thread takes it back within
    20 ms of a cell starting), before the cell's own reply."""
    km, kc = kernel
    assert run(kc, "kept = 5")[0]["status"] == "ok"
    msg_id = kc.execute("y = F.conv2d(torch.ones(64, 64, 64, 64), torch.ones(64, 64, 9, 9), padding=4)\nkept = 6")
    time.sleep(0.5)
    started = time.time()
    interrupt = send_shell(kc, "interrupt_request", {})
    first = kc.get_shell_msg(timeout=10)
    second = kc.get_shell_msg(timeout=10)
    assert time.time() - started < 1.0
    assert first["parent_header"]["msg_id"] == interrupt and first["content"]["status"] == "ok"
    assert second["parent_header"]["msg_id"] == msg_id and second["content"]["ename"] == "KeyboardInterrupt"
    content, messages = run(kc, "kept")
    assert result_text(messages) == "5"


def test_requests_sent_together_are_served_in_order(kernel):
    """Requests the execution thread receives itself and those the shell thread queues
    keep the order they were sent in."""
    km, kc = kernel
    ids = [kc.execute(f"n{i} = {i}\nn{i}") for i in range(200)]
    replies = [kc.get_shell_msg(timeout=30) for _ in ids]
    assert [r["parent_header"]["msg_id"] for r in replies] == ids
    assert [r["content"]["execution_count"] for r in replies] == list(range(1, 201))


def test_heartbeat_answers_during_a_long_computation(kernel):
    km, kc = kernel
    kc.execute("y = F.conv2d(torch.ones(32, 64, 64, 64), torch.ones(64, 64, 9, 9), padding=4)")
    time.sleep(0.3)
    assert kc.is_alive()
    km.interrupt_kernel()
    kc.get_shell_msg(timeout=10)


def raw_shell(km):
    """A DEALER socket on the kernel's shell port, and the connection info."""
    info = km.get_connection_info()
    context = zmq.Context.instance()
    socket = context.socket(zmq.DEALER)
    socket.linger = 0
    socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    return socket, info


def test_forged_signature_is_never_executed(kernel):
    km, kc = kernel
    socket, info = raw_shell(km)
    forger = Session(key=b"not-the-key", username="mallory")
    forger.send(socket, "execute_request", {"code": "forged = 1", "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    unsigned = Session(key=b"", username="mallory")
    unsigned.send(socket, "execute_request", {"code": "unsigned = 1", "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    time.sleep(0.5)
    assert socket.poll(200) == 0, "the kernel must not answer a forged message"
    content, _ = run(kc, "forged")
    assert content["status"] == "error" and content["ename"] == "NameError"
    content, _ = run(kc, "unsigned")
    assert content["status"] == "error" and content["ename"] == "NameError"
    socket.close()


def test_replayed_message_is_refused(kernel):
    km, kc = kernel
    run(kc, "count = 0")
    socket, info = raw_shell(km)
    session = Session(key=info["key"], signature_scheme=info["signature_scheme"], username="alice")
    msg = session.msg("execute_request", {"code": "count += 1", "silent": False, "store_history": True,
                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    frames = session.serialize(msg)
    socket.send_multipart(frames)
    assert socket.poll(5000), "the genuine message is answered"
    socket.recv_multipart()
    socket.send_multipart(frames)
    time.sleep(0.5)
    assert socket.poll(200) == 0, "the replay is not answered"
    content, messages = run(kc, "count")
    assert result_text(messages) == "1"
    socket.close()


def test_garbage_frames_are_survived(kernel):
    km, kc = kernel
    run(kc, "state = 'kept'")
    socket, info = raw_shell(km)
    socket.send_multipart([b"no delimiter here"])
    socket.send_multipart([b"<IDS|MSG>", b"sig"])
    socket.send_multipart([b"<IDS|MSG>", b"", b"{not json", b"{}", b"{}", b"{}"])
    socket.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", b"{}"])
    socket.send_multipart([b"<IDS|MSG>", b"", b"\xff\xfe", b"{}", b"{}", b"{}"])
    socket.send_multipart([os.urandom(64) for _ in range(7)])
    time.sleep(0.3)
    reply = kc.kernel_info(reply=True, timeout=10)
    assert reply["content"]["status"] == "ok"
    content, messages = run(kc, "state")
    assert result_text(messages) == "'kept'"
    socket.close()


def test_stop_on_error_aborts_queued_requests(kernel):
    km, kc = kernel
    first = kc.execute("y = 1 / 0")
    second = kc.execute("after = 1")
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=10)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert replies[first]["status"] == "error"
    # ipykernel's aborted reply is its status alone (no execution_count: the cell never ran).
    assert replies[second] == {"status": "aborted"}


def test_execution_count_silent_and_user_expressions(kernel):
    km, kc = kernel
    c1, _ = run(kc, "a = 2")
    msg_id = kc.execute("a * 10", silent=True)
    silent = kc.get_shell_msg(timeout=10)["content"]
    c2, _ = run(kc, "a")
    assert c2["execution_count"] == c1["execution_count"] + 1
    assert silent["status"] == "ok"
    kc.execute("b = a + 1", user_expressions={"double": "a * 2", "bad": "nope"})
    reply = kc.get_shell_msg(timeout=10)["content"]
    assert reply["user_expressions"]["double"]["data"]["text/plain"] == "4"
    assert reply["user_expressions"]["bad"]["status"] == "error"


def test_help_goes_through_the_page_payload(kernel):
    km, kc = kernel
    content, messages = run(kc, "F.conv_transpose2d?")
    page = content["payload"][0]
    assert page["source"] == "page"
    assert page["data"]["text/plain"].startswith("torch.nn.functional.conv_transpose2d(")


def test_error_carries_the_caret(kernel):
    km, kc = kernel
    content, messages = run(kc, "y = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), strid=2)")
    errors = [m for m in messages if m["msg_type"] == "error"]
    assert len(errors) == 1
    traceback = "\n".join(errors[0]["content"]["traceback"])
    assert "^~~~~ did you mean 'stride'?" in traceback
    assert errors[0]["content"]["ename"] == "TypeError"


def test_comms_are_closed_and_listed_empty(kernel):
    km, kc = kernel
    kc.comm_info()
    reply = kc.get_shell_msg(timeout=10)
    assert reply["content"]["comms"] == {}


def test_shutdown_and_restart(kernel):
    km, kc = kernel
    run(kc, "before = 1")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=30)
    content, _ = run(kc, "before")
    assert content["ename"] == "NameError"
    km.shutdown_kernel(now=False)
    assert not km.is_alive()


def test_killed_kernel_is_restarted_by_the_manager(kernel):
    km, kc = kernel
    os.kill(km.provisioner.pid, signal.SIGKILL)
    deadline = time.time() + 10
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.1)
    assert not km.is_alive()
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=30)
    content, messages = run(kc, "1 + 1")
    assert result_text(messages) == "2"


def test_tensors_carry_html_and_plain_text(kernel):
    km, kc = kernel
    content, messages = run(kc, "torch.ones(2, 2)")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert data["text/plain"] == "tensor([[1., 1.],\n        [1., 1.]])"
    assert "<table" in data["text/html"] and "tensor of shape [2, 2]" in data["text/html"]
    content, messages = run(kc, "1 + 1")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert data == {"text/plain": "2"}


def test_ipc_transport(tmp_path):
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="convlab", transport="ipc", ip=str(tmp_path / "convlab-ipc"))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        content, messages = run(kc, "torch.arange(3).tolist()")
        assert result_text(messages) == "[0, 1, 2]"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def test_explain_reaches_the_frontend_as_text_and_markdown(kernel):
    km, kc = kernel
    content, messages = run(kc, "explain(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1, output_padding=1)")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert data["text/plain"].startswith("conv_transpose2d: input [1, 1, 3, 3] -> output [1, 1, 6, 6]")
    assert "$$o = (i-1)s - 2p + d(k-1) + o_p + 1" in data["text/markdown"]
    # The diagram comes first, as display_data with SVG and its ASCII fallback.
    shown = [m for m in messages if m["msg_type"] == "display_data"]
    assert len(shown) == 1
    assert shown[0]["content"]["data"]["image/svg+xml"].startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    assert "[ ] kernel" in shown[0]["content"]["data"]["text/plain"]


def test_pictures_reach_the_frontend_as_svg_and_html(kernel):
    km, kc = kernel
    import xml.etree.ElementTree as ET
    content, messages = run(kc, "diagram('padding_strides_transposed', step=3)")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    svg = ET.fromstring(data["image/svg+xml"])
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "kernel at output (0, 3), step 4 of 25" in data["text/plain"]
    content, messages = run(kc, "animate('dilation')")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert "animateTransform" in data["image/svg+xml"]
    assert "9 frames" in data["text/plain"]
    content, messages = run(kc, "matrix(F.conv2d, input=4, kernel_size=3)")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert data["text/html"].startswith("<div class=\"convlab-matrix\">")
    content, messages = run(kc, "steps(nn.ConvTranspose2d(1, 1, 2, bias=False), torch.ones(1, 1, 2, 2), method='scatter')")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert data["text/plain"].endswith("(fast path): True, largest difference 0.0")
    content, messages = run(kc, "nn.Conv2d(1, 2, 3)")
    data = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert "<td style=\"padding:2px 8px\">[2, 1, 3, 3]</td>" in data["text/html"]


def test_huge_numbers_and_out_of_range_cursors_are_survived(kernel):
    km, kc = kernel
    run(kc, "kept = 1")
    kc.complete("kep", cursor_pos=10**30)
    assert kc.get_shell_msg(timeout=10)["content"]["status"] == "ok"
    kc.complete("kep", 99)
    reply = kc.get_shell_msg(timeout=10)
    assert reply["content"]["cursor_end"] == 3
    kc.history(hist_access_type="tail", n=10**40)
    assert kc.get_shell_msg(timeout=10)["content"]["status"] == "ok"
    content, messages = run(kc, "kept")
    assert result_text(messages) == "1"


def test_only_executions_are_aborted_after_an_error(kernel):
    km, kc = kernel
    first = kc.execute("y = 1 / 0")
    info = kc.kernel_info()
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=10)
        replies[msg["parent_header"]["msg_id"]] = msg
    assert replies[first]["content"]["status"] == "error"
    assert replies[info]["msg_type"] == "kernel_info_reply" and replies[info]["content"]["status"] == "ok"
