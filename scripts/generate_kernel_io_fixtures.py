#!/usr/bin/env python3
"""Writes tests/kernel/fixtures/ipykernel_io.json from real ipykernel (the `python3`
kernel of the venv running this script): what it does for input requests, typed
completions and inspection levels. tests/kernel/test_stdin.py and
tests/kernel/test_completion_types.py run the same cells in ConvLab and expect the same.

    .venv/bin/python scripts/generate_kernel_io_fixtures.py

Recorded per case: for stdin, the `input_request` content, the streams, the result and
the error (ename, evalue, last traceback line; the frames above it are ipykernel's own
source, which ConvLab has none of); for completions, each match's entry of
`metadata._jupyter_types_experimental`; for inspection, `text/plain` as sent (ANSI
colours included) at `detail_level` 0 and 1, with the `File:` line, a temporary path of
ipykernel's, recorded apart.
"""
import json
import pathlib
import platform
import re

import sys

import ipykernel
import jupyter_client

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests/kernel/fixtures/ipykernel_io.json"
sys.path.insert(0, str(ROOT / "tests/kernel"))
from stdin_run import run_with_stdin  # noqa: E402  (the tests run cells the same way)

SETUP = '''import math
def scale(x, factor=2):
    """Multiplies x by factor."""
    return x * factor
def area(w, h):
    """The area of a w by h rectangle.

    Both in pixels."""
    return w * h
value = 42
class Box:
    pass
'''

IS_A_DEFINED = "try:\n    a\n    defined = True\nexcept NameError:\n    defined = False\ndefined"

# (id, code, allow_stdin, what the frontend does: a reply value, "interrupt", or None)
STDIN_CASES = [
    ("input_not_allowed", "input('name? ')", False, None),
    ("getpass_not_allowed", "import getpass\ngetpass.getpass('pw: ')", False, None),
    ("input_answered", "print('before')\nx = input('name? ')\nprint(x)", True, "Ada"),
    ("input_no_prompt", "input()", True, "42"),
    ("getpass_default_prompt", "from getpass import getpass\ngetpass()", True, "s3"),
    ("getpass_module", "import getpass\ngetpass.getpass('Token: ')", True, "t0"),
    ("input_end_of_file", "input()", True, "\x04"),
    ("input_interrupted", "input('wait: ')", True, "interrupt"),
    ("reset_answered_yes", "a = 1\n%reset\n" + IS_A_DEFINED, True, "y"),
    ("reset_answered_empty", "a = 1\n%reset\n" + IS_A_DEFINED, True, ""),
    ("reset_answered_no", "a = 1\n%reset\n" + IS_A_DEFINED, True, "no"),
    ("reset_without_stdin", "a = 1\n%reset\n" + IS_A_DEFINED, False, None),
]

# (id, code): completions at the end of the code, after SETUP.
COMPLETION_CASES = [
    ("user_function", "sca"),
    ("variable", "valu"),
    ("user_class", "Bo"),
    ("module", "mat"),
    ("keyword", "whi"),
    ("constant_keyword", "Tr"),
    ("keyword_argument", "scale(fa"),
    ("module_function", "math.floo"),
    ("builtin_function", "pri"),
    ("builtin_class", "dic"),
]

INSPECT_CASES = ["scale", "area"]


def shell(kc, send):
    send()
    return kc.get_shell_msg(timeout=120)["content"]


def main():
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        kc.execute_interactive(SETUP, timeout=60)
        completions = []
        for case_id, code in COMPLETION_CASES:
            reply = shell(kc, lambda: kc.complete(code))
            completions.append({"id": case_id, "code": code, "cursor_start": reply["cursor_start"], "cursor_end": reply["cursor_end"],
                                "types": reply["metadata"]["_jupyter_types_experimental"]})
        inspections = []
        for name in INSPECT_CASES:
            for level in (0, 1):
                reply = shell(kc, lambda: kc.inspect(name, len(name), detail_level=level))
                text = reply["data"]["text/plain"]
                file_line = re.search(r"\n\x1b\[31mFile:\x1b\[39m +[^\n]*", text)
                inspections.append({"name": name, "detail_level": level, "found": reply["found"],
                                    "text_plain": text.replace(file_line.group(0), "") if file_line else text,
                                    "file_line": file_line.group(0) if file_line else None})
        # Last: %reset forgets SETUP's names.
        stdin = [dict(id=i, code=c, allow_stdin=a, answer=r, **run_with_stdin(km, kc, c, a, r)) for i, c, a, r in STDIN_CASES]
        for case in stdin:
            if case["error"]:
                case["error"]["last_line"] = case["error"].pop("traceback")[-1]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    fixture = {"metadata": {"ipykernel": ipykernel.__version__, "jupyter_client": jupyter_client.__version__,
                            "python": platform.python_version(), "setup": SETUP},
               "stdin": stdin, "completions": completions, "inspect": inspections}
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
