"""Runs a cell that asks for input, the same way against ipykernel (to write the
fixture: scripts/generate_kernel_io_fixtures.py) and against ConvLab (test_stdin.py)."""


def run_with_stdin(km, kc, code, allow_stdin, answer, timeout=30):
    """Executes `code`; when stdin is allowed, waits for its input request and answers
    it with `answer`, or interrupts the kernel (`answer == "interrupt"`). Returns the
    request's content, the reply's status, the streams, the result's text/plain and the
    error (ename, evalue, traceback)."""
    msg_id = kc.execute(code, allow_stdin=allow_stdin)
    request = None
    if allow_stdin:
        msg = kc.get_stdin_msg(timeout=timeout)
        assert msg["msg_type"] == "input_request" and msg["parent_header"]["msg_id"] == msg_id, msg
        request = msg["content"]
        if answer == "interrupt":
            km.interrupt_kernel()
        else:
            kc.input(answer)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    streams, result, error = [], None, None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            streams.append([content["name"], content["text"]])
        elif kind == "execute_result":
            result = content["data"]["text/plain"]
        elif kind == "error":
            error = {"ename": content["ename"], "evalue": content["evalue"], "traceback": content["traceback"]}
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return {"input_request": request, "status": reply["content"]["status"], "streams": streams, "result": result, "error": error}
