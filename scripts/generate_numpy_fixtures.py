#!/usr/bin/env python3
"""Generate Tests/ConvLangTests/Fixtures/numpy/numpy.json from real NumPy and PyTorch.

Each case is a short straight-line ConvLang program (the Python subset that ConvLab
understands: imports, assignments, subscripts, calls and print; no def, for, if,
comprehensions or f-strings).  The script runs every program in a fresh namespace
with NumPy and PyTorch, records what it printed and the exception that ended it (if
any), and writes the fixture that NumpyFixtureTests.swift replays through ConvLang.

    /work/main/.venv/bin/python scripts/generate_numpy_fixtures.py

Programs are grouped by what they exercise: memory shared between arrays and tensors
in both directions, copies that share nothing, views with negative steps, printing
(`repr` and `str`) of many shapes, dtypes and values, NumPy scalars, the dtype rules
of arithmetic (NEP 50), mixed array and tensor operands, and refusals.  A case made
with `err(...)` must end in the named exception, raised by its last line; every other
case must run to the end.  The script checks each program against the ConvLang
subset, runs it twice to make sure its output is deterministic, and prints a summary.
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
OUT = ROOT / "Tests" / "ConvLangTests" / "Fixtures" / "numpy" / "numpy.json"
HEADER = ["import torch", "import numpy as np"]

GROUPS = OrderedDict()
_counters = {}


def add(group, lines, error=None):
    """Registers one program: `lines` are its statements after the two imports;
    `error` is None or the exception type name its last line must raise."""
    _counters[group] = _counters.get(group, 0) + 1
    case_id = "%s_%02d" % (group, _counters[group])
    source = "\n".join(HEADER + list(lines)) + "\n"
    GROUPS.setdefault(group, []).append({"id": case_id, "source": source, "expect": error})


def err(group, lines, etype):
    add(group, lines, error=etype)


def show(expr):
    """Prints an expression both ways: str (print) and repr."""
    return ["print(%s)" % expr, "print(repr(%s))" % expr]


# ---------------------------------------------------------------------------
# Memory shared between tensors and arrays, both ways.

add("share_numpy", ["t = torch.arange(6).float()", "a = t.numpy()", "a[0] = 100", "print(t)", "print(a)"])
add("share_numpy", ["t = torch.zeros(2, 3)", "a = t.numpy()", "t[1] = 7", "print(a)", "print(repr(a))"])
add("share_numpy", ["t = torch.ones(4)", "a = t.numpy()", "t.add_(1)", "print(a)", "t += 2", "print(a)", "t.mul_(0.5)", "print(repr(a))"])
add("share_numpy", ["t = torch.arange(12).reshape(3, 4)", "a = t[:, 1].numpy()", "a[0] = 99", "print(t)", "print(a, a.strides)"])
add("share_numpy", ["t = torch.arange(6).reshape(2, 3)", "a = t.T.numpy()", "print(a)", "print(a.strides, a.shape)", "a[0, 1] = -1", "print(t)"])
add("share_numpy", ["t = torch.arange(8)", "a = t.numpy()", "b = a[::-1]", "b[0] = 50", "print(t)", "print(b)"])
add("share_numpy", ["t = torch.arange(5.0)", "a = t.numpy()", "a[...] = 3", "print(t)", "a += 1", "print(t)"])
add("share_numpy", ["t = torch.arange(6, dtype=torch.int32)", "a = t.numpy()", "print(repr(a))", "a[2:4] = [20, 30]", "print(t)"])
add("share_numpy", ["x = torch.zeros(2, 2)", "y = x.numpy()", "z = x.numpy()", "y[0, 0] = 1", "print(z)", "print(np.shares_memory(y, z))"])
add("share_numpy", ["t = torch.zeros(3)", "a = np.asarray(t)", "a[1] = 5", "print(t)", "t[2] = 6", "print(a)"])
add("share_numpy", ["t = torch.tensor([1.5, 2.5])", "a = np.asarray(t)", "print(repr(a))", "print(np.asarray(a) is a)"])
add("share_from_numpy", ["a = np.arange(4.0)", "t = torch.from_numpy(a)", "t[0] = -1", "print(a)", "print(t)"])
add("share_from_numpy", ["a = np.zeros((2, 3), dtype=np.float32)", "t = torch.from_numpy(a)", "a[1, :] = 5", "print(t)", "a[0] = [1, 2, 3]", "print(t)"])
add("share_from_numpy", ["a = np.arange(6)", "t = torch.from_numpy(a)", "t.add_(10)", "print(a)", "print(t.dtype)"])
add("share_from_numpy", ["a = np.arange(12.0).reshape(3, 4)", "t = torch.from_numpy(a[:, ::2])", "print(t.stride(), t.storage_offset())", "t[0, 1] = 0.5", "print(a)"])
add("share_from_numpy", ["a = np.arange(6.0).reshape(2, 3)", "t = torch.from_numpy(a.T)", "print(t.stride())", "print(t)", "a[1, 2] = 100", "print(t)"])
add("share_from_numpy", ["a = np.ones(3)", "t = torch.as_tensor(a)", "t[1] = 9", "print(a)", "print(t)"])
add("share_from_numpy", ["a = np.ones(3)", "t = torch.as_tensor(a, dtype=torch.float32)", "t[1] = 9", "print(a)", "print(t)"])
add("share_from_numpy", ["a = np.arange(5)", "t = torch.from_numpy(a[1:4])", "a[2] = 42", "print(t)"])

# Copies: nothing shared afterwards.
add("copies", ["t = torch.arange(4).float()", "a = np.array(t)", "a[0] = 100", "print(t)", "print(a)"])
add("copies", ["a = np.arange(4)", "b = np.array(a)", "b[0] = 100", "print(a)", "print(b)"])
add("copies", ["a = np.arange(4.0)", "c = a.copy()", "c[1] = -1", "print(a)", "print(c)", "print(np.shares_memory(a, c))"])
add("copies", ["a = np.arange(3.0)", "t = torch.tensor(a)", "t[0] = 7", "print(a)", "print(t)"])
add("copies", ["a = np.arange(3.0)", "t = torch.Tensor(a)", "t[0] = 7", "print(a)", "print(t)", "print(t.dtype)"])
add("copies", ["a = np.array([1, 2, 3])", "t = torch.tensor(a)", "print(t)", "print(torch.Tensor(a))"])
add("copies", ["a = np.array([0.5, 1.5], dtype=np.float32)", "print(torch.tensor(a))", "print(torch.tensor(a, dtype=torch.float64))"])
add("copies", ["a = np.arange(6).reshape(2, 3)", "b = a.astype(np.float32)", "b[0, 0] = 9", "print(a)", "print(repr(b))"])
add("copies", ["a = np.arange(6).reshape(2, 3)", "f = a.flatten()", "f[0] = 9", "print(a)", "print(f)"])
add("copies", ["a = np.arange(6)", "r = a.reshape(2, 3)", "r[1, 1] = 40", "print(a)", "print(r)"])
add("copies", ["l = [1.0, 2.0]", "a = np.array(l)", "a[0] = 5", "print(l)", "print(a)"])
add("copies", ["t = torch.ones(2, 2)", "a = np.array(t, dtype=np.float64)", "a[0, 0] = 3", "print(t)", "print(repr(a))"])

# Negative steps: views backwards, copies, the E04 idiom, and the tensor refusal.
add("negative_steps", ["a = np.arange(10)", "print(a[::-1])", "print(a[::-2])", "print(a[7:2:-2])", "print(a[-1:-4:-1])", "print(a[2:7:-1])"])
add("negative_steps", ["a = np.arange(12).reshape(3, 4)", "print(a[::-1, ::-1])", "print(a[:, ::-1].strides)", "print(a[::-2, 1::-1])"])
add("negative_steps", ["a = np.arange(6)", "b = a[::-1]", "b[0] = 100", "b[-1] = -100", "print(a)", "print(b)"])
add("negative_steps", ["a = np.arange(6)", "c = a[::-1].copy()", "print(c.strides, a[::-1].strides)", "c[0] = -5", "print(a)", "print(c)"])
add("negative_steps", ["w = torch.arange(9.0).reshape(1, 1, 3, 3)", "f = torch.Tensor(np.array(w)[:, :, ::-1, ::-1].copy())", "print(f)", "print(torch.equal(f, torch.flip(w, [2, 3])))"])
add("negative_steps", ["torch.manual_seed(0)", "conv = torch.nn.Conv2d(1, 1, 3, bias=False)", "k = np.array(conv.state_dict().get('weight'))", "print(k)", "w = torch.Tensor(k[:, :, ::-1, ::-1].copy())", "print(w)", "print(torch.equal(w, torch.flip(conv.weight.data, [2, 3])))"])
add("negative_steps", ["x = torch.arange(6).reshape(2, 3)", "print(x.numpy()[::-1])", "print(x.numpy()[:, ::-1])"])
add("negative_steps", ["a = np.arange(8.0).reshape(2, 4)", "v = a[:, ::-2]", "v[...] = 0", "print(a)", "print(v.shape, v.strides)"])
add("negative_steps", ["a = np.arange(12).reshape(3, 4)", "f = np.flip(a)", "f[0, 0] = -1", "print(a)", "print(np.flip(a, 0))", "print(np.flip(a, axis=1))", "print(np.flip(a, axis=(0, 1)).strides)"])
add("negative_steps", ["a = np.arange(4)", "t = torch.from_numpy(a[::-1].copy())", "print(t)", "print(a[::-1][::-1])"])
err("negative_steps", ["x = torch.arange(4)", "y = x[::-1]"], "ValueError")
err("negative_steps", ["x = torch.arange(6).reshape(2, 3)", "y = x[:, ::-1]"], "ValueError")
err("negative_steps", ["a = np.arange(4)", "t = torch.from_numpy(a[::-1])"], "ValueError")
err("negative_steps", ["w = torch.ones(1, 1, 2, 2)", "f = torch.Tensor(np.array(w)[:, :, ::-1, ::-1])"], "ValueError")
err("negative_steps", ["a = np.arange(4)", "t = torch.tensor(a[::-1])"], "ValueError")
err("negative_steps", ["a = np.arange(4)", "b = a[::0]"], "ValueError")

# Indexing: integers give NumPy scalars, the rest views; assignment writes through.
add("indexing", ["a = np.arange(12).reshape(3, 4)", "print(a[1, 2])", "print(repr(a[1, 2]))", "print(a[1])", "print(a[-1, -1])", "print(a[..., 1])"])
add("indexing", ["a = np.arange(6.0).reshape(2, 3)", "print(a[None].shape)", "print(a[:, None, :].shape)", "print(a[..., None].shape)", "print(repr(a[0, ...]))", "print(repr(a[1, 1, ...]))"])
add("indexing", ["a = np.arange(6).reshape(2, 3)", "r = a[1]", "r[0] = 30", "print(a)", "a[0, :] = [7, 8, 9]", "print(a)"])
add("indexing", ["a = np.zeros((2, 3))", "a[:, 0] = 1.5", "a[1] = np.arange(3) * 10", "print(a)", "a[...] = 2", "print(a)"])
add("indexing", ["a = np.zeros((2, 3), dtype=np.int64)", "a[:, 1] = 2.7", "a[0, 0] = -3.9", "print(a)"])
add("indexing", ["a = np.arange(5)", "a[1:] = a[:-1]", "print(a)"])
add("indexing", ["a = np.arange(4.0)", "s = a[2]", "a[2] = 100", "print(s, a)", "print(repr(s))"])
add("indexing", ["a = np.arange(24).reshape(2, 3, 4)", "print(a[1, :, ::2])", "print(a[:, -1])", "print(a[0, 1:, 2:])"])
err("indexing", ["a = np.arange(3)", "b = a[5]"], "IndexError")
err("indexing", ["a = np.arange(3)", "b = a[0, 0]"], "IndexError")
err("indexing", ["a = np.arange(6).reshape(2, 3)", "b = a[1, 5]"], "IndexError")
err("indexing", ["a = np.arange(6).reshape(2, 3)", "b = a[-3]"], "IndexError")
err("indexing", ["a = np.arange(3)", "b = a[1.0]"], "IndexError")

# Printing: str and repr of many shapes, dtypes and values.
add("print_int", show("np.arange(5)") + show("np.array([-1, 20, -300])") + show("np.arange(6).reshape(2, 3)"))
add("print_int", show("np.arange(24).reshape(2, 3, 4)"))
add("print_int", show("np.arange(16).reshape(2, 2, 2, 2)"))
add("print_int", show("np.arange(5, dtype=np.int32)") + show("np.array([1, 255], dtype=np.uint8)") + show("np.array([200, 300]).astype(np.int8)"))
add("print_int", show("np.array([1, 2]).astype(np.int16)") + show("np.array([[1], [22], [-333]])"))
add("print_float64", show("np.array([1.0, 2.5, -3.25])") + show("np.array([0.1, 0.2, 0.3])") + show("np.array([1.0, 2.0, 3.0])"))
add("print_float64", show("np.array([1 / 3, 2 / 3, 1.0])") + show("np.array([3.14159265358979, -2.718281828])"))
add("print_float64", show("np.array([1e-5, 1.0])") + show("np.array([1e8, 1.0])") + show("np.array([123456789.0])"))
add("print_float64", show("np.array([1e-10])") + show("np.array([0.0, 0.5])") + show("np.array([1e16, -1.0])") + show("np.array([99999999.0])"))
add("print_float64", show("np.array([float('nan'), 1.0, float('inf')])") + show("np.array([-float('inf'), 2.5])") + show("np.array([float('nan')])"))
add("print_float64", show("np.array([0.001, 1000.0])") + show("np.array([0.0001, 0.1])") + show("np.array([0.001, 1.0])") + show("np.array([1000000.5])"))
add("print_float64", show("np.array([1.5e300, -2e-300])") + show("np.array([1e100, 1.0])") + show("np.array([0.25, 1e-20])"))
add("print_float64", show("np.zeros(3)") + show("np.ones((2, 3))") + show("np.array(-0.0)") + show("np.array([-0.0, 0.0])"))
add("print_float64", show("np.array([0.123456789, 10.5])") + show("np.array([0.99999999999, 2.0])") + show("np.array([1.00000005, 3.5])"))
add("print_float64", show("np.array([[1.5, -20.25], [300.125, 4.0]])") + show("np.array([[1e-7, 2.0], [3.0, 4.0]])"))
add("print_float64", show("np.array([12345.678, 0.5, -7.0])") + show("np.array([1e-4, 5e-4])") + show("np.array([5e-5, 1.0])"))
add("print_float32", show("np.array([0.1, 0.2], dtype=np.float32)") + show("np.arange(6, dtype=np.float32).reshape(2, 3) / 3"))
add("print_float32", show("np.array([1e6], dtype=np.float32)") + show("np.array([999999.0], dtype=np.float32)") + show("np.array([1e5, 1.5], dtype=np.float32)"))
add("print_float32", ["torch.manual_seed(0)", "a = torch.rand(3, 3).numpy()"] + show("a") + show("a * 1000") + show("a - 0.5"))
add("print_float32", ["torch.manual_seed(1)", "a = torch.randn(2, 4).numpy()"] + show("a") + show("a / 1000"))
add("print_float32", show("np.array([1 / 3, 1e-5], dtype=np.float32)") + show("np.array([0.1, 1.23456789e-5], dtype=np.float32)"))
add("print_float16", show("np.array([0.1, 1000.0], dtype=np.float16)") + show("np.array([0.5, 2.0, 3.0], dtype=np.float16)") + show("np.array([999.0], dtype=np.float16)"))
add("print_bool", show("np.array([True, False])") + show("np.array([[True], [False]])") + show("np.arange(4) > 1"))
add("print_zero_dim", show("np.array(3.5)") + show("np.array(2)") + show("np.array(True)") + show("np.array(0.1, dtype=np.float32)") + show("np.array(1e20)"))
add("print_empty", show("np.zeros(0)") + show("np.zeros((0, 3))") + show("np.zeros((2, 0), dtype=np.int64)") + show("np.zeros(0, dtype=np.float32)") + show("np.array([], dtype=np.int64)"))
add("print_large", show("np.arange(2000)") + show("np.arange(1001.0)"))
add("print_large", show("np.arange(3000).reshape(30, 100)"))
add("print_large", show("np.zeros((2, 600))") + show("np.ones((1001,), dtype=np.float32)"))
add("print_large", show("np.arange(1000)"))
add("print_large", show("np.arange(2000).reshape(10, 10, 20) * 0.5"))
add("print_wrap", show("np.arange(30) * 1000.5") + show("np.arange(25) / 7"))
add("print_wrap", show("np.arange(20, dtype=np.float32) / 7") + show("np.arange(40, dtype=np.int32)"))
add("print_wrap", show("np.arange(40).reshape(2, 20) * 1.5") + show("np.arange(18, dtype=np.float32).reshape(3, 6) * 1e5"))
add("print_wrap", show("np.arange(13, dtype=np.int16) * 1000") + show("np.arange(22) * 100000"))
add("print_containers", ["a = np.arange(3)", "print([a, a * 2])", "print((a, 1.5))", "print({'a': a})", "print(repr([np.float32(1.5), np.int64(2)]))"])

# NumPy scalars: what reductions and integer indices give.
add("scalars", ["a = np.array([1.0, 2.0, 3.0])"] + show("a.sum()") + show("a.max()") + show("a.min()") + show("a.mean()"))
add("scalars", ["a = np.arange(5)"] + show("a.sum()") + show("a.mean()") + show("a.max()") + show("a[2]") + ["print(type(a.sum()))"])
add("scalars", ["a = np.array([0.1, 0.2, 0.3], dtype=np.float32)"] + show("a.sum()") + show("a[0]") + show("a.mean()"))
add("scalars", show("np.float32(0.1)") + show("np.float32(1e10)") + show("np.float32(123456.7)") + show("np.float32(1e-5)") + show("np.float32(0.0001)"))
add("scalars", show("np.float64(1e16)") + show("np.float64(1e15)") + show("np.float64(0.1)") + show("np.float64(2)") + show("np.int64(7)") + show("np.float16(0.1)"))
add("scalars", ["a = np.arange(4)"] + show("(a > 1).any()") + show("(a > 1).all()") + show("a[1] > 0"))
add("scalars", ["a = np.arange(6.0).reshape(2, 3)", "print(a.item(4), a[1, 1].item())", "print(a.tolist())", "print(np.arange(3).tolist())", "print(np.array([0.1], dtype=np.float32).tolist())", "print(float(a.sum()), int(a.max()))"])
add("scalars", ["s = np.float32(1.5)"] + show("s * 2") + show("s + np.float64(1)") + show("s ** 2") + show("np.int64(3) / np.int64(2)") + show("np.array(2.5) * 2"))
add("scalars", ["a = np.arange(4.0)", "b = a.sum()", "a[0] = 10", "print(b, a.sum())", "print(repr(np.array([True]).sum()))"])

# Attributes and methods.
add("attributes", ["a = np.zeros((1, 1, 3, 3), dtype=np.float32)", "print(a.shape)", "print(a.dtype)", "print(repr(a.dtype))", "print(a.ndim, a.size, a.itemsize, a.nbytes)", "print(a.strides)", "print(a.dtype == np.float32, a.dtype == np.float64)"])
add("attributes", ["a = np.arange(6).reshape(2, 3)", "print(a.T)", "print(a.T.shape, a.T.strides)", "print(a.transpose())", "print(np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).shape)", "print(np.arange(24).reshape(2, 3, 4).transpose((2, 0, 1)).strides)"])
add("attributes", ["print(np.float32)", "print(np.int64)", "print(repr(np.dtype('float32')))", "print(np.array([1.5]).dtype, np.array([1]).dtype, np.array([True]).dtype)", "print(type(np.arange(3)))"])
add("attributes", ["a = np.arange(12)", "print(a.reshape(3, 4))", "print(a.reshape((2, -1)))", "print(a.reshape(-1, 2, 3).shape)", "print(len(a), len(a.reshape(4, 3)))"])
add("attributes", ["a = np.arange(12.0).reshape(3, 4)"] + show("a.sum(axis=0)") + show("a.sum(axis=1, keepdims=True)") + show("a.mean(axis=0)") + show("a.max(axis=1)") + show("a.min(axis=0)") + show("a.sum(axis=(0, 1))"))
add("attributes", ["a = np.arange(6).reshape(2, 3)", "print(a.astype(np.float64))", "print(repr(a.astype(np.float32)))", "print(repr(a.astype(bool)))", "print(a.astype(np.float32).dtype)", "print(a.astype(float).dtype, a.astype(int).dtype)"])
add("attributes", ["a = np.arange(4.0)", "x, y, z, w = a", "print(x, w)", "print(list(a))", "b, c = np.arange(4).reshape(2, 2)", "print(b, c)"])
err("attributes", ["a = np.arange(6)", "b = a.reshape(4, 2)"], "ValueError")
err("attributes", ["a = np.arange(6)", "b = a.foo"], "AttributeError")
err("attributes", ["a = np.arange(3)", "b = bool(a)"], "ValueError")
err("attributes", ["a = np.array([], dtype=np.float64)", "b = a.max()"], "ValueError")

# Creation functions.
add("creation", show("np.zeros(3)") + show("np.zeros((2, 2), dtype=np.int64)") + show("np.ones(2, dtype=np.float32)") + show("np.ones((1, 2, 2))"))
add("creation", show("np.arange(5)") + show("np.arange(2, 8, 2)") + show("np.arange(5, 0, -1)") + show("np.arange(0.0, 1.0, 0.25)") + show("np.arange(0.5, 1.0, 0.1)") + show("np.arange(4, dtype=np.float32)"))
add("creation", show("np.linspace(0, 1, 5)") + show("np.linspace(0, 1, 4, endpoint=False)") + show("np.linspace(-1, 1, 7, dtype=np.float32)"))
add("creation", show("np.array([1, 2.5])") + show("np.array([True, 2])") + show("np.array([[1, 2], [3, 4]], dtype=np.float32)") + show("np.array(5)") + show("np.array([1.5, 2.5], dtype=np.int64)"))
add("creation", show("np.array_equal(np.arange(3), np.array([0, 1, 2]))") + show("np.array_equal(np.arange(3), np.arange(4))") + show("np.array_equal(np.arange(3), np.arange(3.0))"))
add("creation", show("np.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0000001]))") + show("np.allclose(np.array([1.0]), np.array([1.1]))") + show("np.allclose(np.array([1.0]), np.array([1.1]), atol=0.2)"))
add("creation", ["t = torch.arange(4.0)", "print(np.array_equal(t.numpy(), np.arange(4.0)))", "print(np.allclose(t.numpy(), np.arange(4.0)))", "print(np.asarray([1, 2]))", "print(repr(np.asarray([1.0], dtype=np.float32)))"])
err("creation", ["a = np.array([[1, 2], [3]])"], "ValueError")

# Arithmetic: NumPy 2's dtype rules (Python numbers are weak, NumPy scalars strong).
add("dtype_rules", ["f = np.array([1, 2], dtype=np.float32)"] + show("f * 2.0") + show("f * 2") + show("f + 0.5") + show("1.5 - f") + show("f / 4"))
add("dtype_rules", ["i = np.array([1, 2])"] + show("i / i") + show("i / 2") + show("i * 2.5") + show("i + 1") + show("1 / i") + show("2 ** i"))
add("dtype_rules", ["i8 = np.array([1, 2], dtype=np.int8)"] + show("i8 * 2") + show("i8 / i8") + show("i8 * np.int64(2)") + show("i8 + np.array(300)") + show("i8 * 2.5"))
add("dtype_rules", ["f16 = np.array([1, 2], dtype=np.float16)", "i8 = np.array([1, 2], dtype=np.int8)"] + show("f16 / i8") + show("f16 / 2") + show("i8 + f16"))
add("dtype_rules", ["i64 = np.array([1, 2])", "i32 = np.array([1, 2], dtype=np.int32)", "i16 = np.array([1, 2], dtype=np.int16)", "f32 = np.array([1, 2], dtype=np.float32)"] + show("i64 + f32") + show("i32 + f32") + show("i16 + f32") + show("f32 * np.float64(2.0)") + show("f32 * np.int64(2)"))
add("dtype_rules", ["u8 = np.array([1, 2], dtype=np.uint8)", "i8 = np.array([1, 2], dtype=np.int8)"] + show("u8 + i8") + show("u8 * 200") + show("np.array([100, 120], dtype=np.int8) + np.array([100, 10], dtype=np.int8)"))
add("dtype_rules", ["b = np.array([True, False])"] + show("b + 1") + show("b + True") + show("b * b") + show("b + b") + show("b / 2") + show("b & b") + show("~b"))
add("dtype_rules", ["i = np.array([7, -7])"] + show("i // 2") + show("i % 3") + show("i ** 2") + show("-i") + show("abs(i)") + show("~i") + show("i & 3"))
add("dtype_rules", ["f = np.array([7.5, -7.5])"] + show("f // 2") + show("f % 2") + show("f ** 2") + show("-f") + show("abs(f)"))
add("dtype_rules", ["a = np.arange(4)"] + show("a < 1.5") + show("a == 1") + show("a != a") + show("a >= np.array([0, 2, 2, 2])") + show("a + [10, 20, 30, 40]"))
add("dtype_rules", ["a = np.arange(6).reshape(2, 3)", "b = np.arange(3)"] + show("a + b") + show("a * np.arange(2).reshape(2, 1)") + show("a @ b") + show("np.ones((2, 2)) @ np.ones(2)"))
add("dtype_rules", ["a = np.arange(4.0)", "a += 1", "print(a)", "a *= 2", "print(a)", "a /= 4", "print(a)", "v = a[1:3]", "v -= 10", "print(a)"])
add("dtype_rules", ["a = np.arange(3, dtype=np.float32)", "a += 0.1", "print(repr(a))", "i = np.arange(3)", "i += 2", "print(repr(i))"])
add("dtype_rules", ["i = np.array([1, 2])"] + show("i / 0") + show("i // 0") + show("i % 0"))
err("dtype_rules", ["i8 = np.array([1, 2], dtype=np.int8)", "c = i8 + 300"], "OverflowError")
err("dtype_rules", ["b = np.array([True, False])", "c = b - b"], "TypeError")
err("dtype_rules", ["b = np.array([True, False])", "c = -b"], "TypeError")
err("dtype_rules", ["i = np.array([1, 2])", "c = i ** -1"], "ValueError")
err("dtype_rules", ["a = np.arange(3)", "b = np.arange(4)", "c = a + b"], "ValueError")
err("dtype_rules", ["i = np.arange(3)", "i += 1.5"], "UFuncTypeError")

# Arrays and tensors together.
add("mixed", ["a = np.ones(2)", "t = torch.ones(2)", "print(t + a)", "print(t - a)", "print(t * a)", "print(t / a)", "print(t ** a)"])
add("mixed", ["a = np.ones(2, dtype=np.float32)", "i = np.arange(2)", "t = torch.ones(2)", "print(t + a)", "print(t * i)", "print(a / t)", "print(a == t)", "print(t == i)"])
add("mixed", ["t = torch.ones(2)", "print(np.float32(2.0) * t)", "print(t * np.float64(2.0))", "print(t + np.int64(3))", "print(np.int64(3) + t)"])
err("mixed", ["a = np.ones(2)", "t = torch.ones(2)", "c = a + t"], "TypeError")
err("mixed", ["a = np.ones(2)", "t = torch.ones(2)", "c = a * t"], "TypeError")
err("mixed", ["a = np.ones(2)", "t = torch.ones(2)", "c = t < a"], "TypeError")
err("mixed", ["a = np.ones(2)", "t = torch.ones(2)", "c = a - t"], "TypeError")

# Refusals across the two libraries.
err("refusals", ["w = torch.nn.Parameter(torch.ones(2))", "a = w.numpy()"], "RuntimeError")
err("refusals", ["conv = torch.nn.Conv2d(1, 1, 3)", "a = np.array(conv.weight)"], "RuntimeError")
add("refusals", ["conv = torch.nn.Conv2d(1, 1, 3)", "a = np.array(conv.weight.data)", "print(a.shape, a.dtype)", "b = conv.weight.detach().numpy()", "print(np.shares_memory(b, conv.weight.detach().numpy()))"])
err("refusals", ["t = torch.ones(2).bfloat16()", "a = t.numpy()"], "TypeError")


# More printing: random digits, exponents with nan and inf, summaries of floats.
add("print_random", ["torch.manual_seed(2)", "a = torch.rand(4, 5, dtype=torch.float64).numpy()"] + show("a") + show("a * 1e4") + show("a - 0.5"))
add("print_random", ["torch.manual_seed(4)", "a = torch.randn(3, 3).numpy() * 1e6"] + show("a") + show("a.astype(np.float64)"))
add("print_random", ["torch.manual_seed(5)", "a = torch.rand(2000).numpy()"] + show("a") + show("a[::-1]") + show("a.reshape(40, 50)"))
add("print_random", ["torch.manual_seed(6)", "a = torch.rand(3).half().numpy()"] + show("a") + show("a * 100") + show("a[0]"))
add("print_random", ["torch.manual_seed(7)", "a = torch.rand(5).numpy()"] + ["print(a[0], a[1], a[2])", "print(repr(a[3]), repr(a[4]))", "print(a.tolist())"])
add("print_exp", show("np.array([1e-5, -2.5e3, float('nan'), float('inf')])") + show("np.array([-float('inf'), 1e10, 0.0])") + show("np.arange(2000) * 1e-6"))
add("print_exp", show("np.array([0.999999999, 9.9999999999])") + show("np.array([1.5e-8, 2.5e-8], dtype=np.float32)") + show("np.array([6.02214076e23, 1.602176634e-19])"))
add("print_exp", show("np.array([1e-300, 1e300])") + show("np.array([5e-324, 1.0])") + show("np.array([1.7976931348623157e308])"))
add("print_int_edges", show("np.array([2 ** 62, -2 ** 62])") + show("np.array([-9223372036854775807 - 1, 9223372036854775807])") + show("np.array([-10000, 5])"))
add("print_int_edges", show("np.zeros((40, 40)) > 1") + show("np.zeros((2, 0, 3))") + show("torch.arange(5).byte().numpy()") + show("torch.arange(-3, 3).char().numpy()"))
add("print_int_edges", show("np.array(0.5, dtype=np.float16)") + show("np.zeros((1001, 1, 1), dtype=np.int16)") + show("np.arange(12, dtype=np.float32).reshape(2, 2, 3) * 1000.25"))
add("scalars_more", show("np.float64(1 / 3)") + show("np.float32(16777216.0)") + show("np.float32(0.00012)") + show("np.int64(2 ** 62)") + show("np.float16(3.14159)") + show("np.float32(-0.0)"))
add("scalars_more", show("np.float32(2.5) == 2.5") + show("np.float32(0.1) == 0.1") + show("np.float64(0.1) == 0.1") + show("-np.float32(2)") + show("abs(np.int64(-2))") + show("np.float32(1.0) / 3"))
add("scalars_more", show("np.float32(np.array([1.5, 2.5]))") + show("np.int64(2.7)") + show("np.float32()") + show("np.float32('1.5')") + show("np.True_ + 1"))

# Sums as NumPy adds them (pairwise along memory), in float32 and float64.
add("sums", ["torch.manual_seed(3)", "a = torch.rand(1000).numpy()"] + show("a.sum()") + show("a.mean()") + show("a[::-1].sum()") + show("a[::2].sum()"))
add("sums", ["torch.manual_seed(8)", "a = torch.rand(20, 30).numpy()"] + show("a.sum()") + show("a.sum(axis=1)") + show("a.sum(axis=0)") + show("a.T.sum()") + show("a.mean(axis=1)"))
add("sums", ["torch.manual_seed(9)", "a = torch.rand(300, dtype=torch.float64).numpy()"] + show("a.sum()") + show("a.mean()") + show("a.max()") + show("a.min()"))
add("sums", ["torch.manual_seed(10)", "a = torch.rand(7).numpy()"] + show("a.sum()") + show("a.mean()") + show("np.sum(a)") + show("np.mean(a, axis=0)"))
add("sums", ["a = np.arange(24).reshape(2, 3, 4)"] + show("a.sum(axis=(0, 2))") + show("a.max(axis=-1, keepdims=True)") + show("a.any(axis=0)") + show("(a > 5).all(axis=2)") + show("np.array([True, True]).mean()"))
add("sums", ["torch.manual_seed(12)", "a = torch.rand(200, 200).numpy()"] + show("a[:, ::-1].sum()") + show("a[::-1].sum()") + show("a[:, 1:].sum()") + show("a[::2].sum()") + show("a.T.sum(axis=0)[:3]"))
add("sums", ["torch.manual_seed(13)", "a = torch.rand(3, 200, 200).numpy()"] + show("a[..., :199].sum(axis=(1, 2))") + show("a[..., ::-1].sum(axis=(0, 2))[:3]") + show("a[:, ::2].mean(axis=(1, 2))") + show("a.astype(np.float64)[..., 1:].sum()"))
add("sums", ["a = np.array([[True, False, True], [False, False, False], [True, True, True]])"] + show("a.any(axis=0)") + show("a.all(axis=1)") + show("a.T.any(axis=1)") + show("(np.arange(20000) > 10000).any()"))
err("sums", ["a = np.zeros((2, 3))", "b = a.sum(axis=2)"], "AxisError")
err("sums", ["a = np.zeros((0, 3))", "b = a.max(axis=0)"], "ValueError")

# More arithmetic: float32 rounding, wrapping integers, floor division, comparisons.
add("arith_more", ["torch.manual_seed(11)", "a = torch.rand(4).numpy()"] + show("a * 3.7") + show("a / 3") + show("a ** 2") + show("a - 0.1") + show("1 / a"))
add("arith_more", show("np.array([127], dtype=np.int8) + 1") + show("np.array([1, 2], dtype=np.uint8) - 3") + show("np.array([250], dtype=np.uint8) * 2"))
add("arith_more", show("np.arange(6).reshape(2, 3) // np.array([2, -2, 0])") + show("np.array([5.5, -5.5]) % -2") + show("np.array([-7, 7]) % np.array([3, -3])"))
add("arith_more", show("np.array([0.1, 0.5], dtype=np.float16) * 3") + show("np.array([1, 2], dtype=np.float16) / 3") + show("np.array([1, 2], dtype=np.float32) < 1.5"))
add("arith_more", ["a = np.arange(4.0)", "b = a", "b += 1", "print(a)", "c = a + 0", "c += 1", "print(a, c)", "s = a[0]", "s += 10", "print(s, a)"])
add("arith_more", show("np.array([[1, 2], [3, 4]]) @ np.array([[5, 6], [7, 8]])") + show("np.arange(3.0) @ np.arange(3.0)") + show("np.arange(6, dtype=np.float32).reshape(2, 3) @ np.ones((3, 2), dtype=np.float32)"))
err("arith_more", ["a = np.arange(4).reshape(2, 2)", "b = a @ np.arange(3)"], "ValueError")
err("arith_more", ["a = np.arange(3)", "a += np.arange(6).reshape(2, 3)"], "ValueError")
err("arith_more", ["a = np.arange(3)", "a /= 2"], "UFuncTypeError")
err("arith_more", ["a = np.arange(3.0)", "b = a & 1"], "TypeError")

# More views and sharing.
add("views_more", ["t = torch.arange(6.0).reshape(2, 3)", "a = t.t().numpy()", "print(a.strides)", "a[0, 1] = 50", "print(t)"])
add("views_more", ["t = torch.arange(8)", "a = t.numpy()", "b = a[::2]", "u = torch.from_numpy(b)", "u[1] = -7", "print(t)", "print(u.stride(), u.storage_offset())"])
add("views_more", ["a = np.arange(10)", "print(np.shares_memory(a[::2], a[1::2]), np.may_share_memory(a[::2], a[1::2]))", "print(np.shares_memory(a[:5], a[4:]), np.shares_memory(a[:5], a[5:]))"])
add("views_more", ["a = np.arange(6)", "a[...] = a[::-1]", "print(a)", "b = np.arange(6).reshape(2, 3)", "b[:, ::-1] = np.arange(3)", "print(b)"])
add("views_more", ["a = np.arange(24).reshape(2, 3, 4)", "print(a[1:, None, ::-2].shape)", "print(a[..., ::-1, 0])", "print(a[-1][-1][-1], a[..., -1].strides)"])
add("views_more", ["t = torch.zeros(2, 2, dtype=torch.int64)", "a = t.numpy()", "a += 3", "print(t)", "t.add_(1)", "print(repr(a))", "print(a.dtype, t.dtype)"])
err("views_more", ["a = np.zeros(3)", "a[0:2] = [1, 2, 3]"], "ValueError")
err("views_more", ["a = np.zeros(3, dtype=np.int8)", "a[0] = 300"], "OverflowError")
err("views_more", ["a = np.array(1.0)", "b = a[0]"], "IndexError")
err("views_more", ["a = np.array(1.0)", "n = len(a)"], "TypeError")
err("views_more", ["a = np.zeros((2, 3))", "b = a.transpose(1)"], "ValueError")
err("views_more", ["a = np.zeros(6)", "b = a.reshape(4, -1)"], "ValueError")
err("views_more", ["a = np.zeros(2, dtype=torch.float32)"], "TypeError")

# NumPy's constants: `np.newaxis` is None.
add("constants", ["print(np.newaxis)", "print(np.newaxis is None)", "print(np.pi, np.e, np.inf)"])

# ---------------------------------------------------------------------------

ALLOWED_NODES = (
    ast.Module, ast.Import, ast.alias, ast.Assign, ast.AugAssign, ast.Expr, ast.Call, ast.keyword,
    ast.Attribute, ast.Name, ast.Subscript, ast.Slice, ast.Tuple, ast.List, ast.Dict, ast.Constant,
    ast.UnaryOp, ast.USub, ast.Invert, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv,
    ast.Mod, ast.Pow, ast.MatMult, ast.BitAnd, ast.Compare, ast.Gt, ast.Lt, ast.GtE, ast.LtE, ast.Eq,
    ast.NotEq, ast.Is, ast.Load, ast.Store,
)


def check_subset(case):
    """The program must be in the ConvLang subset (see the module docstring)."""
    src = case["source"]
    assert src.startswith("\n".join(HEADER) + "\n"), case["id"]
    tree = ast.parse(src)
    assert len(tree.body) == len(src.strip().splitlines()), (case["id"], "one statement per line")
    for i, stmt in enumerate(tree.body):
        if isinstance(stmt, ast.Import):
            assert i < 2, case["id"]
        if isinstance(stmt, ast.Expr):
            assert isinstance(stmt.value, ast.Call), case["id"]
    for node in ast.walk(tree):
        assert isinstance(node, ALLOWED_NODES), (case["id"], type(node).__name__)
        if isinstance(node, ast.Constant):
            assert node.value is Ellipsis or node.value is None or isinstance(node.value, (bool, int, float, str)), \
                (case["id"], node.value)


def run(case):
    """Runs a program in a fresh namespace: (stdout, "Type: message" or None, line of the error).
    Warnings go to stderr, which the fixture does not compare."""
    stdout, error, line, _, _ = run_program(case["source"], case["id"])
    return stdout, error, line


def check_case(case):
    """Runs the case twice, stores stdout and error in it, and returns the problems."""
    cid = case["id"]
    try:
        check_subset(case)
    except AssertionError as e:
        return ["%s: not in the ConvLang subset: %s" % (cid, e)]
    stdout, error, line = run(case)
    case["stdout"], case["error"] = stdout, error
    problems = []
    if (stdout, error) != run(case)[:2]:
        problems.append("%s: output is not deterministic" % cid)
    expect = case["expect"]
    if expect is None and error is not None:
        problems.append("%s: unexpected %s" % (cid, error))
    if expect is not None:
        last = len(case["source"].strip().splitlines())
        if error is None or not error.startswith(expect + ":"):
            problems.append("%s: expected %s, got %s" % (cid, expect, error))
        elif line != last:
            problems.append("%s: the error came from line %s, not the last line %s" % (cid, line, last))
    return problems


def main():
    torch.set_printoptions(profile="default")
    np.set_printoptions()  # NumPy's defaults: precision 8, threshold 1000, line width 75
    cases = [c for group in GROUPS.values() for c in group]
    problems = []
    for case in cases:
        problems += check_case(case)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    out = {
        "numpy": np.__version__,
        "torch": torch.__version__,
        "generator": "scripts/generate_numpy_fixtures.py",
        "cases": [{"id": c["id"], "source": c["source"], "stdout": c["stdout"], "error": c["error"]} for c in cases],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    errors = sum(1 for c in cases if c["error"])
    print("%d cases in %d groups (%d ending in an error) -> %s" % (len(cases), len(GROUPS), errors, OUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
