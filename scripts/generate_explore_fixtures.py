#!/usr/bin/env python3
"""Writes Tests/ConvRenderTests/Fixtures/explore/explore.json from PyTorch.

Each case is one set of explore() slider values for F.conv1d, F.conv2d,
F.conv_transpose1d or F.conv_transpose2d on a zero input of shape (1, C, *input)
and a zero weight: the output shape PyTorch gives, or the type and message of the
exception it raises. ExplorePanelTests renders each and expects the panel to show
that shape (as `torch.Size([...])`) or that message. "caps" holds, for strides 1-4 and
dilations 1-3, the largest output_padding F.conv_transpose2d accepts.

    .venv/bin/python scripts/generate_explore_fixtures.py
"""

import itertools
import json
import pathlib

import torch
import torch.nn.functional as F

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvRenderTests/Fixtures/explore/explore.json"


def case(op, input, kernel, stride=1, padding=0, dilation=1, output_padding=0, channels=(1, 1), groups=1):
    rank = 2 if op.endswith("2d") else 1
    def tup(v):
        return list(v) if isinstance(v, (list, tuple)) else [v] * rank
    input, kernel, stride, padding, dilation, output_padding = map(tup, (input, kernel, stride, padding, dilation, output_padding))
    cin, cout = channels
    x = torch.zeros([1, cin] + input)
    transposed = op.startswith("conv_transpose")
    w = torch.zeros(([cin, cout // groups] if transposed else [cout, cin // groups]) + kernel)
    entry = dict(op=op, input=input, kernel_size=kernel, stride=stride, padding=padding, dilation=dilation,
                 output_padding=output_padding, in_channels=cin, out_channels=cout, groups=groups)
    try:
        if transposed:
            y = getattr(F, op)(x, w, stride=stride, padding=padding, output_padding=output_padding,
                               groups=groups, dilation=dilation)
        else:
            y = getattr(F, op)(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
        entry["shape"] = list(y.shape)
    except Exception as e:  # PyTorch's refusal is the expected output
        entry["error"] = {"type": type(e).__name__, "message": str(e)}
    return entry


def cases():
    out = []
    # A grid of square 2-D combinations.
    for i, k, s, p in itertools.product([1, 3, 5], [1, 3, 4], [1, 2], [0, 2]):
        if (i + k + s + p) % 3 == 0:
            out.append(case("conv2d", i, k, s, p))
            out.append(case("conv_transpose2d", i, k, s, p, output_padding=(s - 1)))
    # Refusals and edges.
    out += [
        case("conv2d", 3, 5),                                   # kernel larger than the input
        case("conv2d", 2, 3, dilation=2, padding=1),            # dilated span larger than the padded input
        case("conv2d", 16, 3, stride=2, padding=1),
        case("conv2d", [4, 7], [3, 2], stride=[1, 3], padding=[0, 1], dilation=[2, 1]),
        case("conv2d", 8, 3, dilation=3),
        case("conv2d", 1, 1),
        case("conv2d", 5, 3, padding=1, channels=(2, 4), groups=2),
        case("conv2d", 5, 3, channels=(3, 3), groups=2),
        case("conv2d", 5, 3, channels=(1, 1), groups=2),
        case("conv_transpose2d", 3, 3, stride=2, padding=1),
        case("conv_transpose2d", 3, 3, stride=2, padding=1, output_padding=1),
        case("conv_transpose2d", 3, 3, stride=2, padding=1, output_padding=2),   # output_padding too large
        case("conv_transpose2d", 3, 3, stride=1, dilation=3, output_padding=2),
        case("conv_transpose2d", 3, 3, stride=1, dilation=3, output_padding=3),
        case("conv_transpose2d", 1, 1, padding=1),               # output size 0
        case("conv_transpose2d", 2, 3, padding=3),               # output size negative
        case("conv_transpose2d", 1, 1, stride=4, padding=0),
        case("conv_transpose2d", 16, 3, stride=2, padding=1, output_padding=1),
        case("conv_transpose2d", [3, 5], [2, 3], stride=[2, 1], padding=[0, 1], output_padding=[1, 0]),
        case("conv_transpose2d", [3, 5], [2, 3], stride=[2, 1], padding=[0, 1], output_padding=[1, 1]),
        case("conv_transpose2d", 4, 3, stride=3, padding=3, dilation=2),
        case("conv_transpose2d", 3, 3, stride=2, padding=1, channels=(4, 6), groups=2),
        case("conv_transpose2d", 3, 3, stride=2, channels=(4, 3), groups=3),
        case("conv1d", 5, 3),
        case("conv1d", 5, 3, stride=2, padding=1),
        case("conv1d", 2, 4),
        case("conv1d", 7, 3, dilation=3),
        case("conv1d", 6, 2, stride=4, padding=3),
        case("conv1d", 1, 3, padding=1),
        case("conv1d", 1, 4, padding=1),
        case("conv_transpose1d", 4, 3, stride=2),
        case("conv_transpose1d", 4, 3, stride=2, padding=1, output_padding=1),
        case("conv_transpose1d", 4, 3, stride=2, output_padding=2),
        case("conv_transpose1d", 4, 3, stride=1, dilation=2, output_padding=1),
        case("conv_transpose1d", 1, 2, padding=1),
        case("conv_transpose1d", 1, 2, padding=4),
        case("conv_transpose1d", 5, 4, stride=3, padding=2, dilation=2, output_padding=2),
    ]
    return out


def caps():
    """The largest output_padding F.conv_transpose2d accepts, per stride and dilation."""
    out = []
    for s, d in itertools.product(range(1, 5), range(1, 4)):
        accepted = [op for op in range(0, 6)
                    if "shape" in case("conv_transpose2d", 4, 3, stride=s, dilation=d, output_padding=op)]
        assert accepted == list(range(len(accepted)))
        out.append({"stride": s, "dilation": d, "max_output_padding": max(accepted)})
    return out


def main():
    data = {"torch": torch.__version__, "cases": cases(), "caps": caps()}
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"{len(data['cases'])} cases -> {OUTPUT}")


if __name__ == "__main__":
    main()
