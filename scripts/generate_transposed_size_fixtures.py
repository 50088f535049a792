#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/transposed_output_sizes.json from real PyTorch.

Transposed convolutions (1d, 2d, 3d; float32 and float64; 1 or 2 threads) whose output
is 0, negative or 1 along some dimension. PyTorch checks the output's size on its
matrix route only ("Output size is too small"); where it takes oneDNN (float32 and
geometries `_select_conv_backend` sends there) an output of size 0 is an empty tensor
and a negative one is refused by oneDNN ("could not construct a memory descriptor using
a format tag"). Each case records the output's shape and sum, or the error's first line;
`TransposedOutputSizeTests` runs them through ConvLab.

    /work/torch-venv/bin/python scripts/generate_transposed_size_fixtures.py
"""

import json
import pathlib
import random

import torch

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/transposed_output_sizes.json"


def case(rng):
    rank = rng.choice([1, 2, 2, 3])
    groups = rng.choice([1, 1, 2, 3])
    batch = rng.choice([1, 1, 2, 3])
    in_channels, per_group_out = groups * rng.choice([1, 2]), rng.choice([1, 2])
    kernel = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
    stride = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
    dilation = [rng.choice([1, 1, 2]) for _ in range(rank)]
    size = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
    output_padding = [rng.randrange(max(s, d)) if rng.random() < 0.3 else 0 for s, d in zip(stride, dilation)]
    # Padding that brings the output near 0: (size - 1) * stride + dilation * (kernel - 1) + 1 + output_padding - 2 * padding.
    full = [(n - 1) * s + d * (k - 1) + 1 + op for n, s, d, k, op in zip(size, stride, dilation, kernel, output_padding)]
    padding = [max(0, (f + rng.choice([-2, -1, 0, 0, 1, 2])) // 2) for f in full]
    dtype = rng.choice(["float32", "float32", "float64"])
    threads = rng.choice([1, 2])
    torch.set_num_threads(threads)
    x = (torch.arange(batch * in_channels * eval("*".join(map(str, size))), dtype=getattr(torch, dtype)) % 7 - 3) / 2
    x = x.reshape(batch, in_channels, *size)
    w = (torch.arange(in_channels * per_group_out * eval("*".join(map(str, kernel))), dtype=getattr(torch, dtype)) % 5 - 2) / 4
    w = w.reshape(in_channels, per_group_out, *kernel)
    b = torch.arange(groups * per_group_out, dtype=getattr(torch, dtype)) / 8
    function = getattr(torch.nn.functional, f"conv_transpose{rank}d")
    result = {"rank": rank, "dtype": dtype, "threads": threads, "batch": batch, "in_channels": in_channels,
              "out_channels": groups * per_group_out, "size": size, "kernel": kernel, "stride": stride,
              "padding": padding, "output_padding": output_padding, "dilation": dilation, "groups": groups}
    try:
        y = function(x, w, b, stride=stride, padding=padding, output_padding=output_padding, groups=groups,
                     dilation=dilation)
        result.update(shape=list(y.shape), sum=y.sum().item())
    except RuntimeError as error:
        result.update(error=str(error).splitlines()[0])
    return result


def main():
    rng = random.Random(19)
    cases = [case(rng) for _ in range(400)]
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0) + "\n")
    empty = sum(1 for c in cases if "shape" in c and 0 in c["shape"])
    onednn = sum(1 for c in cases if c.get("error", "").startswith("could not"))
    small = sum(1 for c in cases if c.get("error", "").endswith("too small"))
    print(f"wrote {len(cases)} cases to {OUTPUT}: {empty} empty outputs, {onednn} refused by oneDNN, "
          f"{small} refused as too small, {len(cases) - empty - onednn - small} others")


if __name__ == "__main__":
    main()
