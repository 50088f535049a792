#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/float16_transposed.json from real PyTorch.

Each case is a float16 transposed convolution (`F.conv_transpose1d`, `2d`, `3d`) of a
geometry (batch, channels, stride, padding, output padding, dilation, groups, bias), whose
result PyTorch's CPU computes by rounding each column of its product to float16 and adding
the columns into the output in float16. `Float16TransposedConvolutionTests` checks each
element bit for bit.

The operands come from a formula both sides evaluate exactly in float16, not from a random
generator: element i of the input is ((i * 7919 + seed) mod 2003 - 1001) / 128, of the
weight ((i * 104729 + seed) mod 1009 - 504) / 512, of the bias ((i * 31 + seed) mod 97 -
48) / 16. Results are the hexadecimal bit patterns of their float16 elements, row-major.
Run with the PyTorch the expected values must come from:

    .venv/bin/python scripts/generate_float16_transposed_fixtures.py
"""

import json
import os
import pathlib

os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/float16_transposed.json"
# (input shape, weight shape, bias, stride, padding, output padding, groups, dilation)
CASES = [
    ((1, 1, 3, 3), (1, 1, 3, 3), False, (2, 2), (0, 0), (0, 0), 1, (1, 1)),
    ((1, 2, 5, 5), (2, 3, 3, 3), False, (2, 2), (0, 0), (0, 0), 1, (1, 1)),
    ((2, 3, 5, 5), (3, 4, 3, 3), True, (2, 2), (1, 1), (1, 1), 1, (1, 1)),
    ((2, 3, 4, 6), (3, 2, 3, 3), True, (1, 1), (0, 0), (0, 0), 1, (1, 1)),
    ((1, 16, 4, 4), (16, 3, 3, 3), True, (2, 2), (0, 0), (0, 0), 1, (1, 1)),
    ((1, 64, 4, 4), (64, 4, 4, 4), True, (2, 2), (1, 1), (0, 0), 1, (1, 1)),
    ((2, 128, 3, 3), (128, 3, 2, 2), False, (1, 1), (0, 0), (0, 0), 1, (1, 1)),
    ((1, 5, 3, 3), (5, 3, 1, 1), True, (1, 1), (0, 0), (0, 0), 1, (1, 1)),
    ((2, 6, 4, 5), (6, 2, 3, 2), True, (2, 1), (1, 0), (1, 0), 3, (2, 1)),
    ((1, 4, 6, 6), (4, 1, 3, 3), True, (2, 2), (1, 1), (1, 1), 4, (1, 1)),
    ((1, 4, 5, 5), (4, 2, 3, 3), False, (3, 2), (2, 1), (2, 1), 1, (2, 3)),
    ((1, 2, 4, 4), (2, 2, 5, 5), True, (1, 1), (3, 2), (0, 0), 1, (1, 1)),
    ((1, 9, 4), (9, 2, 4), True, (2,), (1,), (1,), 1, (1,)),
    ((3, 4, 17), (4, 6, 3), True, (2,), (0,), (0,), 2, (2,)),
    ((1, 4, 3, 3, 3), (4, 2, 3, 3, 3), True, (2, 2, 2), (1, 1, 1), (1, 0, 1), 1, (1, 1, 1)),
    ((1, 6, 2, 3, 3), (6, 2, 2, 2, 2), False, (2, 1, 2), (0, 1, 0), (1, 0, 0), 3, (1, 2, 1)),
    ((2, 3, 3, 3), (3, 2, 3, 3), True, (2, 2), (0, 0), (0, 0), 1, (1, 1)),
]


def operand(shape, seed, multiplier, modulus, scale):
    count = 1
    for size in shape:
        count *= size
    values = [((i * multiplier + seed) % modulus - modulus // 2) / scale for i in range(count)]
    return torch.tensor(values, dtype=torch.float16).reshape(shape)


def main():
    cases = []
    for index, (x_shape, w_shape, has_bias, stride, padding, output_padding, groups, dilation) in enumerate(CASES):
        seed = index + 1
        x = operand(x_shape, seed, 7919, 2003, 128)
        w = operand(w_shape, seed, 104729, 1009, 512)
        b = operand((w_shape[1] * groups,), seed, 31, 97, 16) if has_bias else None
        function = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][len(stride) - 1]
        y = function(x, w, b, stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
        single = function(x.float(), w.float(), None if b is None else b.float(), stride=stride, padding=padding,
                          output_padding=output_padding, groups=groups, dilation=dilation).half()
        bits = y.contiguous().reshape(-1).view(torch.int16).tolist()
        cases.append({"input": list(x_shape), "weight": list(w_shape), "bias": has_bias, "stride": list(stride),
                      "padding": list(padding), "output_padding": list(output_padding), "groups": groups,
                      "dilation": list(dilation), "seed": seed, "shape": list(y.shape),
                      "differ_from_single_rounding": int((y.view(torch.int16) != single.view(torch.int16)).sum()),
                      "output": "".join("%04x" % (v % 65536) for v in bits)})
    OUTPUT.write_text(json.dumps({"generator": "scripts/generate_float16_transposed_fixtures.py", "torch": torch.__version__,
                                  "capability": torch.backends.cpu.get_cpu_capability(), "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")
    print("elements differing from float32 rounded once:", [c["differ_from_single_rounding"] for c in cases])


if __name__ == "__main__":
    main()
