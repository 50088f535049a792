#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/tooling/help.json from CPython: what `help(f)`
prints for functions the user defined (pydoc's page: the signature with defaults by
their repr, the docstring cleaned by `inspect.cleandoc`). HelpFixtureTests runs every
case in ConvLang and expects the same.

    /work/main/.venv/bin/python scripts/generate_help_fixtures.py
"""
import json
import pathlib
import platform

from program_fixtures import run_program

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/tooling/help.json"

CASES = [
    ("help_trans_conv", '''def trans_conv(X, K):
    """Transposed convolution by scatter-add (d2l 14.10)."""
    h, w = K.shape
    return X
help(trans_conv)'''),
    ("help_no_docstring", '''def f(a, b=2, *args, c, d=None, **kw):
    return a
help(f)'''),
    ("help_multiline_docstring", '''def out_size(n, k, s=1, p=0, d=1, op=0):
    """Output length of a transposed convolution.

    Args:
        n: input length
        k: kernel size
    Returns the length PyTorch computes.
    """
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1
help(out_size)'''),
    ("help_keyword_only_defaults", '''def g(x, *, scale=0.5, name='conv', shape=(1, 2), flags=[True, False]):
    "One-line docstring."
    return x
help(g)'''),
    ("help_positional_only", '''def h(a, b, /, c, *, d=3):
    return a
help(h)'''),
    ("help_lambda", '''square = lambda x, y=2: x ** y
help(square)'''),
    ("help_nested_function", '''def outer():
    def inner(t):
        """Inner docstring."""
        return t
    return inner
help(outer())'''),
    ("help_varargs_only", '''def collect(*items, **options):
    """  Leading spaces are stripped from the first line.
       Common indentation is removed from the rest.
    """
    return items
help(collect)'''),
]


def main():
    cases = []
    for case_id, source in CASES:
        stdout, error, _, _, _ = run_program(source, "<case>", {"__name__": "__main__"})
        cases.append({"id": case_id, "source": source, "stdout": stdout, "error": error})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"python": platform.python_version(), "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} cases from CPython {platform.python_version()} -> {OUTPUT}")


if __name__ == "__main__":
    main()
