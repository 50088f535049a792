"""History in SQLite that survives restarts, through jupyter_client over ZeroMQ: each
test keeps its history in its own file (the kernel's --history-file). Expected replies
and %history printouts are real ipykernel's (fixtures/history.json, recorded by
scripts/generate_history_fixtures.py)."""
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from pathlib import Path

import jupyter_client
import pexpect
import pytest

from conftest import run
from history_scenario import MAGICS, REQUESTS, history, run_scenario, started, stdout, stop

JUPYTER = os.path.join(os.path.dirname(sys.executable), "jupyter")
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "history.json").read_text())


@pytest.fixture
def convlab(tmp_path):
    """Starts ConvLab kernels: `start(path_or_None, env=None)`, each with its stderr in
    its own log file; all are shut down at the end."""
    kernels = []

    def start(path, env=None):
        km = jupyter_client.KernelManager(kernel_name="convlab")
        if path is not None:
            km.kernel_spec.argv.extend(["--history-file", str(path)])
        log_path = tmp_path / f"kernel-{len(kernels)}.log"
        log = open(log_path, "w")
        km.start_kernel(stderr=log, env={**os.environ, **(env or {})})
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        kernels.append((km, kc, log))
        km.log_path = log_path
        return km, kc

    yield start
    for km, kc, log in kernels:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)
        log.close()


def current_session_numbered(entries, session):
    """ipykernel's entries with the current session's number where IPython's in-memory
    range says 0: ConvLab answers as tail and search number it, which the Jupyter
    conformance suite (test_conformance.py) expects of a range."""
    return [[session if s == 0 else s, line, source] for s, line, source in entries]


def test_history_survives_a_restart_as_ipykernel_keeps_it(convlab, tmp_path):
    seen = run_scenario(convlab, tmp_path / "history.sqlite")
    for request, got, expected in zip(REQUESTS, seen["replies"], FIXTURE["replies"]):
        assert got == current_session_numbered(expected, 2), request
    for code, got, expected in zip(MAGICS, seen["magics"], FIXTURE["magics"]):
        assert got == expected, code
    assert seen["file"] == FIXTURE["file"]
    assert not (tmp_path / "history.sqlite-wal").exists(), "a kernel that ends folds the WAL into the file"


def test_two_kernels_at_once_lose_nothing(convlab, tmp_path):
    path = tmp_path / "history.sqlite"
    n = 300
    clients = [started(convlab, path)[1] for _ in range(2)]

    def cells(kc, name):
        for i in range(n):
            kc.execute(f"{name} = {i}")
        for _ in range(n):
            assert kc.get_shell_msg(timeout=30)["content"]["status"] == "ok"

    threads = [threading.Thread(target=cells, args=(kc, name)) for kc, name in zip(clients, "xy")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sessions = [history(kc, dict(hist_access_type="tail", n=1, output=False, raw=True))[0][0] for kc in clients]
    # Each kernel reads both kernels' lines.
    for kc in clients:
        assert len(history(kc, dict(hist_access_type="search", pattern="[xy] = *", output=False, raw=True))) == 2 * n
    db = sqlite3.connect(path)
    rows = db.execute("SELECT session, line, source_raw FROM history ORDER BY session, line").fetchall()
    db.close()
    assert rows == sorted((s, i + 1, f"{name} = {i}") for s, name in zip(sessions, "xy") for i in range(n))


def test_a_corrupt_file_is_moved_aside_and_the_kernel_works(convlab, tmp_path):
    path = tmp_path / "history.sqlite"
    garbage = os.urandom(40_000)
    path.write_bytes(garbage)
    km, kc = started(convlab, path)
    assert run(kc, "a = 1")[0]["status"] == "ok"
    assert history(kc, dict(hist_access_type="tail", n=5, output=False, raw=True)) == [[1, 1, "a = 1"]]
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("history-corrupt-")]
    assert len(moved) == 1 and moved[0].suffix == ".sqlite" and moved[0].read_bytes() == garbage
    assert f"History file was moved to {moved[0]}" in km.log_path.read_text()
    stop(km, kc)
    assert sqlite3.connect(path).execute("SELECT source_raw FROM history").fetchall() == [("a = 1",)]


def test_an_unwritable_place_is_skipped_with_a_log_line(convlab, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    km, kc = started(convlab, blocked / "convlab" / "history.sqlite")
    assert run(kc, "a = 1")[0]["status"] == "ok"
    assert history(kc, dict(hist_access_type="tail", n=5, output=False, raw=True)) == [[1, 1, "a = 1"]]
    assert stdout(kc, "%history -g a") == "   1: a = 1\n   2: %history -g a\n"
    log = km.log_path.read_text()
    assert "history.sqlite" in log and "kept in memory only" in log, log


def test_the_default_file_is_in_jupyters_data_directory_and_memory_keeps_none(convlab, tmp_path):
    data = tmp_path / "data"
    km, kc = started(lambda path: convlab(None, env={"JUPYTER_DATA_DIR": str(data)}), None)
    assert run(kc, "a = 1")[0]["status"] == "ok"
    stop(km, kc)
    db = sqlite3.connect(data / "convlab" / "history.sqlite")
    assert db.execute("SELECT session, line, source_raw FROM history").fetchall() == [(1, 1, "a = 1")]
    db.close()
    other = tmp_path / "other"
    km, kc = started(lambda path: convlab(":memory:", env={"JUPYTER_DATA_DIR": str(other)}), None)
    assert run(kc, "a = 1")[0]["status"] == "ok"
    assert history(kc, dict(hist_access_type="tail", n=5, output=False, raw=True)) == [[1, 1, "a = 1"]]
    stop(km, kc)
    assert not other.exists()


def test_jupyter_consoles_up_arrow_reaches_cells_from_before_a_restart(tmp_path):
    """Two real `jupyter console` sessions, one after the other, with the kernel's
    default file (Jupyter's data directory set to a temporary folder): the second's
    up-arrow recalls the first's cells (the console loads them by history_request tail)."""
    env = {**os.environ, "TERM": "xterm", "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    env.pop("JUPYTER_CONSOLE_TEST", None)

    def console(*extra):
        child = pexpect.spawn(JUPYTER, ["console", "--kernel", "convlab", *extra], encoding="utf-8",
                              timeout=30, dimensions=(40, 160), env=env)
        child.expect(r"In \[.*1.*\]")
        return child

    first = console("--simple-prompt")
    first.sendline("yesterday = 41")
    first.expect(r"In \[.*2.*\]")
    first.sendline("exit")
    first.expect(pexpect.EOF)
    second = console()
    second.send("\x1b[A\x1b[A")  # up twice: past `exit` to the cell before it
    second.expect(r"yesterday = (\x1b\[[0-9;]*m)*41")  # coloured as Python
    second.send("\r")
    second.expect(r"In \[.*2.*\]")
    second.send("yesterday + 1\r")
    second.expect(r"Out\[.*2.*\]:.*42")
    second.send("exit\r")
    second.expect(pexpect.EOF)
    assert (tmp_path / "data" / "convlab" / "history.sqlite").exists()


CRASH_CELLS = [f"x{i} = {i}" for i in range(20)] + ["print('last')", "x19"]


def wait_until_dead(km, timeout=10):
    deadline = time.time() + timeout
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.05)
    assert not km.is_alive()


def expect_old_session_intact(kc, path, session):
    """`history_request`'s tail and range of the old session show every cell that
    completed in it, in order; the file passes SQLite's integrity check."""
    expected = [[session, i + 1, code] for i, code in enumerate(CRASH_CELLS)]
    tail = history(kc, dict(hist_access_type="tail", n=len(CRASH_CELLS) + 5, output=False, raw=True))
    assert [entry for entry in tail if entry[0] == session] == expected
    assert history(kc, dict(hist_access_type="range", session=-1, start=1, stop=None, output=False, raw=True)) == expected
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()


def test_history_is_intact_after_the_kernel_is_killed(convlab, tmp_path):
    """kill -9 right after the last reply (no shutdown, no chance to fold the WAL): a new
    kernel on the same file sees every cell that completed."""
    path = tmp_path / "history.sqlite"
    km, kc = started(convlab, path)
    for code in CRASH_CELLS:
        assert run(kc, code)[0]["status"] == "ok"
    os.kill(km.provisioner.pid, signal.SIGKILL)
    wait_until_dead(km)
    kc.stop_channels()
    km, kc = started(convlab, path)
    expect_old_session_intact(kc, path, session=1)


@pytest.mark.parametrize("now", [False, True], ids=["restart", "restart-now"])
def test_history_is_intact_after_restart_kernel(convlab, tmp_path, now):
    """jupyter_client's `restart_kernel`: a shutdown_request (now=False) or a kill
    (now=True), then a new kernel with the same arguments, on the same file."""
    path = tmp_path / "history.sqlite"
    km, kc = started(convlab, path)
    for code in CRASH_CELLS:
        assert run(kc, code)[0]["status"] == "ok"
    km.restart_kernel(now=now)
    kc.wait_for_ready(timeout=30)
    assert run(kc, "x19")[0]["ename"] == "NameError", "a fresh session"
    expect_old_session_intact(kc, path, session=1)
