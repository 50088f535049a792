#!/usr/bin/env python3
"""Writes `<name>.out` beside every script `Tests/ConvLangTests/Fixtures/tutorials/<name>.py`:
what the script prints under real CPython and PyTorch.

The scripts are tutorial code as published (d2l's "Transposed Convolution" chapter,
article 002 of the sources, PyTorch's DCGAN generator, a U-Net decoder). The Swift test
TutorialScriptTests runs each through `convlab run` and expects this output exactly.
A script must run to its end here: an exception stops the generator.

    /work/main/.venv/bin/python scripts/generate_tutorial_fixtures.py
"""

import pathlib
import sys

import torch

from program_fixtures import run_program

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/tutorials"


def main():
    scripts = sorted(FOLDER.glob("*.py"))
    if not scripts:
        sys.exit(f"no scripts in {FOLDER}")
    for script in scripts:
        torch.set_grad_enabled(True)
        stdout, error, line, _, caught = run_program(script.read_text(), script.name)
        if error:
            sys.exit(f"{script.name}:{line}: {error}")
        if caught:
            sys.exit(f"{script.name} warns: {[str(w.message) for w in caught]}")
        script.with_suffix(".out").write_text(stdout)
        print(f"{script.name}: {stdout.count(chr(10))} lines")
    print(f"{len(scripts)} scripts from PyTorch {torch.__version__} -> {FOLDER}")


if __name__ == "__main__":
    main()
