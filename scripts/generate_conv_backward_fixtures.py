#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/conv_backward.json from real PyTorch.

Each case is one convolution or transposed convolution (1d, 2d, 3d) with its input,
weight, optional bias and a random output gradient, and the gradients PyTorch's
autograd gives for the input, the weight and the bias (`y.backward(grad_output)`, which
runs `aten::convolution_backward`; 'same' padding and unbatched inputs go through
`F.convN d` as a user writes them). ConvolutionBackwardTests runs every case through
`Convolution.backward`.

`graph_cases` record a convolution through autograd as `nn.Conv2d` and `F.convNd` do:
which operands require grad, the `grad_fn` name and the convolution node's
`next_functions`, and the gradients `y.backward(grad_output)` accumulates; where
PyTorch's graph has a pad node ConvLab does not record yet, the case says ConvLab must
refuse.

The cases: hand-picked ones for every rank (strides that floor the output away,
'same' with odd and even kernels and dilations, 'valid', groups and depthwise,
output_padding, per-dimension parameters, no bias, unbatched, float64, bfloat16), then
random combinations from a seeded generator until there are at least 200. Tensors are
small; float32 values are written as their shortest float32 repr, float64 in full.

Run with the PyTorch the expected values must come from:

    /work/main/.venv/bin/python scripts/generate_conv_backward_fixtures.py
"""

import json
import pathlib
import random
import warnings

import numpy as np
import torch
import torch.nn.functional as F

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/conv_backward.json"
DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.bfloat16: "bfloat16"}
FORWARD = {(False, 1): F.conv1d, (False, 2): F.conv2d, (False, 3): F.conv3d,
           (True, 1): F.conv_transpose1d, (True, 2): F.conv_transpose2d, (True, 3): F.conv_transpose3d}
# Keeps the file small: the most elements of any one tensor of a case.
MOST_ELEMENTS = 1600


def encode(t):
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    if t.dtype != torch.float64:
        flat = [float(str(np.float32(v))) for v in flat]
    return {"shape": list(t.shape), "dtype": DTYPES[t.dtype], "data": flat}


def run_case(case_id, transposed, rank, batch, c_in, c_out, size, kernel, dtype=torch.float32, bias=True,
             stride=1, padding=0, dilation=1, groups=1, output_padding=0):
    """The case as JSON, or None when PyTorch refuses it or it is too large."""
    seed = len(case_id) * 7919 + sum(map(ord, case_id))
    torch.manual_seed(seed)
    spatial = list(size) if isinstance(size, (list, tuple)) else [size] * rank
    kernel = list(kernel) if isinstance(kernel, (list, tuple)) else [kernel] * rank
    x = torch.randn(([batch] if batch else []) + [c_in] + spatial).to(dtype)
    w_shape = [c_in, c_out // groups] + kernel if transposed else [c_out, c_in // groups] + kernel
    w = torch.randn(w_shape).to(dtype)
    b = torch.randn(c_out).to(dtype) if bias else None
    x.requires_grad_()
    w.requires_grad_()
    if b is not None:
        b.requires_grad_()
    args = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    if transposed:
        args["output_padding"] = output_padding
    try:
        y = FORWARD[(transposed, rank)](x, w, b, **args)
    except RuntimeError:
        return None
    if max(x.numel(), w.numel(), y.numel()) > MOST_ELEMENTS or y.numel() == 0:
        return None
    grad_output = torch.randn(y.shape).to(dtype)
    y.backward(grad_output)

    def listed(v):
        return v if isinstance(v, str) else list(v) if isinstance(v, (list, tuple)) else [v]
    return {
        "id": case_id, "transposed": transposed, "rank": rank,
        "stride": listed(stride), "padding": listed(padding), "dilation": listed(dilation), "groups": groups,
        "output_padding": listed(output_padding),
        "input": encode(x), "weight": encode(w), "has_bias": bias, "grad_output": encode(grad_output),
        "expected": {"input": encode(x.grad), "weight": encode(w.grad),
                     **({"bias": encode(b.grad)} if bias else {})},
    }


def hand_picked():
    cases = []

    def add(case_id, *a, **k):
        c = run_case(case_id, *a, **k)
        assert c is not None, f"{case_id} was refused or is too large"
        cases.append(c)

    sizes = {1: 11, 2: 7, 3: 5}
    for r in (1, 2, 3):
        n = sizes[r]
        add(f"conv{r}d_basic", False, r, 2, 3, 4, n, 3)
        add(f"conv{r}d_stride2_floor", False, r, 2, 2, 3, n + 1, 3, stride=2, padding=1)
        add(f"conv{r}d_stride3_floor", False, r, 1, 2, 2, n + 1, 2, stride=3)
        add(f"conv{r}d_dilation2", False, r, 2, 2, 3, n, 2, dilation=2, padding=1)
        add(f"conv{r}d_groups2", False, r, 2, 4, 6, n, 3, groups=2, padding=1)
        add(f"conv{r}d_depthwise", False, r, 2, 3, 6, n, 3, groups=3, padding=1)
        add(f"conv{r}d_same_odd", False, r, 2, 2, 3, n, 3, padding="same")
        add(f"conv{r}d_same_even", False, r, 2, 2, 3, n, 2, padding="same")
        add(f"conv{r}d_same_even4", False, r, 1, 2, 2, n, 4 if r < 3 else 2, padding="same", bias=False)
        add(f"conv{r}d_same_dilated_even", False, r, 2, 2, 2, n, 2, padding="same", dilation=3)
        add(f"conv{r}d_same_dilated_odd", False, r, 1, 2, 3, n, 3, padding="same", dilation=2)
        add(f"conv{r}d_valid", False, r, 2, 2, 3, n, 3, padding="valid")
        add(f"conv{r}d_no_bias", False, r, 2, 3, 2, n, 3, bias=False, padding=1)
        add(f"conv{r}d_unbatched", False, r, None, 3, 4, n, 3, padding=1)
        add(f"conv{r}d_unbatched_same", False, r, None, 2, 2, n, 2, padding="same")
        add(f"conv{r}d_float64", False, r, 2, 3, 4, n, 3, dtype=torch.float64, stride=2, padding=1)
        add(f"conv{r}d_float64_groups", False, r, 1, 4, 4, n, 2, dtype=torch.float64, groups=2, dilation=2)
        add(f"conv{r}d_bfloat16", False, r, 2, 2, 3, n, 3, dtype=torch.bfloat16, padding=1)
        add(f"conv{r}d_kernel1", False, r, 2, 3, 5, n, 1)
        add(f"conv{r}d_kernel_whole", False, r, 2, 2, 3, n, n)
        add(f"conv{r}d_big_padding", False, r, 1, 2, 2, n - 2, 2, padding=3)

        add(f"convT{r}d_basic", True, r, 2, 3, 4, n - 2, 3)
        add(f"convT{r}d_stride2", True, r, 2, 2, 3, n - 3, 3, stride=2, padding=1)
        add(f"convT{r}d_stride2_outpad", True, r, 2, 2, 3, n - 3, 3, stride=2, padding=1, output_padding=1)
        add(f"convT{r}d_stride3_outpad2", True, r, 1, 2, 2, n - 4, 2, stride=3, output_padding=2)
        add(f"convT{r}d_dilation2", True, r, 2, 2, 3, n - 3, 2, dilation=2, padding=1)
        add(f"convT{r}d_dilation_outpad", True, r, 1, 2, 2, n - 3, 2, dilation=3, stride=2, output_padding=2)
        add(f"convT{r}d_groups2", True, r, 2, 4, 6, n - 3, 3, groups=2, padding=1)
        add(f"convT{r}d_depthwise", True, r, 2, 3, 3, n - 3, 3, groups=3, stride=2)
        add(f"convT{r}d_crop", True, r, 1, 2, 2, n - 2, 3, padding=2)
        add(f"convT{r}d_no_bias", True, r, 2, 3, 2, n - 3, 3, bias=False, stride=2)
        add(f"convT{r}d_unbatched", True, r, None, 3, 4, n - 3, 3, stride=2, padding=1, output_padding=1)
        add(f"convT{r}d_float64", True, r, 2, 3, 4, n - 3, 3, dtype=torch.float64, stride=2, padding=1)
        add(f"convT{r}d_bfloat16", True, r, 2, 2, 3, n - 3, 2, dtype=torch.bfloat16, stride=2)
        add(f"convT{r}d_kernel1", True, r, 2, 3, 5, n - 2, 1)

    # Per-dimension parameters.
    add("conv2d_per_dim", False, 2, 2, 2, 3, [7, 9], [2, 3], stride=[1, 2], padding=[0, 1], dilation=[2, 1])
    add("conv2d_per_dim_same", False, 2, 2, 2, 3, [6, 8], [2, 3], padding="same", dilation=[1, 2])
    add("conv3d_per_dim", False, 3, 1, 2, 2, [4, 5, 6], [1, 2, 3], stride=[1, 2, 3], padding=[1, 0, 1])
    add("conv1d_long", False, 1, 3, 2, 3, 40, 5, stride=2, padding=2)
    add("convT2d_per_dim", True, 2, 2, 2, 3, [4, 5], [2, 3], stride=[2, 3], padding=[0, 1], output_padding=[1, 2])
    add("convT3d_per_dim", True, 3, 1, 2, 2, [3, 2, 4], [2, 1, 3], stride=[1, 2, 2], dilation=[2, 1, 1],
        output_padding=[1, 1, 0])
    add("convT1d_long", True, 1, 3, 2, 3, 30, 4, stride=2, padding=1)
    add("conv2d_batch4", False, 2, 4, 3, 2, 6, 3, padding=1, stride=2)
    add("convT2d_batch4", True, 2, 4, 3, 2, 4, 4, stride=2, padding=1)
    # Deep enough (at least 256 output channels times taps per group) for the phase-plane
    # route of the gradients on AVX2: several samples, one sample with groups (its
    # threads share positions), and 1-d with dilation.
    add("convT2d_phase_planes", True, 2, 2, 6, 16, 3, 4, stride=2, padding=1)
    add("convT2d_phase_planes_groups", True, 2, 1, 4, 32, [3, 2], 4, stride=2, padding=1, output_padding=1, groups=2)
    add("convT1d_phase_planes", True, 1, 2, 4, 64, 4, 4, stride=3, padding=2, dilation=2)
    return cases


def random_cases(count):
    rng = random.Random(17)
    cases = []
    attempts = 0
    while len(cases) < count:
        attempts += 1
        assert attempts < 20 * count, "too many refused random cases"
        rank = rng.choice([1, 2, 2, 3])
        transposed = rng.random() < 0.45
        groups = rng.choice([1, 1, 1, 2, 3])
        c_in = groups * rng.randint(1, 3)
        c_out = groups * rng.randint(1, 3)
        size = [rng.randint(2, {1: 14, 2: 8, 3: 5}[rank]) for _ in range(rank)]
        kernel = [rng.randint(1, {1: 5, 2: 4, 3: 3}[rank]) for _ in range(rank)]
        stride = [rng.choice([1, 1, 2, 3]) for _ in range(rank)]
        dilation = [rng.choice([1, 1, 2]) for _ in range(rank)]
        padding = [rng.randint(0, 2) for _ in range(rank)]
        output_padding = [0] * rank
        if transposed:
            output_padding = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation)]
        elif rng.random() < 0.15:
            padding = rng.choice(["same", "valid"])
            if padding == "same":
                stride = [1] * rank
        dtype = torch.float64 if rng.random() < 0.2 else torch.float32
        batch = rng.choice([None, 1, 2, 3])
        case = run_case(f"random{len(cases)}_{'convT' if transposed else 'conv'}{rank}d", transposed, rank, batch,
                        c_in, c_out, size, kernel, dtype=dtype, bias=rng.random() < 0.6, stride=stride,
                        padding=padding, dilation=dilation, groups=groups, output_padding=output_padding)
        if case is not None:
            cases.append(case)
    return cases


def node_name(node):
    return None if node is None else type(node).__name__


def graph_case(case_id, transposed, rank, batch, c_in, c_out, size, kernel, requires=("input", "weight", "bias"),
               bias=True, padding_mode="zeros", **params):
    """A case recorded through autograd: which tensors require grad, the graph's node
    names as `grad_fn` and `next_functions` print them, and the gradients that
    `y.backward(grad_output)` accumulates (or the refusal ConvLab must give where its
    graph would lack PyTorch's pad node)."""
    seed = sum(map(ord, case_id))
    torch.manual_seed(seed)
    spatial = [size] * rank
    x = torch.randn(([batch] if batch else []) + [c_in] + spatial)
    w_shape = [c_in, c_out // params.get("groups", 1)] if transposed else [c_out, c_in // params.get("groups", 1)]
    w = torch.randn(w_shape + [kernel] * rank)
    b = torch.randn(c_out) if bias else None
    for name, t in (("input", x), ("weight", w), ("bias", b)):
        if t is not None and name in requires:
            t.requires_grad_()
    if padding_mode != "zeros":
        module = torch.nn.Conv2d(c_in, c_out, kernel, bias=bias, padding_mode=padding_mode, **params)
        with torch.no_grad():
            module.weight.copy_(w)
            if bias:
                module.bias.copy_(b)
        y = torch.nn.functional.conv2d(torch.nn.functional.pad(x, module._reversed_padding_repeated_twice,
                                                               mode=padding_mode), w, b, **{**params, "padding": 0})
    else:
        y = FORWARD[(transposed, rank)](x, w, b, **params)
    grad_output = torch.randn(y.shape)
    root = y.grad_fn
    conv = root if node_name(root) == "ConvolutionBackward0" else root.next_functions[0][0]
    pad = conv.next_functions[0][0]
    record = {
        "id": case_id, "transposed": transposed, "rank": rank, "padding_mode": padding_mode,
        "stride": [params.get("stride", 1)], "dilation": [params.get("dilation", 1)], "groups": params.get("groups", 1),
        "padding": params.get("padding", 0) if isinstance(params.get("padding", 0), str) else [params.get("padding", 0)],
        "output_padding": [params.get("output_padding", 0)],
        "input": encode(x), "weight": encode(w), "has_bias": bias, "requires": list(requires),
        "grad_output": encode(grad_output),
        "grad_fn": node_name(root),
        "conv_next_functions": [node_name(n) for n, _ in conv.next_functions],
        "input_next_functions": [node_name(n) for n, _ in pad.next_functions] if pad is not None else [],
    }
    if bias:
        record["bias"] = encode(b)
    convlab_lacks = set()  # every pad node of PyTorch's graph is recorded now
    if convlab_lacks & set(record["conv_next_functions"]):
        record["refused"] = True
        return record
    y.backward(grad_output)
    record["expected"] = {name: encode(t.grad) for name, t in (("input", x), ("weight", w), ("bias", b))
                          if t is not None and t.grad is not None}
    return record


def graph_cases():
    return [
        graph_case("graph_conv2d", False, 2, 2, 2, 3, 5, 3, padding=1),
        graph_case("graph_conv2d_weight_only", False, 2, 2, 2, 3, 5, 3, requires=("weight",)),
        graph_case("graph_conv2d_input_only_no_bias", False, 2, 2, 2, 3, 6, 2, requires=("input",), bias=False, stride=2),
        graph_case("graph_conv2d_unbatched", False, 2, None, 2, 3, 5, 3, padding=1),
        graph_case("graph_conv2d_unbatched_weight_only", False, 2, None, 2, 3, 5, 3, requires=("weight", "bias")),
        graph_case("graph_conv1d_same_odd", False, 1, 2, 2, 2, 7, 3, padding="same"),
        graph_case("graph_conv2d_same_even_weight_only", False, 2, 1, 2, 2, 5, 2, requires=("weight",), padding="same"),
        graph_case("graph_conv2d_same_even_input", False, 2, 1, 2, 2, 5, 2, padding="same"),
        graph_case("graph_conv1d_same_even_unbatched", False, 1, None, 2, 3, 7, 4, padding="same"),
        graph_case("graph_conv3d_same_dilated_input_only", False, 3, 2, 2, 2, 4, 2, requires=("input",), padding="same",
                   dilation=3),
        graph_case("graph_conv3d_groups", False, 3, 1, 4, 2, 4, 2, groups=2),
        graph_case("graph_convT2d", True, 2, 2, 3, 2, 4, 3, stride=2, padding=1, output_padding=1),
        graph_case("graph_convT2d_unbatched", True, 2, None, 3, 2, 4, 3, stride=2),
        graph_case("graph_convT1d_bias_only", True, 1, 2, 2, 2, 5, 3, requires=("bias",)),
        graph_case("graph_reflect_weight_only", False, 2, 1, 2, 3, 5, 3, requires=("weight", "bias"),
                   padding_mode="reflect", padding=1),
        graph_case("graph_reflect_input", False, 2, 1, 2, 3, 5, 3, padding_mode="reflect", padding=1),
        graph_case("graph_replicate_input", False, 2, 1, 2, 3, 5, 3, padding_mode="replicate", padding=1),
        graph_case("graph_circular_input", False, 2, 1, 2, 3, 5, 3, padding_mode="circular", padding=1),
    ]


def main():
    torch.set_num_threads(1)
    # 'same' with even kernels warns that it pads a copy of the input: expected here.
    warnings.simplefilter("ignore", UserWarning)
    cases = hand_picked() + random_cases(140)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    graphs = graph_cases()
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases, "graph_cases": graphs}, separators=(",", ":"),
                                 allow_nan=False) + "\n")
    print(f"{len(cases)} cases and {len(graphs)} graph cases from PyTorch {torch.__version__} -> {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
