"""Typed completions (complete_reply's metadata._jupyter_types_experimental, which
JupyterLab's completer shows) and inspection at detail levels 0 and 1, against real
ipykernel on the same cells (tests/kernel/fixtures/ipykernel_io.json, written by
scripts/generate_kernel_io_fixtures.py)."""
import json
import pathlib

import pytest

from conftest import run

FIXTURE = json.loads((pathlib.Path(__file__).parent / "fixtures/ipykernel_io.json").read_text())
SETUP = FIXTURE["metadata"]["setup"]

# The match each case is about: ConvLab's other matches differ from Jedi's (no `%matplotlib`
# magic, no site-packages modules), so the entry of this one is compared.
EXPECTED_TEXT = {
    "user_function": "scale", "variable": "value", "user_class": "Box", "module": "math", "keyword": "while",
    "constant_keyword": "True", "keyword_argument": "factor=", "module_function": "floor", "builtin_class": "dict",
}
# Jedi reads builtins' signatures from typeshed's stubs (`print(*values: object, ...)`);
# ConvLab has its own, so only the types of these are compared.
TYPE_ONLY = {"module_function", "builtin_function"}


def complete(kc, code):
    kc.complete(code, len(code))
    return kc.get_shell_msg(timeout=10)["content"]


@pytest.fixture
def session(kernel):
    _, kc = kernel
    reply, _ = run(kc, SETUP)
    assert reply["status"] == "ok"
    return kc


@pytest.mark.parametrize("case", FIXTURE["completions"], ids=[c["id"] for c in FIXTURE["completions"]])
def test_completion_types_as_ipykernel(session, case):
    reply = complete(session, case["code"])
    entries = reply["metadata"]["_jupyter_types_experimental"]
    assert [e["text"] for e in entries] == reply["matches"]
    text = EXPECTED_TEXT.get(case["id"]) or case["types"][0]["text"]
    expected = next(e for e in case["types"] if e["text"] == text)
    got = next((e for e in entries if e["text"] == text), None)
    assert got is not None, reply["matches"]
    assert (got["start"], got["end"]) == (expected["start"], expected["end"]) == (reply["cursor_start"], reply["cursor_end"])
    assert got["type"] == expected["type"]
    if case["id"] not in TYPE_ONLY:
        assert got["signature"] == expected["signature"]


def test_every_match_has_an_entry(session):
    reply = complete(session, "torch.nn.functional.con")
    entries = reply["metadata"]["_jupyter_types_experimental"]
    assert len(reply["matches"]) > 3 and [e["text"] for e in entries] == reply["matches"]
    assert {e["type"] for e in entries} == {"function"}
    conv2d = next(e for e in entries if e["text"] == "conv2d")
    assert conv2d["signature"].startswith("(input, weight, bias=None, stride=1")


def test_layers_are_classes_and_tensors_instances(session):
    run(session, "x = torch.ones(2)")
    entries = complete(session, "nn.ConvTranspose2")["metadata"]["_jupyter_types_experimental"]
    assert [(e["text"], e["type"]) for e in entries] == [("ConvTranspose2d", "class")]
    entries = complete(session, "x")["metadata"]["_jupyter_types_experimental"]
    assert ("x", "instance") in [(e["text"], e["type"]) for e in entries]


def test_nothing_to_complete_still_has_the_field(session):
    # ipykernel's reply to the same request (its Jedi finds nothing either).
    reply = complete(session, "zzz_nothing")
    assert reply["matches"] == [] and reply["metadata"] == {"_jupyter_types_experimental": []}
    assert reply["cursor_start"] == reply["cursor_end"] == len("zzz_nothing")


@pytest.mark.parametrize("case", FIXTURE["inspect"], ids=[f'{c["name"]}-level{c["detail_level"]}' for c in FIXTURE["inspect"]])
def test_inspect_levels_as_ipykernel(session, case):
    session.inspect(case["name"], len(case["name"]), detail_level=case["detail_level"])
    reply = session.get_shell_msg(timeout=10)["content"]
    assert reply["found"] == case["found"]
    # ipykernel's `File:` line names a temporary file of its own: ConvLab's cells are not files.
    assert reply["data"] == {"text/plain": case["text_plain"]}


def test_double_question_mark_pages_the_source(session):
    reply, _ = run(session, "scale??")
    level1 = next(c for c in FIXTURE["inspect"] if c["name"] == "scale" and c["detail_level"] == 1)
    assert [p["data"]["text/plain"] for p in reply["payload"]] == [level1["text_plain"]]
    reply, _ = run(session, "scale?")
    level0 = next(c for c in FIXTURE["inspect"] if c["name"] == "scale" and c["detail_level"] == 0)
    assert [p["data"]["text/plain"] for p in reply["payload"]] == [level0["text_plain"]]
