"""input(), getpass and %reset's question over the stdin channel, against what real
ipykernel does with the same cells (tests/kernel/fixtures/ipykernel_io.json, written by
scripts/generate_kernel_io_fixtures.py)."""
import json
import pathlib
import re
import time

import pytest

from stdin_run import run_with_stdin

FIXTURE = json.loads((pathlib.Path(__file__).parent / "fixtures/ipykernel_io.json").read_text())
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_fixture_comes_from_ipykernel_7_4():
    assert FIXTURE["metadata"]["ipykernel"] == "7.4.0"
    assert len(FIXTURE["stdin"]) >= 10


@pytest.mark.parametrize("case", FIXTURE["stdin"], ids=[c["id"] for c in FIXTURE["stdin"]])
def test_input_as_ipykernel(kernel, case):
    km, kc = kernel
    got = run_with_stdin(km, kc, case["code"], case["allow_stdin"], case["answer"])
    for key in ("input_request", "status", "streams", "result"):
        assert got[key] == case[key], key
    if case["error"] is None:
        assert got["error"] is None
    else:
        assert (got["error"]["ename"], got["error"]["evalue"]) == (case["error"]["ename"], case["error"]["evalue"])
        # ConvLab's traceback has ipykernel's last line (without its colours, and without
        # the ": " IPython leaves after a bare `EOFError`) and no ipykernel frames.
        assert ANSI.sub("", case["error"]["last_line"]).removesuffix(": ") in got["error"]["traceback"]


def test_the_kernel_goes_on_after_an_interrupted_input(kernel):
    km, kc = kernel
    kc.execute_interactive("kept = 41", timeout=30)
    got = run_with_stdin(km, kc, "x = input('wait: ')", True, "interrupt")
    assert got["error"]["ename"] == "KeyboardInterrupt"
    # The next cell runs, with the state kept, and asks again.
    got = run_with_stdin(km, kc, "kept + int(input('more: '))", True, "1")
    assert got["result"] == "42" and got["input_request"] == {"prompt": "more: ", "password": False}


def test_a_reply_nobody_waits_for_is_ignored(kernel):
    _, kc = kernel
    kc.input("stray")
    time.sleep(0.5)
    got = run_with_stdin(None, kc, "input('> ')", True, "expected")
    assert got["result"] == "'expected'"


def test_shutdown_while_waiting_for_input_does_not_hang(kernel):
    km, kc = kernel
    kc.execute("input('never answered: ')", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=30)["msg_type"] == "input_request"
    start = time.monotonic()
    km.shutdown_kernel(now=False)
    assert not km.is_alive()
    # jupyter_client waits up to its shutdown_wait_time (5 s) before it kills.
    assert time.monotonic() - start < 4
