#!/usr/bin/env python3
"""Writes tests/notebooks/fixtures/06-models-and-shapes.json from real PyTorch: what
each code cell of notebooks/06-models-and-shapes.ipynb prints and shows under CPython
and PyTorch, run as IPython runs a cell (every cell but the `explain` ones, which are
ConvLab's own). The notebook test compares ConvLab's outputs with it, so the tests
never need PyTorch. Run again whenever the notebook's cells change:

    /work/main/.venv/bin/python scripts/generate_notebook_fixtures.py
"""
import ast
import contextlib
import io
import json
import pathlib

import nbformat
import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "06-models-and-shapes.ipynb"
OUTPUT = ROOT / "tests" / "notebooks" / "fixtures" / "06-models-and-shapes.json"


def run_like_ipython(source, namespace):
    """Runs a cell under CPython as IPython would: its stdout, and the repr of a final
    expression (None when there is none or it is None)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
    return out.getvalue(), None if value is None else repr(value)


def main():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    namespace = {}
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or "explain(" in cell.source:
            continue
        stdout, value = run_like_ipython(cell.source, namespace)
        cells.append({"source": cell.source, "stdout": stdout, "value": value})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cells": cells}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cells)} cells from PyTorch {torch.__version__} -> {OUTPUT}")


if __name__ == "__main__":
    main()
