#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/pytorch_backends.json from real PyTorch.

Each case is a float32 convolution or transposed convolution (1d, 2d, 3d: batch,
channels, sizes, kernel, stride, padding, dilation, output_padding, groups) and a thread
count, with the CPU backend PyTorch selects for it (`torch._C._select_conv_backend`,
the same choice `aten::_convolution` makes). `PyTorchBackendTests` checks that
`PyTorchBackend.usesOneDNN` says oneDNN exactly where PyTorch does, so ConvLab's fast
routes that sum in another order than im2col + sgemm run only where PyTorch's own
results come from oneDNN.

Run with the PyTorch the expected values must come from:

    /work/main/.venv/bin/python scripts/generate_backend_fixtures.py
"""

import json
import pathlib
import random

import torch

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/pytorch_backends.json"


def backend_name(backend):
    """The C++ enumerator's name; the Python binding leaves MkldnnTranspose (9) unnamed."""
    names = {value.value: name for name, value in type(backend).__members__.items()}
    names[9] = "MkldnnTranspose"
    return names[backend.value]


def case(rng):
    rank = rng.choice([1, 2, 2, 3])
    transposed = rng.random() < 0.5
    groups = rng.choice([1, 1, 1, 2, 4])
    batch = rng.choice([1, 1, 2, 3, 16, 17])
    per_group_in, per_group_out = rng.choice([1, 2, 3, 8]), rng.choice([1, 2, 5])
    in_channels, out_channels = groups * per_group_in, groups * per_group_out
    kernel = [rng.choice([1, 1, 2, 3, 4, 5]) for _ in range(rank)]
    stride = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
    dilation = [rng.choice([1, 1, 2]) for _ in range(rank)]
    padding = [rng.choice([0, 1, 2]) for _ in range(rank)]
    output_padding = ([rng.randrange(max(s, d)) if rng.random() < 0.5 else 0 for s, d in zip(stride, dilation)]
                      if transposed else [0] * rank)
    big = rng.random() < 0.3
    size = [rng.choice([40, 70, 130] if big else [3, 5, 8, 12]) for _ in range(rank)]
    threads = rng.choice([1, 2])
    if transposed:
        weight_shape = [in_channels, per_group_out, *kernel]
    else:
        weight_shape = [out_channels, per_group_in, *kernel]
    x = torch.empty(batch, in_channels, *size)
    w = torch.empty(*weight_shape)
    torch.set_num_threads(threads)
    try:
        backend = torch._C._select_conv_backend(x, w, None, stride, padding, dilation, transposed,
                                                output_padding, groups, None)
    except RuntimeError:
        return None
    return {"rank": rank, "transposed": transposed, "batch": batch, "in_channels": in_channels,
            "out_channels": out_channels, "size": size, "kernel": kernel, "stride": stride,
            "padding": padding, "dilation": dilation, "output_padding": output_padding, "groups": groups,
            "threads": threads, "backend": backend_name(backend)}


def main():
    rng = random.Random(19)
    cases = []
    while len(cases) < 400:
        c = case(rng)
        if c is not None:
            cases.append(c)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=0) + "\n")
    backends = sorted({c["backend"] for c in cases})
    print(f"wrote {len(cases)} cases to {OUTPUT} ({', '.join(backends)})")


if __name__ == "__main__":
    main()
