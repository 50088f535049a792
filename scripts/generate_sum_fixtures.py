#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/sum_bits.json from real PyTorch.

Each case is a float32, float64, float16 or bfloat16 tensor of `n` elements, `x.sum()` and `x.mean()` over
all of them, or (with `shape` and `dims`) `x.sum(dim=dims)` and `x.mean(dim=dims)`, of the
tensor or of a view of it (`view`: permuted, sliced with steps, unsqueezed, expanded), with or
without `keepdim` (ATen's cascade sum: in the element type, or in float for float16 and
bfloat16, whose mean is of a float32 copy; in TensorIterator's order, vector lanes, four
levels, the work split over threads from 32768 elements on), with the
thread count PyTorch had, on its
AVX2 path (`ATEN_CPU_CAPABILITY=avx2`, as on the machine the brief describes; AVX-512's
wider vectors add in another order). `CascadeSumTests` checks each bit for bit (a
reduction's outputs' bit patterns concatenated).

The elements come from a formula both sides evaluate exactly, not from a random
generator: element i is a 24-bit (float32), 53-bit (float64), 11-bit (float16) or 8-bit
(bfloat16) integer from a
multiplicative hash of i and the case's seed, centred on zero and scaled by a power of
two between 2^-4 and 2^4 that also depends on i, so that the order of the additions
shows in the last bits. Sums and means are written as the hexadecimal bit patterns of
their dtype. Run with the PyTorch the expected values must come from:

    .venv/bin/python scripts/generate_sum_fixtures.py
"""

import json
import os
import pathlib

os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import torch  # noqa: E402

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/sum_bits.json"
SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 256,
         257, 511, 512, 513, 1000, 1023, 1024, 1025, 4095, 4096, 4097, 5000, 12705, 16383, 16384,
         16385, 32767, 32768, 32769, 50000, 65535, 65536, 65537, 100000, 262145]
# (shape, reduced dimensions): trailing dimensions of a contiguous tensor.
DIM_CASES = [((5, 1000), (1,)), ((3, 7, 9, 11), (2, 3)), ((4, 5, 6), (-1,)), ((6, 3), (1,)), ((2, 0), (1,)),
             ((1000, 8), (1,)), ((2, 40000), (1,)), ((3, 4, 129), (1, 2)), ((7, 1), (1,)), ((2, 3, 4), (2, 1))]
# (shape, view, reduced dimensions or None for every one, keepdim, thread counts): any
# dimensions, of contiguous tensors and of views. A view is a list of steps:
# ["permute", dims], ["slice", dim, start, stop, step], ["unsqueeze", dim], ["expand", sizes].
GENERAL_CASES = [
    ((100, 37), [], (0,), False, (2,)),
    ((5, 1000), [], (0,), False, (2,)),
    ((64, 3, 50), [], (0,), False, (2,)),
    ((3, 64, 50), [], (1,), False, (2,)),
    ((4, 3, 17, 19), [], (0, 2, 3), False, (2,)),
    ((4, 3, 17, 19), [], (1,), True, (2,)),
    ((6, 7, 8), [], (0, 2), False, (2,)),
    ((9, 8, 7), [], (1,), True, (2,)),
    ((33, 1, 65), [], (0,), True, (2,)),
    ((33, 1, 65), [], (1,), False, (2,)),
    ((2, 40000), [], (0,), False, (1, 2)),
    ((300, 200), [], (0,), False, (1, 2)),
    ((40000, 3), [], (0,), False, (1, 2)),
    ((3, 40000), [], (0,), False, (2,)),
    ((1000, 129), [], (0,), False, (1, 2)),
    ((20000, 2, 3), [], (0, 2), False, (2,)),
    ((70, 1000), [], (1,), False, (2,)),
    ((37, 100), [["permute", [1, 0]]], (0,), False, (2,)),
    ((37, 100), [["permute", [1, 0]]], (1,), False, (2,)),
    ((37, 100), [["permute", [1, 0]]], None, False, (2,)),
    ((300, 200), [["permute", [1, 0]]], None, False, (1, 2)),
    ((300, 200), [["permute", [1, 0]]], (1,), False, (2,)),
    ((50, 64), [["slice", 1, 0, 64, 2]], None, False, (2,)),
    ((50, 64), [["slice", 1, 0, 64, 2]], (0,), False, (2,)),
    ((400, 200), [["slice", 0, 0, 400, 2]], None, False, (1, 2)),
    ((400, 200), [["slice", 1, 1, 200, 3]], (1,), False, (2,)),
    ((8, 9, 10), [["permute", [2, 0, 1]]], (1,), False, (2,)),
    ((5, 1, 7), [["expand", [5, 6, 7]]], (1,), False, (2,)),
    ((5, 1, 7), [["expand", [5, 6, 7]]], None, False, (2,)),
    ((16, 16), [["slice", 0, 0, 16, 3], ["slice", 1, 1, 16, 1]], (0,), False, (2,)),
    ((3, 4, 5, 6), [["permute", [0, 2, 3, 1]]], (0, 1, 2), False, (2,)),
    ((3, 4, 5, 6), [["permute", [0, 2, 3, 1]]], (3,), True, (2,)),
    ((3, 400, 90), [["slice", 2, 0, 90, 2]], (1,), False, (1, 2)),
    # A dimension of one element next to an expanded one: the two-pass sum's first pass
    # orders the dimensions as for keepdim.
    ((1, 300), [["permute", [1, 0]], ["unsqueeze", 1], ["expand", [300, 200, 1]]], None, False, (1, 2)),
    ((1, 300), [["permute", [1, 0]], ["unsqueeze", 1], ["expand", [300, 200, 1]]], (0, 1, 2), True, (2,)),
]
# (shape, view, thread counts): sums of every element of a float16 or bfloat16 tensor whose
# second half cancels its first, with exponents spread over WIDE_EXPONENTS.
CANCELLING_CASES = [
    ((1000,), [], (2,)),
    ((1040,), [], (2,)),
    ((16384,), [], (2,)),
    ((40000,), [], (1, 2)),
    ((300, 200), [["permute", [1, 0]]], (1, 2)),
    ((60, 50), [["permute", [1, 0]]], (2,)),
    ((5, 1, 8), [["expand", [5, 6, 8]]], (2,)),
    ((4, 6, 10), [["permute", [2, 0, 1]]], (2,)),
]
WIDE_EXPONENTS = {torch.float16: (-14, 4), torch.bfloat16: (-30, 4)}
# The dtypes summed: name, significand bits, and the integer type of the same width
# their bit patterns are read as.
DTYPES = {torch.float32: ("float32", 24, torch.int32), torch.float64: ("float64", 53, torch.int64),
          torch.float16: ("float16", 11, torch.int16), torch.bfloat16: ("bfloat16", 8, torch.int16)}


def element(i, seed, bits, exponents=(-4, 4)):
    """Element i: a `bits`-bit integer, centred, times 2^(e - bits + 1), e in `exponents`."""
    mixed = ((i + 1) * 0x9E3779B97F4A7C15 + seed * 0xBF58476D1CE4E5B9) % (1 << 64)
    integer = (mixed >> (64 - bits)) - (1 << (bits - 1))
    low, high = exponents
    exponent = (i * 7 + seed) % (high - low + 1) + low
    return integer * 2.0 ** (exponent - bits + 1)


def generated(shape, seed, dtype, exponents=(-4, 4), cancelling=False):
    """A tensor of `shape` whose row-major elements are `element(i, seed, ...)`; with
    `cancelling`, only the first half's, the second half being their negations in
    reverse order (the sum is 0, and what PyTorch gives is its order's rounding)."""
    count = 1
    for size in shape:
        count *= size
    values = [element(i, seed, DTYPES[dtype][1], exponents) for i in range(count // 2 if cancelling else count)]
    if cancelling:
        values += [-value for value in reversed(values)]
    return torch.tensor(values, dtype=dtype).reshape(shape)


def viewed(x, view):
    """`x` through a view's steps."""
    for step in view:
        if step[0] == "permute":
            x = x.permute(*step[1])
        elif step[0] == "slice":
            x = x[(slice(None),) * step[1] + (slice(step[2], step[3], step[4]),)]
        elif step[0] == "unsqueeze":
            x = x.unsqueeze(step[1])
        else:
            x = x.expand(*step[1])
    return x


def hex_bits(result):
    """The bit patterns of a result's elements in row-major order, in hex, concatenated."""
    digits = 2 * result.element_size()
    patterns = result.contiguous().reshape(-1).view(DTYPES[result.dtype][2]).tolist()
    return "".join("%0*x" % (digits, pattern % (1 << (4 * digits))) for pattern in patterns)


def general_cases(dtype, shape, view, dims, keepdim, thread_counts, seed, exponents=(-4, 4), cancelling=False):
    """The cases of one geometry in one dtype, one per thread count."""
    x = viewed(generated(shape, seed, dtype, exponents, cancelling), view)
    cases = []
    for threads in thread_counts:
        torch.set_num_threads(threads)
        sum_, mean = ((x.sum(), x.mean()) if dims is None else
                      (x.sum(dim=dims, keepdim=keepdim), x.mean(dim=dims, keepdim=keepdim)))
        case = {"dtype": DTYPES[dtype][0], "shape": list(shape), "view": view, "dims": None if dims is None else list(dims),
                "keepdim": keepdim, "seed": seed, "threads": threads, "result_shape": list(sum_.shape),
                "sum": hex_bits(sum_), "mean": hex_bits(mean)}
        if cancelling:
            case.update(exponents=list(exponents), cancelling=True)
        cases.append(case)
    return cases


def main():
    cases = []
    for dtype, (name, bits, _) in DTYPES.items():
        for index, n in enumerate(SIZES):
            seed = index + 1
            x = torch.tensor([element(i, seed, bits) for i in range(n)], dtype=dtype)
            for threads in ((1, 2) if n >= 32768 else (2,)):
                torch.set_num_threads(threads)
                cases.append({"dtype": name, "n": n, "seed": seed, "threads": threads,
                              "sum": hex_bits(x.sum()), "mean": hex_bits(x.mean())})
    # Sums over a contiguous tensor's trailing dimensions: each output's row summed whole.
    for index, (shape, dims) in enumerate(DIM_CASES):
        for dtype, (name, _, _) in DTYPES.items():
            seed = 100 + index
            x = generated(shape, seed, dtype)
            torch.set_num_threads(2)
            cases.append({"dtype": name, "shape": list(shape), "dims": list(dims), "seed": seed, "threads": 2,
                          "sum": hex_bits(x.sum(dim=dims)), "mean": hex_bits(x.mean(dim=dims))})
    # Any dimensions, of tensors and views, with or without keepdim.
    for index, (shape, view, dims, keepdim, thread_counts) in enumerate(GENERAL_CASES):
        for dtype in DTYPES:
            cases += general_cases(dtype, shape, view, dims, keepdim, thread_counts, seed=200 + index)
    # float16 and bfloat16 add in float, exactly unless the elements' exponents spread
    # wide: sums of such elements that cancel, whose last bits are the order's.
    for index, (shape, view, thread_counts) in enumerate(CANCELLING_CASES):
        for dtype in (torch.float16, torch.bfloat16):
            cases += general_cases(dtype, shape, view, None, False, thread_counts, seed=300 + index,
                                   exponents=WIDE_EXPONENTS[dtype], cancelling=True)
    OUTPUT.write_text(json.dumps({"generator": "scripts/generate_sum_fixtures.py", "torch": torch.__version__,
                                  "capability": torch.backends.cpu.get_cpu_capability(), "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
