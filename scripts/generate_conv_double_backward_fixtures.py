#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/conv_double_backward.json from real PyTorch.

Each case is one convolution or transposed convolution (1d, 2d, 3d) in float64 with
some of its input, weight and bias requiring grad. PyTorch computes the first
gradients of `F.convNd(x, w, b, ...).pow(2).sum()` with `create_graph=True` (the
gradients of the convolution are then recorded as `ConvolutionBackwardBackward0`),
and then the gradients of `sum(a_x * dx) + sum(a_w * dw) + sum(a_b * db)` for random
`a_*`: the second derivatives, which run PyTorch's `_convolution_double_backward`
and, through `2 * y`, the convolution's own backward again.

Inputs with no samples or no channels are among the cases: PyTorch's double backward
then leaves the input's and the weight's second derivatives undefined (no convolution
terms), and a bias of more channels than the empty output has makes its `expand` raise;
such a case records the error's text instead of the second derivatives.

A case also records what a user prints: the first gradients' `grad_fn` names, their
`output_nr`, and the `next_functions` of the input gradient's
`ConvolutionBackwardBackward0` node. ConvolutionDoubleBackwardTests runs every case.

Run with the PyTorch the expected values must come from:

    /work/main/.venv/bin/python scripts/generate_conv_double_backward_fixtures.py
"""

import json
import pathlib
import warnings

import torch
import torch.nn.functional as F

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/conv_double_backward.json"
FORWARD = {(False, 1): F.conv1d, (False, 2): F.conv2d, (False, 3): F.conv3d,
           (True, 1): F.conv_transpose1d, (True, 2): F.conv_transpose2d, (True, 3): F.conv_transpose3d}
NAMES = ("input", "weight", "bias")


def encode(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "dtype": "float64", "data": t.reshape(-1).tolist()}


def node_name(node):
    return None if node is None else type(node).__name__


def listed(v):
    return v if isinstance(v, str) else list(v) if isinstance(v, (list, tuple)) else [v]


def run_case(case_id, transposed, rank, batch, c_in, c_out, size, kernel, requires=NAMES, bias=True, stride=1,
             padding=0, dilation=1, groups=1, output_padding=0):
    torch.manual_seed(sum(map(ord, case_id)) * 31 + len(case_id))
    spatial = list(size) if isinstance(size, (list, tuple)) else [size] * rank
    kernel = list(kernel) if isinstance(kernel, (list, tuple)) else [kernel] * rank
    dt = torch.float64
    x = torch.randn(([batch] if batch is not None else []) + [c_in] + spatial, dtype=dt)
    w = torch.randn(([c_in, c_out // groups] if transposed else [c_out, c_in // groups]) + kernel, dtype=dt)
    b = torch.randn(c_out, dtype=dt) if bias else None
    tensors = {"input": x, "weight": w, "bias": b}
    wrt = [n for n in NAMES if n in requires and tensors[n] is not None]
    for n in wrt:
        tensors[n].requires_grad_()
    args = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    if transposed:
        args["output_padding"] = output_padding
    y = FORWARD[(transposed, rank)](x, w, b, **args)
    firsts = torch.autograd.grad(y.pow(2).sum(), [tensors[n] for n in wrt], create_graph=True)
    multipliers = [torch.randn(g.shape, dtype=dt) for g in firsts]
    total = sum((a * g).sum() for a, g in zip(multipliers, firsts))
    try:
        seconds = torch.autograd.grad(total, [tensors[n] for n in wrt], allow_unused=True)
        error = None
    except RuntimeError as e:
        seconds, error = [None] * len(wrt), str(e)
    node = firsts[0].grad_fn
    while node_name(node) != "ConvolutionBackwardBackward0":
        node = node.next_functions[0][0]
    return {
        "id": case_id, "transposed": transposed, "rank": rank,
        "stride": listed(stride), "padding": listed(padding), "dilation": listed(dilation), "groups": groups,
        "output_padding": listed(output_padding),
        "input": encode(x), "weight": encode(w), **({"bias": encode(b)} if bias else {}),
        "wrt": wrt,
        "multipliers": {n: encode(a) for n, a in zip(wrt, multipliers)},
        "first": {n: encode(g) for n, g in zip(wrt, firsts)},
        "second": {n: encode(g) for n, g in zip(wrt, seconds) if g is not None},
        **({"error": error} if error is not None else {}),
        "grad_fn": {n: node_name(g.grad_fn) for n, g in zip(wrt, firsts)},
        "output_nr": {n: g.output_nr for n, g in zip(wrt, firsts)},
        "node_next_functions": [node_name(f) for f, _ in node.next_functions],
    }


def cases():
    out = []

    def add(*a, **k):
        out.append(run_case(*a, **k))

    sizes = {1: 9, 2: 6, 3: 4}
    for r in (1, 2, 3):
        n = sizes[r]
        add(f"conv{r}d_basic", False, r, 2, 2, 3, n, 3)
        add(f"conv{r}d_stride2_floor", False, r, 2, 2, 2, n + 1, 2, stride=2, padding=1)
        add(f"conv{r}d_dilation_groups", False, r, 1, 4, 2, n, 2, dilation=2, groups=2)
        add(f"conv{r}d_same_even", False, r, 2, 2, 2, n, 2, padding="same")
        add(f"conv{r}d_unbatched", False, r, None, 2, 3, n, 3, padding=1)
        add(f"convT{r}d_basic", True, r, 2, 2, 3, n - 2, 3)
        add(f"convT{r}d_stride2_outpad", True, r, 2, 2, 2, n - 3, 3, stride=2, padding=1, output_padding=1)
        add(f"convT{r}d_groups_dilation", True, r, 1, 4, 2, n - 3, 2, groups=2, dilation=2, stride=2,
            output_padding=1)
    add("conv2d_same_odd_dilated", False, 2, 1, 2, 2, 6, 3, padding="same", dilation=2)
    add("conv2d_same_even_unbatched", False, 2, None, 2, 2, 5, 2, padding="same")
    add("conv2d_valid_no_bias", False, 2, 2, 3, 2, 6, 3, padding="valid", bias=False)
    add("conv2d_depthwise", False, 2, 2, 3, 6, 6, 3, groups=3, padding=1)
    add("conv2d_per_dim", False, 2, 2, 2, 3, [6, 7], [2, 3], stride=[1, 2], padding=[0, 1], dilation=[2, 1])
    add("conv2d_input_only", False, 2, 2, 2, 3, 5, 3, requires=("input",), padding=1)
    add("conv2d_weight_only", False, 2, 2, 2, 3, 5, 3, requires=("weight",), stride=2)
    add("conv2d_input_bias", False, 2, 2, 2, 3, 5, 3, requires=("input", "bias"))
    add("conv2d_weight_bias_unbatched", False, 2, None, 2, 3, 5, 3, requires=("weight", "bias"), padding=1)
    add("convT2d_per_dim", True, 2, 2, 2, 3, [3, 4], [2, 3], stride=[2, 3], padding=[0, 1], output_padding=[1, 2])
    add("convT2d_outpad_over_stride", True, 2, 1, 2, 2, 3, 3, stride=1, dilation=3, output_padding=2)
    add("convT2d_unbatched", True, 2, None, 3, 2, 3, 3, stride=2, padding=1, output_padding=1)
    add("convT2d_input_only_no_bias", True, 2, 2, 2, 3, 3, 3, requires=("input",), bias=False, stride=2)
    add("convT2d_weight_only", True, 2, 2, 2, 3, 3, 3, requires=("weight",), padding=1)
    add("convT1d_crop", True, 1, 2, 2, 2, 6, 3, padding=2)
    add("convT3d_depthwise", True, 3, 1, 2, 2, 3, 2, groups=2, stride=2)
    # Empty inputs: no convolution terms in the double backward.
    add("conv2d_no_channels", False, 2, 2, 0, 3, 5, 3, requires=("input", "weight"))
    add("conv2d_no_channels_bias_error", False, 2, 2, 0, 3, 5, 3)
    add("conv2d_no_channels_one_output", False, 2, 2, 0, 1, 5, 3)
    add("conv1d_no_samples", False, 1, 0, 2, 3, 9, 3, padding=1)
    add("conv2d_no_samples_strided", False, 2, 0, 2, 3, 6, 2, stride=2)
    add("convT2d_no_samples", True, 2, 0, 2, 3, 3, 3, stride=2, output_padding=1)
    add("conv3d_no_channels_no_bias", False, 3, 1, 0, 2, 4, 2, bias=False)
    return out


def main():
    torch.set_num_threads(1)
    warnings.simplefilter("ignore", UserWarning)
    all_cases = cases()
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": all_cases}, separators=(",", ":"),
                                 allow_nan=False) + "\n")
    print(f"{len(all_cases)} cases from PyTorch {torch.__version__} -> {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
