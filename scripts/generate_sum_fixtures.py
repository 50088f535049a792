#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/sum_bits.json from real PyTorch.

Each case is a float32 or float64 tensor of `n` elements, `x.sum()` and `x.mean()` over
all of them, or (with `shape` and `dims`) `x.sum(dim=dims)` and `x.mean(dim=dims)` over a
contiguous tensor's trailing dimensions (ATen's cascade sum: in the element type, vector lanes, four levels, the
elements split over threads from 32768 on), with the thread count PyTorch had, on its
AVX2 path (`ATEN_CPU_CAPABILITY=avx2`, as on the machine the brief describes; AVX-512's
wider vectors add in another order). `CascadeSumTests` checks each bit for bit (a
reduction's outputs' bit patterns concatenated).

The elements come from a formula both sides evaluate exactly, not from a random
generator: element i is a 24-bit (float32) or 53-bit (float64) integer from a
multiplicative hash of i and the case's seed, centred on zero and scaled by a power of
two between 2^-4 and 2^4 that also depends on i, so that the order of the additions
shows in the last bits. Sums and means are written as the hexadecimal bit patterns of
their dtype. Run with the PyTorch the expected values must come from:

    .venv/bin/python scripts/generate_sum_fixtures.py
"""

import json
import os
import pathlib
import struct

os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import torch  # noqa: E402

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/sum_bits.json"
SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 256,
         257, 511, 512, 513, 1000, 1023, 1024, 1025, 4095, 4096, 4097, 5000, 12705, 16383, 16384,
         16385, 32767, 32768, 32769, 50000, 65535, 65536, 65537, 100000, 262145]
# (shape, reduced dimensions): trailing dimensions of a contiguous tensor.
DIM_CASES = [((5, 1000), (1,)), ((3, 7, 9, 11), (2, 3)), ((4, 5, 6), (-1,)), ((6, 3), (1,)), ((2, 0), (1,)),
             ((1000, 8), (1,)), ((2, 40000), (1,)), ((3, 4, 129), (1, 2)), ((7, 1), (1,)), ((2, 3, 4), (2, 1))]
# (mantissa bits, struct format, hex digits) per dtype.
FORMATS = {torch.float32: (24, ">f", ">I", "%08x"), torch.float64: (53, ">d", ">Q", "%016x")}


def element(i, seed, bits):
    """Element i: a `bits`-bit integer, centred, times 2^(e - bits + 1), e in -4...4."""
    mixed = ((i + 1) * 0x9E3779B97F4A7C15 + seed * 0xBF58476D1CE4E5B9) % (1 << 64)
    integer = (mixed >> (64 - bits)) - (1 << (bits - 1))
    exponent = (i * 7 + seed) % 9 - 4
    return integer * 2.0 ** (exponent - bits + 1)


def hex_bits(value, dtype):
    _, float_format, int_format, hex_format = FORMATS[dtype]
    return hex_format % struct.unpack(int_format, struct.pack(float_format, value))[0]


def main():
    cases = []
    for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        bits = FORMATS[dtype][0]
        for index, n in enumerate(SIZES):
            seed = index + 1
            x = torch.tensor([element(i, seed, bits) for i in range(n)], dtype=dtype)
            for threads in ((1, 2) if n >= 32768 else (2,)):
                torch.set_num_threads(threads)
                cases.append({"dtype": name, "n": n, "seed": seed, "threads": threads,
                              "sum": hex_bits(x.sum().item(), dtype), "mean": hex_bits(x.mean().item(), dtype)})
    # Sums over a contiguous tensor's trailing dimensions: each output's row summed whole.
    for index, (shape, dims) in enumerate(DIM_CASES):
        for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
            bits = FORMATS[dtype][0]
            seed = 100 + index
            count = 1
            for size in shape:
                count *= size
            x = torch.tensor([element(i, seed, bits) for i in range(count)], dtype=dtype).reshape(shape)
            torch.set_num_threads(2)
            cases.append({"dtype": name, "shape": list(shape), "dims": list(dims), "seed": seed, "threads": 2,
                          "sum": "".join(hex_bits(v, dtype) for v in x.sum(dim=dims).reshape(-1).tolist()),
                          "mean": "".join(hex_bits(v, dtype) for v in x.mean(dim=dims).reshape(-1).tolist())})
    OUTPUT.write_text(json.dumps({"generator": "scripts/generate_sum_fixtures.py", "torch": torch.__version__,
                                  "capability": torch.backends.cpu.get_cpu_capability(), "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
