#!/usr/bin/env python3
"""Generate Tests/ConvLangTests/Fixtures/views/views.json from real PyTorch.

Each case is a short straight-line ConvLang program (the Python subset that
ConvLab understands).  The script runs every program with PyTorch, records what
it printed and the exception that ended it (if any), and writes the fixture
used by the view/aliasing (TensorImpl/StorageImpl) tests.

    .venv/bin/python scripts/generate_view_fixtures.py

Programs are grouped by the operation they exercise.  Groups whose name starts
with ``error_`` hold programs that must end in an exception; every program in
them declares the exception type and a fragment of its message, and the
exception must be raised by the program's last line.  Programs in every other
group must run to the end.  The script asserts all of that, checks each
program against the ConvLang subset, runs every program twice to make sure its
output is deterministic, and prints a summary.
"""

import ast
import json
import sys
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

from program_fixtures import run_program

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "ConvLangTests" / "Fixtures" / "views" / "views.json"
GENERATOR = "scripts/generate_view_fixtures.py"
MAX_NUMEL = 30  # tensors held by a program stay small

# group name -> list of case dicts {"id", "source", "expect"}
GROUPS = OrderedDict()
_counters = {}


def _lines(x):
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    return list(x)


def add(group, kind, lines, error=None):
    """Register one program.  `lines` are statements (without `import torch`).
    `error` is None or (ExceptionTypeName, message fragment)."""
    key = (group, kind)
    _counters[key] = _counters.get(key, 0) + 1
    case_id = "%s_%s_%02d" % (group, kind, _counters[key])
    source = "\n".join(["import torch"] + _lines(lines)) + "\n"
    GROUPS.setdefault(group, []).append({"id": case_id, "source": source, "expect": error})


def err(group, kind, lines, etype, fragment):
    add(group, kind, lines, error=(etype, fragment))


INTRO_X = "print(x.stride(), x.storage_offset(), x.is_contiguous())"
INTRO_V = "print(v.stride(), v.storage_offset(), v.is_contiguous())"
PTR_DIFF = "print(v.data_ptr() - x.data_ptr())"
PTR_EQ = "print(v.data_ptr() == x.data_ptr())"
STORAGE_EQ = "print(v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())"


def aliasing(base, view, write, ptr=True, extra=()):
    """x = base; view lines (ending with a view `v`); one write; introspection.

    ptr=True prints the byte offset of v in x's storage (only valid when v is a
    view of x and not empty); ptr=False prints whether they share memory."""
    lines = ["x = " + base] + _lines(view) + _lines(write)
    lines += [INTRO_X, INTRO_V]
    lines += [PTR_DIFF] if ptr else [PTR_EQ, STORAGE_EQ]
    lines += ["print(x)", "print(v)"] + _lines(extra)
    return lines


def both_ways(group, specs):
    """Each spec: (base, view, write_through_view, write_through_base[, opts]).
    Makes a `<group>_write_view_NN` and a `<group>_write_base_NN` program."""
    for spec in specs:
        base, view, wv, wb = spec[:4]
        opts = spec[4] if len(spec) > 4 else {}
        add(group, "write_view", aliasing(base, view, wv, **opts))
        add(group, "write_base", aliasing(base, view, wb, **opts))


def read_only(group, specs):
    """Each spec: (base, view, write_through_base[, opts]) -> `<group>_read_NN`."""
    for spec in specs:
        base, view, wb = spec[:3]
        opts = spec[3] if len(spec) > 3 else {}
        add(group, "read", aliasing(base, view, wb, **opts))


F34 = "torch.arange(12.).reshape(3, 4)"
F33 = "torch.arange(9.).reshape(3, 3)"
F23 = "torch.arange(6.).reshape(2, 3)"
F6 = "torch.arange(6.)"
I234 = "torch.arange(24).reshape(2, 3, 4)"
I34 = "torch.arange(12).reshape(3, 4)"
D23 = "torch.arange(6., dtype=torch.float64).reshape(2, 3)"
COPY = {"ptr": False}

# ---------------------------------------------------------------------------
# basic indexing and slicing
# ---------------------------------------------------------------------------
both_ways("view_slice", [
    (F34, "v = x[1]", "v[0] = 7", "x[1, 2] = -1"),
    (F34, "v = x[1:]", "v += 1", "x[2] = 0"),
    (F34, "v = x[:, ::2]", "v[...] = 5", "x[:, 0] += 10"),
    (F34, "v = x[-1]", "v *= 2", "x[-1, -1] = 100"),
    (F34, "v = x[None]", "v[0, 0] = 9", "x[0, 0] = -5"),
    (F34, "v = x[..., 1]", "v[...] = torch.tensor([1., 2., 3.])", "x[0] = -1"),
    (F34, "v = x[1:, None, -2]", "v.fill_(0)", "x[:, 2] = 50"),
    (F34, "v = x[0:3:2, 1:3]", "v[...] = torch.tensor([20., 30.])", "x[2, 1] = -7"),
    (I234, "v = x[1, ::2, 1:]", "v -= 1", "x[1] = 0"),
    (F34, "v = x[:, 1]", "v[0] = 7", "x[:, 1] += 10"),
    (F34, "v = x[1][2]", "v += 100", "x[1][2] = 5"),
    (F34, "v = x[0][1:]", "v[...] = torch.tensor([1., 2., 3.])", "x[0, 3] = 99"),
    (F34, "v = x[..., None]", "v[1, 2, 0] = -3", "x[1] *= 2"),
    (F34, "v = x[:, -3:-1]", "v /= 2", "x[:, 1] = 0"),
    (F34, "v = x[1:2]", "v[0] = torch.tensor([9., 8., 7., 6.])", "x[1, 0] = -9"),
    (F34, "v = x[5:]", "v += 1", "x[2] = 1", {"ptr": False}),
    (D23, "v = x[:, 1:]", "v[0, 0] = 0.5", "x[1, 2] = -2.25"),
    (I234, "v = x[..., 1::2]", "v[1] = 0", "x[0, 0] = -1"),
    (I234, "v = x[-1, 1]", "v[:] = 5", "x[1, 1, 3] = 77"),
    (F34, "v = x[1::1, ::3]", "v[...] = torch.tensor([[1.], [2.]])", "x[1:, 0] = -1"),
])
add("view_slice", "chain_write", ["x = " + F34, "x[0][1] = 5", "x[2][-1] += 10", "print(x)"])
add("view_slice", "chain_write", ["x = " + I234, "x[1][0][2] = -1", "x[0][1][1:3] = 100", "print(x)"])
add("view_slice", "chain_write", ["x = " + F34, "v = x[1]", "v[1:][0] = 42", "print(x)", "print(v)"])
add("view_slice", "chain_view", ["x = " + F34, "v = x[1:][1:]", INTRO_V, PTR_DIFF, "v[0, 0] = -1", "print(x)"])
add("view_slice", "chain_view", ["x = " + F34, "v = x[:, 1:][:, ::2]", INTRO_V, PTR_DIFF, "v[...] = 0", "print(x)"])
add("view_slice", "chain_view", ["x = " + I234, "v = x[1][-1][::3]", INTRO_V, PTR_DIFF, "v[1] = 1000", "print(x)", "print(v)"])
add("view_slice", "shape", ["x = " + I234, "print(x[1].shape)", "print(x[:, None, 1].shape)",
                            "print(x[..., 0].shape)", "print(x[None, ..., None].shape)",
                            "print(x[1, ..., 2:].shape)", "print(x[0, 0, 0].shape)"])
add("view_slice", "shape", ["x = " + F34, "v = x[0, 0]", INTRO_V, "print(v)", "print(v.shape)",
                            "v += 1", "print(x)"])
add("view_slice", "assign_value", ["x = " + F34, "x[:, 1:3] = torch.tensor([-1., -2.])", "print(x)"])
add("view_slice", "assign_value", ["x = " + F34, "x[1:] = torch.tensor([[10.], [20.]])", "print(x)"])
add("view_slice", "assign_value", ["x = " + I34, "x[..., -1] = 0", "x[0] = torch.tensor([5, 6, 7, 8])", "print(x)"])
add("view_slice", "assign_value", ["x = " + F6, "v = x[1:5]", "v[::2] = torch.tensor([100., 200.])", "print(x)", "print(v)"])

# ---------------------------------------------------------------------------
# view
# ---------------------------------------------------------------------------
both_ways("view_view", [
    (F34, "v = x.view(12)", "v[5] = -1", "x[1, 1] = 100"),
    (F34, "v = x.view(-1)", "v += 1", "x[2] = 0"),
    (F34, "v = x.view(2, 6)", "v[1, 0] = 99", "x[0] *= 10"),
    (F34, "v = x.view(2, -1, 2)", "v[0, 1] = torch.tensor([-1., -2.])", "x[1, 3] = 55"),
    (I234, "v = x.view(6, 4)", "v[5] -= 100", "x[1, 2] = 0"),
    (F34, "v = x[1:].view(8)", "v[0] = -4", "x[2, 3] = 44"),
    (F34, "v = x.view(3, 1, 4)", "v[2, 0, 1] = 0.5", "x[:, 0] = 7"),
    (D23, "v = x.view(3, 2)", "v *= 2", "x[0, 0] = 0.125"),
])
add("view_view", "strided", aliasing(F34, "v = x[:, ::2].view(-1)", "v[3] = -1"))
add("view_view", "strided", aliasing(I234, "v = x[:, :, 1::2].view(12)", "x[1, 2, 3] = 0"))
add("view_view", "strided", aliasing(F34, "v = x.t()[:2].view(2, 3, 1)", "v[1, 2, 0] = -1"))
add("view_view", "shape", ["x = " + I234, "v = x.view(-1, 12)", "print(v.shape)", INTRO_V,
                           "w = x.view(4, 3, 2)", "print(w.shape)", "print(torch.equal(v, w.view(2, 12)))"])
add("view_view", "shape", ["x = torch.tensor(5.)", "v = x.view(1, 1)", "print(v)", INTRO_V,
                           "v[0, 0] = 6", "print(x)"])
add("view_view", "shape", ["x = torch.ones(2, 3)", "v = x.view(6)", "print(v.view(6).shape)",
                           "print(x.view(1, 6).stride())", "print(x.view(6, 1).stride())"])

# ---------------------------------------------------------------------------
# reshape / flatten: views when the strides allow, copies otherwise
# ---------------------------------------------------------------------------
both_ways("view_reshape", [
    (F34, "v = x.reshape(4, 3)", "v[0, 2] = -1", "x[2] = 0", {"extra": PTR_EQ}),
    (F34, "v = x.reshape(-1)", "v += 1", "x[0, 0] = 100"),
    (F34, "v = x[1:].reshape(2, 2, 2)", "v[1, 1, 1] = -8", "x[1] = 0"),
    (F34, "v = x.t().reshape(12)", "v[0] = 100", "x[0, 0] = -100", COPY),
    (F34, "v = x[:, 1:3].reshape(6)", "v += 1", "x[:, 1] = 0", COPY),
    (F34, "v = x[:, ::2].reshape(6)", "v += 1", "x[:, 0] = 0"),
    (F34, "v = x.flatten()", "v[3] = 33", "x[0, 3] = -33"),
    (F34, "v = x.t().flatten()", "v.zero_()", "x[1] = 5", COPY),
    (I234, "v = x.flatten(1)", "v[0, 0] = -1", "x[1, 2, 3] = 0"),
    (I234, "v = x.flatten(0, 1)", "v[5] = 0", "x[0, 1] = 9"),
    (I234, "v = x.permute(1, 0, 2).flatten(1)", "v[0, 0] = -1", "x[0, 0, 0] = 500", COPY),
    ("torch.arange(3.).reshape(3, 1)", "v = x.t().reshape(3)", "v[1] = 10", "x[2, 0] = -2"),
    ("torch.tensor([1., 2., 3.])", "v = x.expand(2, 3).reshape(6)", "v[0] = 9", "x[0] = -9", COPY),
    (D23, "v = x.t().reshape(2, 3)", "v[0, 0] = 0.5", "x[0, 0] = 2.5", COPY),
])
add("view_reshape", "shape", ["x = torch.tensor(7.)", "v = x.flatten()", "print(v)", INTRO_V,
                              "v[0] = 8", "print(x)"])
add("view_reshape", "shape", ["x = " + F6, "v = x.flatten()", PTR_EQ, "v[0] = -1", "print(x)"])
add("view_reshape", "shape", ["x = " + F34, "a = x.reshape(2, 6)", "b = x.t().reshape(2, 6)",
                              "print(a)", "print(b)", "print(a.stride(), b.stride())",
                              "print(torch.equal(a, b))"])

# ---------------------------------------------------------------------------
# t / T / mT / transpose / permute
# ---------------------------------------------------------------------------
both_ways("view_transpose", [
    (F34, "v = x.t()", "v[0, 2] = -1", "x[1] = 0"),
    (F34, "v = x.T", "v[3] += 100", "x[2, 3] = -3"),
    (I234, "v = x.mT", "v[1, 0, 2] = -5", "x[0] = 0"),
    (I234, "v = x.transpose(0, 2)", "v[3, 1] = torch.tensor([7, 8])", "x[1, 1] = -1"),
    (I234, "v = x.permute(2, 0, 1)", "v[0] = 0", "x[1, 2, 3] = 99"),
    (F34, "v = x.permute(1, 0)", "v *= -1", "x[0, 1] = 0.5"),
    (F6, "v = x.t()", "v[2] = 20", "x[0] = -1"),
    (F34, "v = x.transpose(-1, -2)", "v[1:3, 0] = 0", "x[2, 2] = 22"),
    (F23, "v = x.mT", "v[:, 1] = torch.tensor([7., 8., 9.])", "x[0, 2] = -2"),
    (I234, "v = x.permute(-1, 0, 1)", "v[-1, -1, -1] = -23", "x[:, :, 0] = 0"),
    ("torch.eye(3)", "v = x.t()", "v[0, 2] = 5", "x[1, 0] = 3"),
])
add("view_transpose", "shape", ["x = " + I234, "print(x.transpose(0, 1).shape, x.transpose(0, 1).stride())",
                                "print(x.permute(2, 1, 0).shape, x.permute(2, 1, 0).stride())",
                                "print(x.mT.shape, x.mT.stride())",
                                "print(x.transpose(1, 1).is_contiguous())"])
add("view_transpose", "shape", ["x = " + F34, "v = x.t().t()", INTRO_V, PTR_EQ, "print(torch.equal(v, x))"])

# ---------------------------------------------------------------------------
# expand / expand_as (reading, and writing into the base)
# ---------------------------------------------------------------------------
read_only("view_expand", [
    ("torch.tensor([1., 2., 3.])", "v = x.expand(2, 3)", "x[0] = 10"),
    ("torch.arange(3.).reshape(3, 1)", "v = x.expand(3, 4)", "x += 1"),
    ("torch.tensor([1., 2., 3.])", "v = x.expand(4, -1)", "x[2] = 0", {"extra": "print(v.shape)"}),
    ("torch.arange(3).reshape(3, 1)", "v = x.expand(-1, 2)", "x[1, 0] = 100"),
    ("torch.tensor(5.)", "v = x.expand(2, 2)", "x += 1"),
    (F23, "v = x[:, None].expand(2, 2, 3)", "x[1, 1] = -4"),
    ("torch.ones(1, 3)", "v = x.expand_as(torch.zeros(4, 3))", "x[0, 1] = 2"),
    ("torch.tensor([1., 2.])", "v = x.expand(3, 2).t()", "x.mul_(5)"),
])
add("view_expand", "copy", ["x = torch.tensor([1., 2., 3.])", "e = x.expand(2, 3)", "c = e.clone()",
                            "print(c.stride(), e.stride())", "c[0, 0] = 100", "print(c)", "print(x)"])
add("view_expand", "copy", ["x = torch.tensor([1., 2., 3.])", "e = x.expand(2, 3)", "c = e.contiguous()",
                            "print(c.stride(), c.is_contiguous(), e.is_contiguous())", "c += 1",
                            "print(c)", "print(e)"])
add("view_expand", "copy", ["x = torch.tensor([1., 2., 3.])", "e = x.expand(2, 3)", "y = e + 1",
                            "print(y)", "print(y.stride())", "print(e * e)"])

# Writing a Python scalar into an expanded tensor is a fill, which PyTorch does
# not check for overlap (filling is idempotent); tensor writes are checked (see
# error_expand_write).
EXP = ["x = torch.zeros(3)", "e = x.expand(2, 3)"]
add("view_expand", "fill", EXP + ["e[0, 0] = 1", "print(e)", "print(x)"])
add("view_expand", "fill", EXP + ["e.fill_(2)", "print(e)", "print(x)", "print(e.stride())"])
add("view_expand", "fill", ["x = " + F6, "e = x.expand(2, 6)", "e.zero_()", "print(e)", "print(x)"])
add("view_expand", "fill", EXP + ["e[:] = 5", "print(e)", "print(x)"])
add("view_expand", "fill", EXP + ["e[:, 1] = -1", "print(e)", "print(x)"])
add("view_expand", "fill", EXP + ["e[1] = torch.tensor([1., 2., 3.])", "print(e)", "print(x)"])

# ---------------------------------------------------------------------------
# squeeze / unsqueeze
# ---------------------------------------------------------------------------
S213 = "torch.arange(6.).reshape(2, 1, 3)"
both_ways("view_squeeze", [
    (S213, "v = x.squeeze()", "v[1, 1] = -1", "x[0, 0, 2] = 20"),
    (S213, "v = x.squeeze(1)", "v += 1", "x[1] = 0"),
    (S213, "v = x.squeeze(0)", "v[0, 0, 0] = 100", "x[1, 0, 1] = -4"),
    (F34, "v = x.unsqueeze(0)", "v[0, 2] = 0", "x[0, 0] = 5"),
    (F34, "v = x.unsqueeze(-1)", "v[1, 1, 0] = 44", "x[2] *= 2"),
    (F34, "v = x.unsqueeze(1)", "v[:, 0, 0] = -1", "x[1, 3] = 0.5"),
    ("torch.arange(4.).reshape(1, 4, 1)", "v = x.squeeze((0, 2))", "v[3] = 30", "x[0, 1, 0] = 10"),
    ("torch.tensor([[3.]])", "v = x.squeeze()", "v += 1", "x[0, 0] = 9"),
    (F6, "v = x.unsqueeze(1).unsqueeze(0)", "v[0, 4, 0] = -4", "x[0] = 11"),
])
add("view_squeeze", "shape", ["x = torch.zeros(1, 2, 1, 3)", "print(x.squeeze().shape, x.squeeze().stride())",
                              "print(x.squeeze(2).shape, x.squeeze(2).stride())",
                              "print(x.squeeze(-1).shape)", "print(x.unsqueeze(4).shape, x.unsqueeze(4).stride())",
                              "print(x.unsqueeze(-5).stride())"])

# ---------------------------------------------------------------------------
# narrow / select
# ---------------------------------------------------------------------------
both_ways("view_narrow_select", [
    (F34, "v = x.narrow(0, 1, 2)", "v[0, 0] = -1", "x[2] = 0"),
    (F34, "v = x.narrow(1, 1, 2)", "v += 10", "x[:, 1] = 0"),
    (F34, "v = x.narrow(-1, 3, 1)", "v[...] = 7", "x[1, 3] = -3"),
    (F6, "v = x.narrow(0, 2, 3)", "v.mul_(2)", "x[4] = 40"),
    (F34, "v = x.select(0, 1)", "v[2] = 99", "x[1] += 1"),
    (F34, "v = x.select(1, -1)", "v.zero_()", "x[0, 3] = 8"),
    (I234, "v = x.select(2, 2)", "v[1, 1] = 0", "x[:, :, 2] = 1"),
    (I234, "v = x.select(0, 1).narrow(1, 1, 2)", "v -= 100", "x[1, 0, 1] = 5"),
])

# ---------------------------------------------------------------------------
# unbind / split / chunk (tuple unpacking)
# ---------------------------------------------------------------------------
both_ways("view_unbind_split", [
    (F34, "a, v, c = x.unbind(0)", "v[1] = -1", "x[1, 3] = 30"),
    (F34, "a, b, v, d = x.unbind(1)", "v += 100", "x[0] = 0"),
    (F34, "v, b = x.split(2)", "v[1, 1] = -5", "x[1] = 7"),
    (F34, "a, v = x.split(2)", "v *= 2", "x[2, 0] = -1"),
    (F34, "a, v = x.split([1, 3], dim=1)", "v[0] = 0", "x[:, 2] = 9"),
    (F34, "v, b = x.chunk(2, dim=1)", "v.fill_(1)", "x[2, 1] = 33"),
    (I234, "a, b, v = x.chunk(3, 1)", "v[0, 0] = -1", "x[1, 2] = 0"),
    (F6, "a, v, c = x.split(2)", "v[0] = 10", "x[3] = -3"),
    (I234, "a, v = x.unbind()", "v[2, 3] = 0", "x[1, 0, 0] = -12"),
])
add("view_unbind_split", "pieces", ["x = " + F34, "a, b, c = x.unbind(0)", "a += 1", "c[0] = -1", "print(x)",
                                    "print(b.data_ptr() - a.data_ptr(), c.data_ptr() - a.data_ptr())",
                                    "print(b.stride(), b.storage_offset())"])
add("view_unbind_split", "pieces", ["x = " + F34, "a, b = x.chunk(2, 1)", "a.zero_()", "b.neg_()", "print(x)",
                                    "print(a.stride(), a.storage_offset(), b.stride(), b.storage_offset())"])
add("view_unbind_split", "pieces", ["x = " + F6, "p = x.split(4)", "print(p)", "p[1][0] = -4", "print(x)"])
add("view_unbind_split", "pieces", ["x = " + I234, "a, b = x.split([3, 1], 2)", "print(a.shape, b.shape)",
                                    "print(b.stride(), b.storage_offset(), b.is_contiguous())", "b += 1000",
                                    "print(x)"])
add("view_unbind_split", "pieces", ["x = " + F34, "a, b, c = x.chunk(3)", "print(torch.equal(b, x[1:2]))",
                                    "print(c.storage_offset())", "c[0, 0] = 0", "print(x)"])

# ---------------------------------------------------------------------------
# diagonal
# ---------------------------------------------------------------------------
both_ways("view_diagonal", [
    (F33, "v = x.diagonal()", "v.fill_(-1)", "x[1, 1] = 100"),
    (F34, "v = x.diagonal(1)", "v += 10", "x[0, 1] = 0"),
    (F34, "v = x.diagonal(-1)", "v[1] = 0", "x[1, 0] = -5"),
    (F34, "v = x.diagonal(offset=2)", "v *= 0", "x[1, 3] = 13"),
    (I234, "v = x.diagonal(0, 1, 2)", "v[1, 2] = -1", "x[0, 1, 1] = 500"),
    (I234, "v = x.diagonal(offset=1, dim1=0, dim2=2)", "v -= 1", "x[0, 2, 1] = 0"),
    ("torch.eye(3)", "v = x.diagonal()", "v[...] = torch.tensor([2., 3., 4.])", "x.mul_(7)"),
])
add("view_diagonal", "shape", ["x = " + I234, "print(x.diagonal().shape, x.diagonal().stride())",
                               "print(x.diagonal(dim1=1, dim2=2).shape)", "print(x.diagonal(3, 1, 2).shape)",
                               "print(x.diagonal(5, 1, 2).shape)", "print(x.diagonal(5, 1, 2).storage_offset())"])

# ---------------------------------------------------------------------------
# unfold
# ---------------------------------------------------------------------------
both_ways("view_unfold", [
    ("torch.arange(8.)", "v = x.unfold(0, 2, 2)", "v[1] = -1", "x[5] = 50"),
    (F34, "v = x.unfold(1, 2, 2)", "v[0, 1, 0] = 100", "x[2] = 0"),
    (F34, "v = x.unfold(0, 1, 2)", "v += 1", "x[2, 2] = -2"),
])
read_only("view_unfold", [
    ("torch.arange(8.)", "v = x.unfold(0, 3, 2)", "x[2] = 100"),
    ("torch.arange(6.)", "v = x.unfold(0, 3, 1)", "x[3] = -1", {"extra": "print(v.shape)"}),
    (F34, "v = x.unfold(1, 3, 1)", "x[1, 2] = 0"),
    (I234, "v = x[0].unfold(1, 2, 1)", "x[0, 0, 1] = -1", {"extra": "print(v.shape)"}),
])

# ---------------------------------------------------------------------------
# as_strided
# ---------------------------------------------------------------------------
both_ways("view_as_strided", [
    (F34, "v = x.as_strided((2, 2), (1, 2))", "v[1, 1] = -1", "x[0, 1] = 50"),
    (F34, "v = x.as_strided((2, 3), (4, 1), 1)", "v += 100", "x[1, 2] = 0"),
    (F34, "v = x[1:].as_strided((2, 2), (4, 1))", "v[0, 0] = -4", "x[2, 0] = 80"),
    (F34, "v = x[1:].as_strided((2, 2), (4, 1), 0)", "v.zero_()", "x[0, 0] = 7"),
    (F6, "v = x.as_strided((3,), (2,), 1)", "v[...] = torch.tensor([10., 30., 50.])", "x[5] = -5"),
])
read_only("view_as_strided", [
    (F6, "v = x.as_strided((3, 2), (1, 1))", "x[2] = 20"),
    (F6, "v = x.as_strided((2, 3), (0, 1), 3)", "x[4] = 0"),
])

# ---------------------------------------------------------------------------
# movedim / view_as / expand_as
# ---------------------------------------------------------------------------
both_ways("view_movedim_as", [
    (I234, "v = x.movedim(0, -1)", "v[1, 2] = torch.tensor([-1, -2])", "x[1, 0, 0] = 0"),
    (I234, "v = x.movedim((0, 1), (2, 0))", "v[0] += 100", "x[0, 2] = 5"),
    (F34, "v = x.movedim(1, 0)", "v[3, 0] = 0.5", "x[2] = -2"),
    (F34, "v = x.view_as(torch.zeros(2, 6))", "v[1, 5] = 0", "x[0, 0] = 99"),
    (F23, "v = x.t().view_as(torch.zeros(3, 2))", "v[2, 1] = 9", "x[0, 0] = 1.5"),
])
read_only("view_movedim_as", [
    ("torch.tensor([[1.], [2.]])", "v = x.expand_as(torch.ones(2, 3))", "x[1, 0] = 20"),
])

# ---------------------------------------------------------------------------
# .data / detach()
# ---------------------------------------------------------------------------
both_ways("view_data_detach", [
    (F34, "v = x.data", "v[0, 0] = -1", "x[1] = 0", {"extra": "print(v.shape)"}),
    (F34, "v = x.detach()", "v += 1", "x[2, 3] = 100"),
    (F34, "v = x[1:].detach()", "v.zero_()", "x[1, 1] = 5"),
    (F34, "v = x.t().data", "v[0] = 7", "x[2, 0] = -1"),
    (I234, "v = x.detach()[1]", "v *= 2", "x[1, 0] = 0"),
])

# ---------------------------------------------------------------------------
# contiguous() and clone()
# ---------------------------------------------------------------------------
both_ways("view_contiguous_clone", [
    (F34, "v = x.contiguous()", "v[0, 0] = 100", "x[1] = -1", {"extra": PTR_EQ}),
    (F34, "v = x[1:].contiguous()", "v += 1", "x[2, 2] = 0"),
    (F34, "v = x.t().contiguous()", "v[0, 0] = 100", "x[1] = -1", COPY),
    (F34, "v = x[:, 1:3].contiguous()", "v.zero_()", "x[:, 1] = 5", COPY),
    (F34, "v = x.clone()", "v[0, 0] = 100", "x[1] = -1", COPY),
    (F34, "v = x.t().clone()", "v[1, 0] = -3", "x[0, 0] = 50", COPY),
    (I234, "v = x.permute(2, 0, 1).clone()", "v[0] = 0", "x[0, 0, 0] = -1", COPY),
    (F34, "v = x[:, ::2].clone()", "v += 1", "x[0, 0] = 9", COPY),
    (F34, "v = x.t().clone(memory_format=torch.contiguous_format)", "v[0, 1] = 0", "x[1, 0] = -1", COPY),
])
add("view_contiguous_clone", "stride", ["x = " + F34, "print(x.t().clone().stride())",
                                        "print(x.t().contiguous().stride())",
                                        "print(x[:, 1:].clone().stride())",
                                        "print(x.t().clone().is_contiguous())",
                                        "print(x.unsqueeze(1).clone().stride())"])
add("view_contiguous_clone", "stride", ["x = " + I234, "print(x.transpose(0, 2).clone().stride())",
                                        "print(x.mT.clone().stride())", "print(x[:, 1].clone().stride())",
                                        "print(x.diagonal(0, 1, 2).clone().stride())"])

# ---------------------------------------------------------------------------
# chains of two or three view ops
# ---------------------------------------------------------------------------
both_ways("view_chain", [
    (F34, "v = x.t()[1:]", "v[0, 0] = -1", "x[0, 2] = 20"),
    (F34, "v = x.view(2, 6)[:, 1::2]", "v += 100", "x[1] = 0"),
    (F34, "v = x[1:].t()[::2]", "v[1, 0] = 0", "x[1, 2] = -5"),
    (I234, "v = x.transpose(0, 1)[1].unsqueeze(0)", "v[0, 1, 3] = -1", "x[1, 1] = 0"),
    (I234, "v = x[:, 1:].permute(2, 0, 1).narrow(0, 1, 2)", "v.zero_()", "x[0, 1, 1] = 500"),
    (F34, "v = x.unsqueeze(0).transpose(0, 2)", "v[2, 1, 0] = 0", "x[1, 2] = 3"),
    (F34, "v = x.view(12)[2:10].view(2, 4)", "v[1, 3] = -9", "x[0, 2] = -2"),
    (F34, "v = x.diagonal(1).unsqueeze(1)", "v[2, 0] = 0", "x[0, 1] = 100"),
    (F34, "v = x.narrow(1, 1, 3).select(0, 2).view(3, 1)", "v -= 8", "x[2, 3] = 0"),
    (I234, "v = x.flatten(0, 1)[::2].t()", "v[0] = 0", "x[1, 0, 0] = -12"),
    (F34, "v = x.t().reshape(12)[::4]", "v[0] = 100", "x[0, 0] = -1", COPY),
    (F34, "v = x[None].expand(2, 3, 4)[1]", "v[0, 0] = 99", "x[0, 0] = 7"),
    (F23, "v = x.mT.unfold(0, 2, 1).select(2, 1)", "v[0, 0] = -5", "x[0, 1] = 10"),
])
read_only("view_chain", [
    (F34, "v = x[1].unsqueeze(0).expand(3, 4)", "x[1] = 0"),
    ("torch.arange(3.)", "v = x.unsqueeze(1).expand(3, 2).t()", "x += 1"),
])

# ---------------------------------------------------------------------------
# writes: augmented assignment and in-place methods, through views
# ---------------------------------------------------------------------------
def write(kind, view, stmt, base=F34, extra=()):
    add("write", kind, aliasing(base, view, stmt, extra=extra))


write("setitem_scalar", "v = x[:, 1:3]", "v[...] = 0.5")
write("setitem_scalar", "v = x[1]", "v[:] = -1")
write("setitem_scalar", "v = x.t()", "v[0] = 7")
write("setitem_tensor", "v = x[1:]", "v[...] = torch.tensor([1., 2., 3., 4.])")
write("setitem_tensor", "v = x.t()", "v[1:3] = torch.tensor([[10.], [20.], [30.]]).t()")
write("setitem_tensor", "v = x[:, ::3]", "v[...] = torch.tensor([-1, -2])")
write("augassign", "v = x[1:, 1:]", "v += 1")
write("augassign", "v = x[1:, 1:]", "v -= 1")
write("augassign", "v = x.t()", "v *= 2")
write("augassign", "v = x[:, 2]", "v /= 2")
write("augassign", "v = x[0]", "v += torch.tensor([1., 2., 3., 4.])")
write("augassign", "v = x[1:]", "v *= torch.tensor([[2.], [-1.]])")
write("augassign", "v = x.t()", "v[:, 1] += 10")
write("augassign", "v = x[1:]", "x[:, 1] += 10")
write("augassign", "v = x[0]", "x[0] += 2")
write("augassign", "v = x[:, 1]", "x[:, 1] *= 3")
write("augassign", "v = x[1]", "v[1:3] -= torch.tensor([0.5, 0.25])")
write("augassign", "v = x[1]", "x[0][1] = 5")
write("augassign", "v = x.view(12)", "v += torch.arange(12)", I34)
write("add_", "v = x[1:]", "v.add_(1)")
write("add_", "v = x[:, 1:3]", "v.add_(torch.tensor([10., 20.]), alpha=2)")
write("sub_", "v = x.t()", "v.sub_(1)")
write("sub_", "v = x[0]", "v.sub_(torch.ones(4), alpha=3)")
write("mul_", "v = x[:, ::2]", "v.mul_(-1)")
write("mul_", "v = x[1:]", "v.mul_(torch.tensor([[0.], [1.]]))")
write("div_", "v = x[2]", "v.div_(4)")
write("div_", "v = x.t()", "v.div_(torch.tensor([1., 2., 4.]))")
write("pow_", "v = x[1:, :2]", "v.pow_(2)")
write("pow_", "v = x[0]", "v.pow_(3)", I34)
write("zero_", "v = x.diagonal()", "v.zero_()")
write("fill_", "v = x[:, -1]", "v.fill_(-7)")
write("fill_", "v = x[1]", "v.fill_(2.5)", I34)
write("copy_", "v = x[1:]", "v.copy_(torch.ones(2, 4))")
write("copy_", "v = x.t()", "v.copy_(torch.tensor([1., 2., 3.]))")
write("copy_", "v = x[0]", "v.copy_(torch.tensor([9, 8, 7, 6]))")
write("copy_", "v = x[:, 0]", "v.copy_(x[:, 3])")
write("clamp_", "v = x[1:]", "v.clamp_(min=6)")
write("clamp_", "v = x.t()", "v.clamp_(max=3)")
write("clamp_", "v = x[:, 1:]", "v.clamp_(2, 9)")
write("masked_fill_", "v = x[1:]", "v.masked_fill_(v > 5, 0)")
write("masked_fill_", "v = x.t()", "v.masked_fill_(x.t() < 3, -1)")
write("masked_fill_", "v = x[0]", "x.masked_fill_(x > 9, 100)")
write("abs_", "v = x[1]", "v.sub_(6).abs_()")
write("neg_", "v = x[:, 1:3]", "v.neg_()")
write("neg_", "v = x.t()", "v[1].neg_()", I34)
write("t_", "v = x[1:]", "v.t_()")
write("transpose_", "v = x.unsqueeze(0)", "v.transpose_(0, 2)")
write("squeeze_", "v = x[1:2]", "v.squeeze_()")
write("squeeze_", "v = x.unsqueeze(1)", "v.squeeze_(1)")
write("unsqueeze_", "v = x[1]", "v.unsqueeze_(0)")
write("unsqueeze_", "v = x.t()", "v.unsqueeze_(-1)")
add("write", "t_", ["x = " + F34, "x.t_()", INTRO_X, "print(x)", "x[0] = 0", "print(x)"])
add("write", "squeeze_", ["x = torch.arange(6).reshape(2, 1, 3, 1)", "x.squeeze_()", INTRO_X, "print(x)"])
add("write", "transpose_", ["x = " + I234, "x.transpose_(0, 2)", INTRO_X, "print(x.shape)", "print(x[1])"])
add("write", "returns_self", ["x = " + F34, "v = x[1:]", "r = v.add_(1)", "print(r.data_ptr() == v.data_ptr())",
                              "print(r.stride(), r.storage_offset())", "r[0, 0] = -1", "print(x)", "print(v)"])
add("write", "returns_self", ["x = " + F34, "v = x.t()", "r = v.mul_(2).sub_(1)", "print(r.data_ptr() == v.data_ptr())",
                              "print(r.stride())", "print(x)"])
add("write", "returns_self", ["x = " + F34, "v = x[0]", "r = v.t_()", "print(r.data_ptr() == v.data_ptr())",
                              "r.zero_()", "print(x)"])
add("write", "returns_self", ["x = " + F34, "v = x[1]", "r = v.unsqueeze_(0)", "print(r.shape, v.shape, x.shape)",
                              "print(r.data_ptr() - x.data_ptr())"])
add("write", "returns_self", ["x = " + F34, "r = x.clamp_(min=2, max=8)", "print(r.data_ptr() == x.data_ptr())",
                              "print(r)"])
add("write", "returns_self", ["x = " + F34, "r = x[:, 1].fill_(0)", "print(r)", "print(x)",
                              "print(r.data_ptr() - x.data_ptr())"])
add("write", "promote_ok", ["x = " + F34, "v = x[1]", "v += torch.tensor([1, 2, 3, 4])", "print(x)", "print(v.dtype)"])
add("write", "promote_ok", ["x = " + F34, "x.add_(torch.arange(4))", "x.mul_(torch.tensor(2))", "print(x)"])
add("write", "promote_ok", ["x = " + D23, "v = x[0]", "v += torch.tensor([0.5, 0.25, 0.125])", "print(x)"])
add("write", "promote_ok", ["x = " + I34, "v = x[1]", "v *= 2", "v //= 3", "print(x)"])

# ---------------------------------------------------------------------------
# names: aliasing of Python names vs out-of-place ops
# ---------------------------------------------------------------------------
add("names", "alias", ["x = " + F34, "y = x", "y += 1", "print(x)", "print(y.data_ptr() == x.data_ptr())"])
add("names", "alias", ["x = " + F34, "y = x", "y = y + 1", "print(x)", "print(y)",
                       "print(y.data_ptr() == x.data_ptr())"])
add("names", "alias", ["x = " + F34, "y = x", "y[0] = 5", "print(x)"])
add("names", "alias", ["x = " + I34, "a = x", "b = a", "b.zero_()", "print(x)"])
add("names", "alias", ["x = " + I34, "y = x", "y *= 2", "y = y * 2", "print(x)", "print(y)"])
add("names", "view", ["x = " + F34, "y = x[0]", "y = y * 2", "print(x)", "print(y)"])
add("names", "view", ["x = " + F34, "y = x[0]", "y *= 2", "print(x)", "print(y)"])
add("names", "view", ["x = " + F34, "v = x[1]", "x = torch.zeros(2)", "v += 1", "print(x)", "print(v)"])
add("names", "view", ["x = " + F34, "v = x.t()", "x += 1", "print(v)", "x = x + 1", "x[0] = 0", "print(v)"])

# ---------------------------------------------------------------------------
# error cases (each ends in the declared exception on its last line)
# ---------------------------------------------------------------------------
OVERLAP = "more than one element of the written-to tensor refers to a single memory location"
PARTIAL = "some elements of the input tensor and the written-to tensor refer to a single memory location"
VIEWSTRIDE = "view size is not compatible with input tensor's size and stride"

E = "error_expand_write"
err(E, "setitem", ["e = torch.zeros(3).expand(2, 3)", "print(e)", "e[...] = torch.tensor(4.)"], "RuntimeError", OVERLAP)
err(E, "setitem", ["x = torch.tensor([1., 2.])", "e = x.expand(3, 2)", "e[:, 0] = torch.tensor([7., 8., 9.])"],
    "RuntimeError", OVERLAP)
err(E, "add_", ["e = torch.zeros(3).expand(2, 3)", "e.add_(1)"], "RuntimeError", OVERLAP)
err(E, "augassign", ["x = torch.tensor([1., 2.])", "e = x.expand(3, 2)", "e += 1"], "RuntimeError", OVERLAP)
err(E, "mul_", ["x = torch.arange(3.).reshape(3, 1)", "e = x.expand(3, 2)", "print(e.stride())", "e.mul_(2)"],
    "RuntimeError", OVERLAP)
err(E, "copy_", ["e = torch.zeros(3).expand(2, 3)", "e.copy_(torch.ones(2, 3))"], "RuntimeError", OVERLAP)
err(E, "setitem", ["e = torch.zeros(3).expand(2, 3)", "e[...] = torch.ones(2, 3)"], "RuntimeError", OVERLAP)
err(E, "clamp_", ["x = torch.tensor(5.)", "e = x.expand(2, 2)", "e.clamp_(max=1)"], "RuntimeError", OVERLAP)
err(E, "neg_", ["x = torch.ones(1, 3)", "e = x.expand_as(torch.zeros(2, 3)).t()", "e.neg_()"],
    "RuntimeError", OVERLAP)

E = "error_partial_overlap"
err(E, "setitem", ["x = " + F6, "x[1:] = x[:-1]"], "RuntimeError", PARTIAL)
err(E, "copy_", ["x = " + F6, "x[:4].copy_(x[2:])"], "RuntimeError", PARTIAL)

E = "error_view_stride"
err(E, "view", ["x = " + F34, "x.t().view(12)"], "RuntimeError", VIEWSTRIDE)
err(E, "view", ["x = " + F34, "v = x[:, ::3]", "print(v.stride())", "v.view(-1)"], "RuntimeError", VIEWSTRIDE)
err(E, "view", ["x = " + F34, "x[:, 1:3].view(6)"], "RuntimeError", VIEWSTRIDE)
err(E, "view", ["x = " + I234, "x.permute(1, 0, 2).view(3, 8)"], "RuntimeError", VIEWSTRIDE)
err(E, "view", ["x = torch.tensor([1., 2., 3.])", "x.expand(2, 3).view(6)"], "RuntimeError", VIEWSTRIDE)

E = "error_dtype_inplace"
err(E, "augassign", ["x = " + I34, "x += 1.5"], "RuntimeError", "result type Float can't be cast to the desired output type Long")
err(E, "add_", ["x = " + I34, "v = x[1]", "v.add_(0.5)"], "RuntimeError", "result type Float can't be cast to the desired output type Long")
err(E, "mul_", ["x = " + I34, "x.mul_(torch.tensor(2.))"], "RuntimeError", "result type Float can't be cast to the desired output type Long")
err(E, "augassign", ["x = torch.tensor([True, False])", "x += 1"], "RuntimeError", "result type Long can't be cast to the desired output type Bool")
err(E, "div_", ["x = torch.arange(4).int()", "x.div_(2)"], "RuntimeError", "result type Float can't be cast to the desired output type Int")
err(E, "augassign", ["x = " + I34, "v = x.t()", "v /= 2"], "RuntimeError", "result type Float can't be cast to the desired output type Long")
err(E, "sub_", ["x = torch.ones(3, dtype=torch.uint8)", "x.sub_(torch.ones(3))"], "RuntimeError", "result type Float can't be cast to the desired output type Byte")

E = "error_inplace_shape"
err(E, "add_", ["torch.zeros(3).add_(torch.ones(2, 3))"], "RuntimeError", "output with shape [3] doesn't match the broadcast shape [2, 3]")
err(E, "augassign", ["x = " + F34, "v = x[0]", "v += torch.ones(2, 4)"], "RuntimeError", "output with shape [4] doesn't match the broadcast shape [2, 4]")
err(E, "setitem", ["x = " + F34, "x[0] = torch.ones(3)"], "RuntimeError", "The expanded size of the tensor (4) must match the existing size (3)")
err(E, "copy_", ["x = " + F34, "x.copy_(torch.ones(4, 3))"], "RuntimeError", "The size of tensor a (4) must match the size of tensor b (3)")

E = "error_index"
err(E, "neg_step", ["x = " + F34, "x[::-1]"], "ValueError", "step must be greater than zero")
err(E, "neg_step", ["x = " + F34, "v = x[:, ::-2]"], "ValueError", "step must be greater than zero")
err(E, "out_of_range", ["x = " + F34, "x[3]"], "IndexError", "index 3 is out of bounds for dimension 0 with size 3")
err(E, "out_of_range", ["x = " + F34, "x[0, -5] = 1"], "IndexError", "index -5 is out of bounds for dimension 1 with size 4")
err(E, "too_many", ["x = " + F34, "x[0, 0, 0]"], "IndexError", "too many indices for tensor of dimension 2")

E = "error_view_args"
err(E, "narrow", ["x = " + F34, "x.narrow(0, 2, 3)"], "RuntimeError", "exceeds dimension size")
err(E, "narrow", ["x = " + F34, "x.narrow(2, 0, 1)"], "IndexError", "Dimension out of range")
err(E, "select", ["x = " + F34, "x.select(0, 5)"], "IndexError", "select(): index 5 out of range")
err(E, "select", ["x = " + F34, "x.select(1, -5)"], "IndexError", "select(): index -5 out of range")
err(E, "diagonal", ["x = " + F34, "x.diagonal(dim1=0, dim2=0)"], "RuntimeError", "diagonal dimensions cannot be identical")
err(E, "diagonal", ["x = " + F34, "x.diagonal(0, 0, 2)"], "IndexError", "Dimension out of range")
err(E, "unfold", ["x = " + F34, "x.unfold(1, 5, 1)"], "RuntimeError", "maximum size for tensor at dimension 1 is 4 but size is 5")
err(E, "unfold", ["x = " + F34, "x.unfold(0, 2, 0)"], "RuntimeError", "step is 0 but must be > 0")
err(E, "as_strided", ["x = " + F34, "x.as_strided((3, 4), (4, 1), 5)"], "RuntimeError", "out of bounds for storage of size 48")
err(E, "movedim", ["x = " + F34, "x.movedim(0, 2)"], "IndexError", "Dimension out of range")
err(E, "split", ["x = " + F34, "x.split(2, 2)"], "IndexError", "Dimension out of range")
err(E, "split", ["x = " + F34, "x.split([1, 1], 0)"], "RuntimeError", "split_with_sizes expects split_sizes to sum exactly to 3")
err(E, "chunk", ["x = " + F34, "x.chunk(0)"], "RuntimeError", "chunk expects `chunks` to be greater than 0, got: 0")
err(E, "unbind", ["x = " + F34, "a, b = x.unbind(0)"], "ValueError", "too many values to unpack")
err(E, "view", ["x = " + F34, "x.view(5, 3)"], "RuntimeError", "shape '[5, 3]' is invalid for input of size 12")
err(E, "view", ["x = " + F34, "x.view(-1, -1)"], "RuntimeError", "only one dimension can be inferred")
err(E, "reshape", ["x = " + F34, "x.reshape(5, -1)"], "RuntimeError", "shape '[5, -1]' is invalid for input of size 12")
err(E, "expand", ["torch.zeros(3).expand(2, 4)"], "RuntimeError", "The expanded size of the tensor (4) must match the existing size (3)")
err(E, "expand", ["x = " + F34, "x.expand(4)"], "RuntimeError", "the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)")
err(E, "permute", ["x = " + F34, "x.permute(0, 0)"], "RuntimeError", "duplicate dims are not allowed")
err(E, "transpose", ["x = " + F34, "x.transpose(0, 2)"], "IndexError", "Dimension out of range")
err(E, "t_", ["x = " + I234, "x.t_()"], "RuntimeError", "t_() expects a tensor with <= 2 dimensions, but self is 3D")
err(E, "t", ["x = " + I234, "x.t()"], "RuntimeError", "t() expects a tensor with <= 2 dimensions, but self is 3D")
err(E, "squeeze_", ["x = " + I234, "x.squeeze_(3)"], "IndexError", "Dimension out of range")
err(E, "unsqueeze", ["x = " + F34, "x.unsqueeze(3)"], "IndexError", "Dimension out of range")
err(E, "mT", ["x = " + F6, "x.mT"], "RuntimeError", "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.")

E = "error_inplace_args"
err(E, "masked_fill_", ["x = " + F34, "x.masked_fill_(x.float(), 0)"], "RuntimeError", "masked_fill_ only supports boolean masks")
err(E, "clamp_", ["x = " + F34, "x.clamp_()"], "RuntimeError", "At least one of 'min' or 'max' must not be None")
err(E, "pow_", ["x = " + I34, "x.pow_(-1)"], "RuntimeError", "Integers to negative integer powers are not allowed")
err(E, "int_overflow", ["x = torch.tensor(2**63)"], "ValueError", "Overflow when unpacking long long")

# ---------------------------------------------------------------------------
# exact 64-bit integers
# ---------------------------------------------------------------------------
G = "ints"
BIG = "torch.tensor(9007199254740993)"
add(G, "literal", ["x = " + BIG, "print(x)", "print(x.dtype, x.item())"])
add(G, "literal", ["x = torch.tensor(2**62 - 1)", "print(x)", "print(x.item())"])
add(G, "literal", ["x = torch.tensor([2**62 - 1, 1])", "print(x)", "print(x.tolist())"])
add(G, "literal", ["x = torch.tensor([1, -9007199254740993, 12])", "print(x)", "print(x[1].item())"])
add(G, "literal", ["x = torch.tensor(2**63 - 1)", "print(x)", "y = torch.tensor(-2**63)", "print(y)"])
add(G, "arith", ["x = torch.tensor(2**62) * 2", "print(x)", "print(x.item())"])
add(G, "arith", ["x = torch.tensor(2**63 - 1) + 1", "print(x)", "print(x - 1)"])
add(G, "arith", ["x = " + BIG + " + 1", "print(x)", "print(x.item())"])
add(G, "arith", ["x = " + BIG, "print(x // 2)", "print(x % 10)", "print(x // 7, x % 7)"])
add(G, "arith", ["x = " + BIG, "print(x * 3)", "print(x - 2**53)", "print(-x)"])
add(G, "arith", ["x = torch.tensor([-7, 7])", "print(x // 2)", "print(x % 3)", "print(x // -2, x % -3)"])
add(G, "arith", ["x = torch.tensor([2**62, 2**62 - 1])", "print(x.sum())", "print(x.max(), x.min())",
                 "print((x * 4).tolist())"])
add(G, "full", ["x = torch.full((2,), 9007199254740993)", "print(x)", "print(x.dtype)", "print(x.tolist())"])
add(G, "arange", ["x = torch.arange(9007199254740990, 9007199254740995)", "print(x)", "print(x.tolist())"])
add(G, "arange", ["x = torch.arange(9007199254740990, 9007199254740995)", "v = x[1::2]", "v += 1",
                  "print(x)", "print(v.stride(), v.storage_offset())", PTR_DIFF])
add(G, "convert", ["x = " + BIG, "print(x.float())", "print(x.double())", "print(x.double().item())"])
add(G, "convert", ["x = torch.tensor([9007199254740993, 9007199254740992])", "print(x[0] == x[1])",
                   "print(x.double()[0] == x.double()[1])", "print(torch.equal(x[0], x[1]))"])
add(G, "convert", ["x = torch.tensor(2**62 - 1)", "print(x.int())", "print(x.to(torch.int16))"])
add(G, "view", ["x = torch.tensor([[2**62, 1], [2, -2**62]])", "v = x.t()", "v[0, 1] = 9007199254740993",
                "print(x)", "print(v)", "print(v.sum(0))"])
add(G, "item", ["x = torch.tensor([[9007199254740993, 2], [3, 4]])", "print(x[0, 0].item())",
                "print(x.tolist())", "print(x[:, 0].tolist())"])
add(G, "item", ["x = torch.tensor(123456789012345678)", "print(x + x)", "print(x * 10)", "print((x * 100).item())"])

# ---------------------------------------------------------------------------
# other dtypes: conversion, printing, promotion, views
# ---------------------------------------------------------------------------
G = "dtypes"
# Float -> integer conversions stay in range (out-of-range ones are undefined
# behaviour in C++ and differ between platforms); integer -> narrower integer
# conversions wrap.
X6 = "x = torch.arange(6.).reshape(2, 3) - 2"
add(G, "convert", [X6, "print(x.int())", "print(x.short())", "print(x.char())"])
add(G, "convert", [X6, "print((x + 2).byte())", "print(x.long())", "print(x.to(torch.int32))"])
add(G, "convert", [X6, "print(x.half())", "print(x.bfloat16())", "print(x.double())"])
add(G, "convert", [X6, "print(x.bool())", "print(x.int().dtype, x.short().dtype, x.char().dtype, x.byte().dtype)"])
add(G, "convert", ["x = torch.tensor([1.1, 2.2])", "print(x.half())", "print(x.bfloat16())",
                   "print(x.half().float())", "print(x.double())"])
add(G, "convert", ["x = torch.tensor([300])", "print(x.to(torch.uint8))", "print(x.to(torch.int8))"])
add(G, "convert", ["x = torch.tensor([-1.7, 2.9, -0.5])", "print(x.int())", "print(x.long())", "print(x.abs().byte())"])
add(G, "convert", ["x = torch.tensor([0., 1.5, -2.])", "print(x.bool())", "print(x.bool().int())"])
add(G, "convert", ["x = torch.tensor([70000.])", "print(x.half())", "print(x.bfloat16())", "print(x.int())"])
add(G, "create", ["x = torch.zeros(2, 3, dtype=torch.uint8)", "print(x)", "print(x.dtype)"])
add(G, "create", ["x = torch.ones(3, dtype=torch.int16)", "print(x)", "print(torch.full((2,), 7, dtype=torch.int8))"])
add(G, "create", ["x = torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)", "print(x)", "print(x.t())"])
add(G, "create", ["x = torch.eye(2, dtype=torch.float16)", "print(x)", "print(torch.zeros(2, dtype=torch.bfloat16))"])
add(G, "create", ["x = torch.tensor([True, False, True])", "print(x)", "print(x.dtype)", "print(x.long())"])
add(G, "create", ["x = torch.arange(4, dtype=torch.float64)", "print(x)", "print(x.dtype)", "print(x.float())"])
add(G, "promote", ["print(torch.ones(2, dtype=torch.int32) + torch.ones(2, dtype=torch.int64))",
                   "print((torch.ones(2, dtype=torch.int32) + torch.ones(2, dtype=torch.int64)).dtype)"])
add(G, "promote", ["a = torch.tensor([1, -2], dtype=torch.int8)", "b = torch.tensor([200, 3], dtype=torch.uint8)",
                   "print(a + b)", "print((a + b).dtype)"])
add(G, "promote", ["x = torch.tensor([1, 2], dtype=torch.int32)", "print(x + 1.5)", "print(x + 1)", "print(x * 2.)"])
add(G, "promote", ["x = torch.tensor([0, 5], dtype=torch.uint8)", "print(x + (-1))", "print(x - 6)"])
add(G, "promote", ["a = torch.tensor([1.5, 2.5]).half()", "print(a + torch.tensor([1., 1.]))",
                   "print(a + 1)", "print(a * 2.5)"])
add(G, "promote", ["a = torch.tensor([1.5, 2.5]).bfloat16()", "b = torch.tensor([1.5, 2.5]).half()",
                   "print(a + b)", "print((a + b).dtype)"])
add(G, "promote", ["x = torch.tensor([3, 4, 7]).int()", "print(x / 2)", "print(x // 2)", "print(x % 2)"])
add(G, "promote", ["x = torch.tensor([1, 2], dtype=torch.int16)", "print(x + torch.tensor(5))",
                   "print(x + torch.tensor([5]))", "print(x + torch.tensor(5.).double())"])
add(G, "promote", ["x = torch.tensor([True, False])", "print(x + x)", "print(x + 1)", "print(x * 1.5)"])
add(G, "promote", ["x = torch.tensor([1., 2.], dtype=torch.float64)", "print(x + torch.ones(2))",
                   "print(torch.ones(2) + torch.tensor(2., dtype=torch.float64))"])
add(G, "inplace", ["x = torch.ones(3, dtype=torch.int32)", "x += torch.ones(3, dtype=torch.int64)", "print(x)",
                   "x *= 3", "print(x)"])
add(G, "inplace", ["x = torch.ones(3).half()", "x += 0.1", "print(x)", "x.mul_(torch.tensor(3.))", "print(x)"])
add(G, "inplace", ["x = torch.tensor([250, 5], dtype=torch.uint8)", "x += 10", "print(x)"])
add(G, "inplace", ["x = torch.tensor([120, -120], dtype=torch.int8)", "x += 10", "print(x)", "x.neg_()", "print(x)"])
add(G, "view", ["x = torch.arange(12, dtype=torch.int16).reshape(3, 4)", "v = x[1:, 2:]", "v[0, 0] = -1",
                INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = torch.arange(12).reshape(3, 4).to(torch.int8)", "v = x.t()[1]", "v += 100",
                INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = torch.arange(12.).reshape(3, 4).half()", "v = x[2]", "v /= 3",
                INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = " + D23, "v = x.t()[2]", "v -= 0.5", INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = torch.arange(6).reshape(2, 3).bool()", "v = x[:, 1:]", "v[1, 0] = False",
                INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = torch.arange(12).reshape(3, 4).byte()", "v = x.diagonal(1)", "v.fill_(255)",
                INTRO_V, PTR_DIFF, "print(x)"])
add(G, "view", ["x = torch.arange(6).reshape(2, 3).bfloat16()", "v = x.view(3, 2)[1:]", "v *= 2",
                INTRO_V, PTR_DIFF, "print(x)", "print(v.dtype)"])


# ---------------------------------------------------------------------------
# advanced indexing: integer tensors and lists, boolean masks (reads copy, writes
# change the tensor in place as index_put_)
# ---------------------------------------------------------------------------
G = "advanced"
X234 = "x = torch.arange(24).reshape(2, 3, 4)"
for index in ["[[0, 1]]", "[:, [2, 0]]", "[0, :, [1, 2]]", "[:, 0, [1, 2]]", "[[0, 1], :, [1, 2]]",
              "[:, [0, 1], [1, 2]]", "[..., [0]]", "[None, [0]]", "[torch.tensor([[0]]), 0, torch.tensor([0, 1])]",
              "[1, [0, 2]]", "[torch.tensor(1)]", "[[1, 0]][:, 1:]", "[[-1, 0]]"]:
    add(G, "read", [X234, "v = x" + index, "print(v.shape)", "print(v)", "print(v.is_contiguous(), v.stride())",
                    "print(v.data_ptr() == x.data_ptr())"])
add(G, "read", [X234, "m = x > 20", "print(x[m])", "print(x[m].shape)"])
add(G, "read", [X234, "m = torch.tensor([[True, False, True], [False, False, True]])", "print(x[m])", "print(x[m].shape)"])
add(G, "read", ["x = torch.arange(12.).reshape(3, 4)", "v = x[[0, 2]]", "v[0, 0] = 99", "print(x)", "print(v)"])
add(G, "read", ["x = torch.arange(12.).reshape(3, 4)", "v = x[x > 5]", "v += 100", "print(x)", "print(v)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[x > 5] = 0", "print(x)", "print(x._version)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[[0, 2]] = -1", "print(x)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[:, [1, 3]] = torch.tensor([10., 20.])", "print(x)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[[0, 1], [1, 2]] = torch.tensor([100., 200.])", "print(x)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[x > 5] += 10", "print(x)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "v = x[1:]", "v[v > 6] = 0", "print(x)"])
add(G, "write", ["x = torch.zeros(5)", "x[[0, 3, 1]] = torch.tensor([1., 2., 3.])", "print(x)"])
add(G, "write", ["x = torch.arange(6).reshape(2, 3)", "x[torch.tensor([True, False])] = 7", "print(x)"])
add(G, "write", ["x = torch.arange(12.).reshape(3, 4)", "x[[2, 0], 1:3] = torch.tensor([[1., 2.], [3., 4.]])", "print(x)"])
G = "error_advanced"
err(G, "index", [X234, "x[torch.tensor([5])]"], "IndexError", "out of bounds")
err(G, "index", [X234, "x[torch.tensor([True, False, True])]"], "IndexError", "shape of the mask")
err(G, "index", [X234, "x[torch.tensor([0.])]"], "IndexError", "tensors used as indices")
err(G, "index", [X234, "x[[0, 1], [1, 2, 0]]"], "IndexError", "shape mismatch")
err(G, "write", [X234, "x[[0, 1]] = torch.ones(3)"], "RuntimeError", "shape mismatch")
err(G, "index", [X234, "x[[0, 5]]"], "IndexError", "out of bounds")


# ---------------------------------------------------------------------------
# checks and execution
# ---------------------------------------------------------------------------
ALLOWED_NODES = (
    ast.Module, ast.Import, ast.alias, ast.Assign, ast.AugAssign, ast.Expr, ast.Call, ast.keyword,
    ast.Attribute, ast.Name, ast.Subscript, ast.Slice, ast.Tuple, ast.List, ast.Constant,
    ast.UnaryOp, ast.USub, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod,
    ast.Pow, ast.Compare, ast.Gt, ast.Lt, ast.GtE, ast.LtE, ast.Eq, ast.NotEq, ast.Load, ast.Store,
)


def check_subset(case):
    """The program must be in the ConvLang subset (see module docstring)."""
    src = case["source"]
    assert src.startswith("import torch\n"), case["id"]
    tree = ast.parse(src)
    assert len(tree.body) == len(src.strip().splitlines()), (case["id"], "one statement per line")
    for i, stmt in enumerate(tree.body):
        if isinstance(stmt, ast.Import):
            assert i == 0 and [a.name for a in stmt.names] == ["torch"], case["id"]
        if isinstance(stmt, ast.Expr):
            assert isinstance(stmt.value, (ast.Call, ast.Attribute, ast.Subscript)), case["id"]
    for node in ast.walk(tree):
        assert isinstance(node, ALLOWED_NODES), (case["id"], type(node).__name__)
        if isinstance(node, ast.Constant):
            assert node.value is Ellipsis or node.value is None or isinstance(node.value, (bool, int, float)), \
                (case["id"], node.value)
        if isinstance(node, ast.Name):
            assert node.id != "np", case["id"]


def run(case):
    """Run a program in a fresh namespace.  Returns (stdout, error, error_line, tensors)."""
    stdout, error, line, namespace, caught = run_program(case["source"], case["id"], {"torch": torch, "np": np})
    assert not caught, (case["id"], [str(w.message) for w in caught])
    tensors = [v for v in namespace.values() if isinstance(v, torch.Tensor)]
    return stdout, error, line, tensors


def check_case(case, is_error_group):
    """Run the case (twice), store stdout/error in it, and return a list of problems."""
    problems = []
    cid = case["id"]
    try:
        check_subset(case)
    except AssertionError as e:
        case["stdout"], case["error"] = "", None
        return ["%s: not in the ConvLang subset: %s" % (cid, e)]
    stdout, error, line, tensors = run(case)
    case["stdout"], case["error"] = stdout, error
    if (stdout, error) != run(case)[:2]:
        problems.append("%s: output is not deterministic" % cid)
    for t in tensors:
        if t.numel() > MAX_NUMEL:
            problems.append("%s: tensor of shape %s is too big" % (cid, tuple(t.shape)))
    expect = case["expect"]
    if is_error_group:
        last = len(case["source"].strip().splitlines())
        if expect is None:
            problems.append("%s: programs in error groups must declare their error" % cid)
        elif error is None:
            problems.append("%s: expected %s but it ran to the end; stdout=%r" % (cid, expect, stdout))
        elif not (error.startswith(expect[0] + ": ") and expect[1] in error):
            problems.append("%s: expected %s, got %r" % (cid, expect, error))
        elif line != last:
            problems.append("%s: error raised on line %s, not on the last line %d" % (cid, line, last))
    else:
        if expect is not None:
            problems.append("%s: declares an error but is not in an error_* group" % cid)
        elif error is not None:
            problems.append("%s: unexpected error %r; stdout=%r" % (cid, error, stdout))
    return problems


def main():
    torch.set_printoptions(profile="default")
    torch.set_num_threads(1)
    cases = []
    summary = []
    problems = []
    seen = set()
    for group, group_cases in GROUPS.items():
        is_error_group = group.startswith("error_")
        n_err = 0
        for case in group_cases:
            assert case["id"] not in seen, case["id"]
            seen.add(case["id"])
            problems.extend(check_case(case, is_error_group))
            stdout, error = case["stdout"], case["error"]
            n_err += error is not None
            cases.append({"id": case["id"], "source": case["source"], "stdout": stdout, "error": error})
        summary.append((group, len(group_cases), n_err))
    if problems:
        for p in problems:
            print("PROBLEM", p)
        sys.exit("%d problem(s); %s not written" % (len(problems), OUT.relative_to(ROOT)))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {"generator": GENERATOR, "torch": torch.__version__, "cases": cases}
    text = json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    OUT.write_text(text, encoding="utf-8")

    width = max(len(g) for g, _, _ in summary)
    for group, n, n_err in summary:
        print("%-*s %4d cases %4d end in an error" % (width, group, n, n_err))
    total_err = sum(e for _, _, e in summary)
    print("%-*s %4d cases %4d end in an error" % (width, "total", len(cases), total_err))
    print("torch %s -> %s" % (torch.__version__, OUT.relative_to(ROOT)))


if __name__ == "__main__":
    sys.exit(main())
