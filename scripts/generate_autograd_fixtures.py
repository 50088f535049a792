#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/autograd/<category>.json from real PyTorch.

Categories: `chains` (random chains of differentiable operations, `autograd_chains.py`),
`ops` (one case per differentiable operation of the language, `autograd_op_cases.py`),
`conv` (convolutions and transposed convolutions through autograd,
`autograd_conv_cases.py`), and `api`, `errors`, `optim`, `teaching`
(`autograd_api_cases.py`).

Each case is a short program as a user types it. It runs here under PyTorch in a fresh
namespace; what it prints is recorded (object addresses masked as `0x…`), and the first
exception, as "TypeName: message", stops it. Then each of the case's value expressions
(`x.grad`, `g`, ...) is evaluated in the namespace the program left, and its tensor
recorded (dtype, shape, values) or `None`. The Swift test AutogradFixtureTests runs
every case in a fresh ConvLang session: the printout and the error must be PyTorch's
exactly, the values within 1e-5 (float32) or 1e-10 (float64) of PyTorch's, relative to
max(1, max|PyTorch's value|).

    /work/main/.venv/bin/python scripts/generate_autograd_fixtures.py
"""

import json
import math
import pathlib
import random
import re
import sys

import torch

from autograd_api_cases import API, ERRORS, OPTIM, TEACHING
from autograd_chains import chain_program
from autograd_conv_cases import conv_cases
from autograd_op_cases import op_cases
from program_fixtures import exit_on_duplicate_ids, run_program

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/autograd"

CHAINS_FLOAT32 = 130
CHAINS_FLOAT64 = 30


def masked(text):
    return None if text is None else re.sub(r"0x[0-9a-f]+", "0x…", text)


def run(source, default_dtype=torch.float32):
    """Runs `source` under PyTorch with defaults restored around it: (stdout, error, namespace)."""
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(default_dtype)
    torch.set_grad_enabled(True)
    try:
        stdout, error, _, namespace, _ = run_program(source, "<case>", {"__name__": "__case__"})
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
        torch.set_grad_enabled(True)
    return stdout, error, namespace


def evaluate(expression, namespace):
    value = eval(expression, namespace)
    if value is None:
        return None
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{expression} is a {type(value).__name__}, not a tensor or None")
    return value.detach()


def record_value(expression, value, case_id):
    if value is None:
        return {"expression": expression, "dtype": None}
    if not value.dtype.is_floating_point:
        sys.exit(f"{case_id}: {expression} is not floating point")
    values = value.double().reshape(-1).tolist()
    if not all(math.isfinite(v) for v in values):
        sys.exit(f"{case_id}: {expression} is not finite")
    return {"expression": expression, "dtype": str(value.dtype).removeprefix("torch."),
            "shape": list(value.shape), "values": values}


def gradient_distance(a, b):
    """max|a-b| / max(1, max|b|) over tensors (None must match None)."""
    worst = 0.0
    for x, y in zip(a, b):
        if (x is None) != (y is None):
            return math.inf
        if x is None:
            continue
        x, y = x.double(), y.double()
        if x.shape != y.shape:
            return math.inf
        scale = max(1.0, y.abs().max().item()) if y.numel() else 1.0
        worst = max(worst, ((x - y).abs().max().item() if y.numel() else 0.0) / scale)
    return worst


def well_conditioned(source, expressions, dtype):
    """Whether the chain's gradients agree between float32 and float64 (so that any
    accurate implementation lands within the tolerance of PyTorch's)."""
    _, error, namespace = run(source)
    if error:
        return False
    values = [evaluate(e, namespace) for e in expressions]
    if dtype == "float32":
        _, error64, namespace64 = run(source, default_dtype=torch.float64)
        if error64:
            return False
        reference = [evaluate(e, namespace64) for e in expressions]
        return gradient_distance(values, reference) <= 1e-6
    _, error32, namespace32 = run(source.replace("dtype=torch.float64", "dtype=torch.float32"))
    if error32:
        return False
    lower = [evaluate(e, namespace32) for e in expressions]
    return gradient_distance(lower, values) <= 1e-5


def chain_cases():
    cases = []
    seed = 0
    for dtype, count in (("float32", CHAINS_FLOAT32), ("float64", CHAINS_FLOAT64)):
        made = 0
        while made < count:
            seed += 1
            drawn = chain_program(random.Random(seed), dtype, seed)
            if drawn is None:
                continue
            source, expressions = drawn
            if not well_conditioned(source, expressions, dtype):
                continue
            made += 1
            cases.append((f"chain_{dtype}_{made:03d}", source, expressions))
    return cases


def checked_op_cases():
    cases = op_cases()
    for case_id, source, expressions in cases:
        dtype = "float64" if case_id.endswith("_float64") else "float32"
        if not well_conditioned(source, expressions, dtype):
            sys.exit(f"{case_id}: its gradients are not well defined (a kink or a tie)")
    return cases


def write_category(name, cases):
    exit_on_duplicate_ids([(case_id, source) for case_id, source, _ in cases])
    records = []
    for case_id, source, expressions in cases:
        stdout, error, namespace = run(source)
        values = []
        for expression in expressions:
            try:
                value = evaluate(expression, namespace)
            except Exception as e:  # noqa: BLE001 - a broken case must stop the generator
                sys.exit(f"{case_id}: {expression}: {type(e).__name__}: {e}")
            values.append(record_value(expression, value, case_id))
        records.append({"id": case_id, "source": source, "stdout": masked(stdout), "error": masked(error),
                        "values": values})
    output = OUTPUT / f"{name}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"torch": torch.__version__, "cases": records}, indent=1, ensure_ascii=False) + "\n")
    errors = sum(1 for c in records if c["error"])
    checked = sum(len(c["values"]) for c in records)
    print(f"{len(records)} cases ({errors} ending in an error, {checked} values) -> {output}")
    return len(records)


def main():
    total = 0
    total += write_category("chains", chain_cases())
    total += write_category("ops", checked_op_cases())
    total += write_category("conv", conv_cases())
    total += write_category("api", API)
    total += write_category("errors", ERRORS)
    total += write_category("optim", OPTIM)
    total += write_category("teaching", TEACHING)
    print(f"{total} cases in all")


if __name__ == "__main__":
    main()
