"""History across a restart, as one scenario that runs the same way against real
ipykernel (scripts/generate_history_fixtures.py records it into fixtures/history.json)
and against ConvLab (test_history.py compares): cells in one kernel, a clean shutdown,
a second kernel on the same history file, then history_requests and %history magics.
Every cell is valid Python and ConvLab alike."""
import queue
import sqlite3

from conftest import run

CELLS_BEFORE = ["a = 1", "b = a + 1", "b"]
# Run with store_history=False after CELLS_BEFORE: its result is not a line of history,
# and must not replace the output stored for the line before it ("b"'s 2).
UNSTORED = "b * 10"
CELLS_AFTER = ["c = 3"]
REQUESTS = [
    dict(hist_access_type="tail", n=10, output=False, raw=True),
    dict(hist_access_type="tail", n=3, output=True, raw=True),
    dict(hist_access_type="range", session=0, start=0, stop=None, output=False, raw=True),
    dict(hist_access_type="range", session=-1, start=1, stop=None, output=False, raw=True),
    dict(hist_access_type="range", session=-1, start=2, stop=4, output=True, raw=True),
    dict(hist_access_type="range", session=1, start=3, output=False, raw=True),
    dict(hist_access_type="search", pattern="b*", output=False, raw=True),
    dict(hist_access_type="search", pattern="*", n=2, unique=True, output=False, raw=True),
    dict(hist_access_type="search", pattern="?*", unique=True, output=True, raw=True),
]
MAGICS = [
    "%history ~1/",
    "%history -n ~1/2-3 1",
    "%history -n ~1/2-~0/1",
    "%history -g b",
    "%history -g = -u",
    "%history -l 3",
    "%history -n -l 2",
]


def history(kc, request):
    kc.history(**request)
    reply = kc.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply["content"]["history"]


def stdout(kc, code):
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def started(start_kernel, path):
    """A kernel on `path`, with the extra kernel_info replies of a slow start read."""
    km, kc = start_kernel(path)
    while True:
        try:
            kc.get_shell_msg(timeout=0.3)
        except queue.Empty:
            return km, kc


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel()  # a shutdown_request: the kernel ends its session in the file


def file_contents(path):
    """The tables' definitions (whitespace collapsed), the sessions' rows without their
    times, and the stored lines (`source_raw`: IPython's `source` is its Python
    translation of a magic, which ConvLab has none of)."""
    db = sqlite3.connect(path)
    try:
        schema = sorted(" ".join(sql.split()) for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE type='table'"))
        sessions = [list(row) for row in db.execute(
            "SELECT session, start IS NOT NULL, end IS NOT NULL, num_cmds, remark FROM sessions ORDER BY session")]
        lines = [list(row) for row in db.execute("SELECT session, line, source_raw FROM history ORDER BY session, line")]
    finally:
        db.close()
    return {"schema": schema, "sessions": sessions, "history": lines}


def run_scenario(start_kernel, path):
    """`start_kernel(path)` starts a kernel keeping its history in `path` and returns
    (manager, client). Returns what the scenario saw."""
    km, kc = started(start_kernel, path)
    for code in CELLS_BEFORE:
        assert run(kc, code)[0]["status"] == "ok"
    content, messages = run(kc, UNSTORED, store_history=False)
    assert content["status"] == "ok" and any(m["msg_type"] == "execute_result" for m in messages), messages
    stop(km, kc)
    km, kc = started(start_kernel, path)
    try:
        for code in CELLS_AFTER:
            assert run(kc, code)[0]["status"] == "ok"
        replies = [history(kc, request) for request in REQUESTS]
        magics = [stdout(kc, code) for code in MAGICS]
    finally:
        stop(km, kc)
    return {"replies": replies, "magics": magics, "file": file_contents(path)}
