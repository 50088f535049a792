#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/exceptions/ipython_tracebacks.json from IPython.

Each session is a list of cells run in order in a fresh IPython InteractiveShell (colors
off); for every cell that fails, IPython's structured traceback (the list of strings a
kernel sends as the `error` message's `traceback`) is recorded. The Swift test
TracebackFormatTests runs the same cells in one ConvLang session and expects the same
list.

    .venv/bin/python scripts/generate_traceback_fixtures.py
"""

import json
import pathlib

import IPython
from IPython.core.interactiveshell import InteractiveShell

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/exceptions/ipython_tracebacks.json"

# (id, cells)
SESSIONS = [
    ("three_deep_call", [
        "def h(x):\n    return x[5]\n\ndef g(x):\n    y = h(x)\n    return y\n",
        "def f(x):\n    return g(x) + 1",
        "a = 1\nf([1, 2, 3])",
    ]),
    ("raise_in_function_long_body", [
        "import torch\ndef h(x):\n    a = 1\n    b = 2\n    c = 3\n    return torch.zeros(2, 3) @ torch.zeros(2, 3)\n    d = 4\n    e = 5\n",
        "x = 1\ny = 2\nz = 3\nh(1)\nw = 5\nv = 6",
    ]),
    ("keyword_parameters_and_blank_lines", [
        "def k(a, b=2, *args, c, **kw):\n\n    x = 1\n\n    return a[b]\n\n\n    y = 2\n    # comment\n    z = 3",
        "k([1],\n  c=1)",
    ]),
    ("raise_from", [
        "try:\n    1/0\nexcept ZeroDivisionError as e:\n    raise ValueError('x') from e",
    ]),
    ("during_handling", [
        "try:\n    1/0\nexcept ZeroDivisionError as e:\n    [][1]",
    ]),
    ("handler_raises_inside_function", [
        "import torch\n\ndef load(x):\n    try:\n        return x.view(4, 2)\n    except RuntimeError as e:\n        raise ValueError('cannot load') from e\n",
        "a = torch.arange(6)\nb = load(a)",
    ]),
    ("error_in_handler_inside_function", [
        "def f(d):\n    try:\n        return d['k']\n    except KeyError:\n        return d['other']\n",
        "f({})",
    ]),
    ("lambda_frame", [
        "f = lambda x: x[3]\nf([])",
    ]),
    ("raise_class_without_message", [
        "def f():\n    raise KeyError\n",
        "f()",
    ]),
]


def run_session(cells):
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    shell.colors = "nocolor"
    recorded = []
    shell._showtraceback = lambda etype, evalue, stb: recorded.append(stb)
    out = []
    for cell in cells:
        recorded.clear()
        shell.run_cell(cell, store_history=True)
        out.append({"source": cell, "traceback": list(recorded[0]) if recorded else None})
    return out


def main():
    sessions = [{"id": name, "cells": run_session(cells)} for name, cells in SESSIONS]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"ipython": IPython.__version__, "sessions": sessions}, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(sessions)} sessions to {OUTPUT}")


if __name__ == "__main__":
    main()
