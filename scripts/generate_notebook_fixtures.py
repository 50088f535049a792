#!/usr/bin/env python3
"""Writes tests/notebooks/fixtures/NAME.json from real PyTorch for the notebooks in
NOTEBOOKS (06-models-and-shapes, 07-transposed-conv-is-a-gradient): what each code
cell prints and shows under CPython and PyTorch, run as IPython runs a cell (every cell
but the `explain` and `diagram` ones, which are ConvLab's own). The notebook test
compares ConvLab's outputs with them, so the tests never need PyTorch. Run again
whenever a notebook's cells change:

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
NOTEBOOKS = ["06-models-and-shapes", "07-transposed-conv-is-a-gradient"]
FIXTURES = ROOT / "tests" / "notebooks" / "fixtures"
# ConvLab's own commands: cells calling them have no PyTorch counterpart.
CONVLAB_ONLY = ("explain(", "diagram(")


def is_convlab_only(source):
    return any(command in source for command in CONVLAB_ONLY)


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


def record(name):
    """Runs the notebook's cells in one namespace, as a kernel would, and writes them."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    namespace = {}
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or is_convlab_only(cell.source):
            continue
        stdout, value = run_like_ipython(cell.source, namespace)
        cells.append({"source": cell.source, "stdout": stdout, "value": value})
    output = FIXTURES / f"{name}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"torch": torch.__version__, "cells": cells}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cells)} cells from PyTorch {torch.__version__} -> {output}")


def main():
    for name in NOTEBOOKS:
        record(name)


if __name__ == "__main__":
    main()
