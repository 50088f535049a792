"""Convolutions through autograd for the autograd fixtures (`generate_autograd_fixtures.py`,
category `conv`): conv1d/2d/3d and conv_transpose1d/2d/3d, functional and nn modules,
over stride, padding (numbers, tuples, 'same', 'valid'), output_padding, dilation,
groups, bias and padding_mode, with gradients with respect to input, weight and bias.

Inputs, weights, biases and the upstream gradient hold small integers, so every output
and every gradient is an integer that float32 holds exactly: the programs print the
outputs (with `grad_fn=<ConvolutionBackward0>`) and, for the small ones, the gradients.
"""

import re


def _count(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _shape(shape):
    return ", ".join(map(str, shape))


def _filled(name, shape, multiplier, modulus, dtype):
    """`name = (torch.arange(n.) * multiplier % modulus - modulus // 2).reshape(shape)`: small distinct-ish integers."""
    n = _count(shape)
    arange = f"torch.arange({n}, dtype=torch.float64)" if dtype == "float64" else f"torch.arange({n}.)"
    return f"{name} = ({arange} * {multiplier} % {modulus} - {modulus // 2}).reshape({_shape(shape)})"


def _arguments(params):
    return "".join(f", {key}={value}" for key, value in params.items())


# (id suffix, spatial input size per dim, channels in, channels out, kernel, parameters).
CONV_SETS = [
    ("basic", 5, 2, 3, 3, {}),
    ("stride2", 6, 2, 2, 3, {"stride": 2}),
    ("padding1", 4, 1, 2, 3, {"padding": 1}),
    ("same_odd", 5, 2, 2, 3, {"padding": "'same'"}),
    ("same_even_dilated", 6, 1, 2, 2, {"padding": "'same'", "dilation": 2}),
    ("valid", 4, 2, 1, 2, {"padding": "'valid'"}),
    ("dilation2", 6, 1, 2, 2, {"dilation": 2}),
    ("groups2", 4, 4, 2, 3, {"groups": 2}),
    ("depthwise", 4, 2, 4, 2, {"groups": 2, "padding": 1}),
    ("combined", 7, 4, 4, 3, {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
    ("stride3_padding2", 7, 1, 2, 3, {"stride": 3, "padding": 2}),
]

TRANSPOSE_SETS = [
    ("basic", 3, 2, 3, 3, {}),
    ("stride2", 3, 2, 2, 3, {"stride": 2}),
    ("stride2_padding1_output_padding1", 3, 1, 2, 3, {"stride": 2, "padding": 1, "output_padding": 1}),
    ("dilation2", 3, 1, 2, 2, {"dilation": 2}),
    ("groups2", 3, 4, 2, 2, {"groups": 2}),
    ("combined", 3, 4, 4, 3, {"stride": 2, "padding": 1, "output_padding": 1, "dilation": 2, "groups": 2}),
    ("stride3_output_padding2", 2, 1, 1, 2, {"stride": 3, "output_padding": 2}),
    ("padding2", 4, 2, 1, 3, {"padding": 2}),
]


def _functional_case(dims, transposed, suffix, size, cin, cout, k, params, bias, dtype, batched=True):
    groups = params.get("groups", 1)
    dilation = params.get("dilation", 1)
    span = (dilation if isinstance(dilation, int) else 2) * (k - 1) + 1
    spatial = [size if d == 0 else max(span, size - 1) for d in range(dims)]
    x_shape = ([2] if batched else []) + [cin] + spatial
    if transposed:
        w_shape = [cin, cout // groups] + [k] * dims
    else:
        w_shape = [cout, cin // groups] + [k] * dims
    fn = f"F.conv_transpose{dims}d" if transposed else f"F.conv{dims}d"
    lines = ["import torch", "import torch.nn.functional as F",
             _filled("x", x_shape, 5, 11, dtype) + ".requires_grad_()",
             _filled("w", w_shape, 3, 7, dtype) + ".requires_grad_()"]
    values = ["x.grad", "w.grad"]
    b_arg = ""
    if bias:
        dtype_arg = ", dtype=torch.float64" if dtype == "float64" else ""
        b_values = ", ".join(f"{(i * 2) % 5 - 2}." for i in range(cout))
        lines.append(f"b = torch.tensor([{b_values}]{dtype_arg}, requires_grad=True)")
        b_arg = ", b"
        values.append("b.grad")
    lines.append(f"y = {fn}(x, w{b_arg}{_arguments(params)})")
    small = dims == 1 or (dims == 2 and not batched)
    lines.append("print(y)" if small or dims == 2 else "print(y.shape, y.grad_fn)")
    lines.append("print(y.grad_fn.name(), len(y.grad_fn.next_functions), y.grad_fn.next_functions)")
    lines.append(f"gy = (torch.arange(y.numel(){', dtype=torch.float64' if dtype == 'float64' else ''}) % 5 - 2.).reshape(y.shape)")
    lines.append("y.backward(gy)")
    if small:
        lines.append("print(x.grad)")
        lines.append("print(w.grad)")
    if bias:
        lines.append("print(b.grad)")
    lines.append("print(x.grad.shape, w.grad.shape, x.grad.dtype)")
    kind = "conv_transpose" if transposed else "conv"
    name = f"{kind}{dims}d_{suffix}" + ("" if bias else "_nobias") + ("" if batched else "_unbatched")
    name += "_float64" if dtype == "float64" else ""
    return name, "\n".join(lines), values


def _module_case(dims, transposed, padding_mode, params, dtype="float32"):
    cin, cout, k = 2, 3, 3
    spatial = [5 - d for d in range(dims)]
    x_shape = [1, cin] + spatial
    cls = f"nn.ConvTranspose{dims}d" if transposed else f"nn.Conv{dims}d"
    mode = "" if padding_mode is None else f", padding_mode='{padding_mode}'"
    lines = ["import torch", "import torch.nn as nn",
             f"conv = {cls}({cin}, {cout}, {k}{_arguments(params)}{mode})"]
    if dtype == "float64":
        lines.append("conv = conv.double()")
    w_shape = [cin, cout] + [k] * dims if transposed else [cout, cin] + [k] * dims
    lines += [
        "with torch.no_grad():",
        "    " + _filled("w", w_shape, 3, 7, dtype).replace("w = ", "conv.weight.copy_(") + ")",
        "    conv.bias.copy_(torch.tensor([1., -1., 2.]))",
        "print(conv.weight.requires_grad, conv.bias.is_leaf, conv.weight.grad)",
        _filled("x", x_shape, 5, 11, dtype) + ".requires_grad_()",
        "y = conv(x)",
    ]
    lines.append("print(y)" if dims < 3 else "print(y.shape, y.grad_fn)")
    lines.append("print(y.grad_fn.next_functions)")
    lines.append("loss = (y * y).sum() / 2")
    lines.append("print(loss)")
    lines.append("loss.backward()")
    if dims == 1:
        lines.append("print(x.grad)")
        lines.append("print(conv.bias.grad)")
    lines.append("print(conv.weight.grad.shape, conv.bias.grad.shape)")
    kind = "module_conv_transpose" if transposed else "module_conv"
    suffix = "_".join(re.sub(r"\W+", "_", f"{key}{value}").strip("_") for key, value in params.items())
    name = f"{kind}{dims}d_{padding_mode or 'default'}" + (f"_{suffix}" if suffix else "")
    name += "_float64" if dtype == "float64" else ""
    return name, "\n".join(lines), ["x.grad", "conv.weight.grad", "conv.bias.grad"]


# Layers as they are initialised (seeded), on inputs that are not integers: the
# gradients are compared within the tolerance only.
SEEDED = [
    ("module_seeded_conv2d", """import torch
import torch.nn as nn
torch.manual_seed(0)
conv = nn.Conv2d(2, 3, 3, stride=2, padding=1)
x = torch.linspace(-1, 1, 50).reshape(1, 2, 5, 5).requires_grad_()
y = conv(x)
print(y.shape, y.grad_fn.name(), conv.weight.grad)
(y * y).mean().backward()
print(conv.weight.grad.shape, conv.bias.grad.shape, x.grad.shape)""", ["x.grad", "conv.weight.grad", "conv.bias.grad"]),
    ("module_seeded_conv_transpose2d_groups", """import torch
import torch.nn as nn
torch.manual_seed(1)
up = nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1, groups=2)
x = torch.linspace(-2, 2, 36).reshape(1, 4, 3, 3).requires_grad_()
y = up(x)
print(y.shape, y.grad_fn)
y.sum().backward()
print(up.weight.grad.shape)""", ["x.grad", "up.weight.grad", "up.bias.grad"]),
    ("module_seeded_sequential", """import torch
import torch.nn as nn
torch.manual_seed(2)
net = nn.Sequential(nn.Conv1d(1, 4, 3, padding=1, padding_mode='circular'), nn.Tanh(), nn.Conv1d(4, 1, 3, dilation=2))
x = torch.linspace(-1, 1, 16).reshape(2, 1, 8).requires_grad_()
y = net(x)
print(y.grad_fn.name(), y.grad_fn.next_functions[0][0].name())
loss = (y - 0.5).pow(2).sum()
loss.backward()
print([tuple(p.grad.shape) for p in net.parameters()])
grads = [p.grad for p in net.parameters()]""", ["x.grad", "grads[0]", "grads[1]", "grads[2]", "grads[3]"]),
]


def conv_cases():
    """(id, source, value expressions) of every convolution case."""
    cases = []
    for dims in (1, 2, 3):
        for suffix, size, cin, cout, k, params in CONV_SETS:
            if dims == 3 and suffix in ("stride3_padding2", "valid"):
                continue
            cases.append(_functional_case(dims, False, suffix, size, cin, cout, k, params, True, "float32"))
        for suffix, size, cin, cout, k, params in TRANSPOSE_SETS:
            if dims == 3 and suffix in ("stride3_output_padding2", "padding2"):
                continue
            cases.append(_functional_case(dims, True, suffix, size, cin, cout, k, params, True, "float32"))
        cases.append(_functional_case(dims, False, "basic", 5, 2, 3, 3, {}, False, "float32"))
        cases.append(_functional_case(dims, True, "stride2", 3, 2, 2, 3, {"stride": 2}, False, "float32"))
        cases.append(_functional_case(dims, False, "combined", 7, 4, 4, 3, CONV_SETS[9][5], True, "float64"))
        cases.append(_functional_case(dims, True, "combined", 3, 4, 4, 3, TRANSPOSE_SETS[5][5], True, "float64"))
    for dims in (1, 2):
        cases.append(_functional_case(dims, False, "padding1", 4, 1, 2, 3, {"padding": 1}, True, "float32", batched=False))
        cases.append(_functional_case(dims, True, "stride2", 3, 2, 2, 3, {"stride": 2}, True, "float32", batched=False))
    # Tuples per dimension.
    cases.append(_functional_case(2, False, "tuple_params", 6, 2, 2, 3,
                                  {"stride": "(1, 2)", "padding": "(2, 0)", "dilation": "(1, 2)"}, True, "float32"))
    cases.append(_functional_case(2, True, "tuple_params", 3, 2, 2, 3,
                                  {"stride": "(2, 1)", "padding": "(1, 0)", "output_padding": "(1, 0)", "dilation": "(1, 2)"},
                                  True, "float32"))
    cases.append(_functional_case(3, False, "tuple_params", 5, 1, 2, 2,
                                  {"stride": "(1, 2, 1)", "padding": "(0, 1, 1)"}, True, "float32"))
    for dims in (1, 2, 3):
        for mode in (None, "zeros", "reflect", "replicate", "circular"):
            cases.append(_module_case(dims, False, mode, {"padding": 1}))
        cases.append(_module_case(dims, False, "reflect", {"padding": "'same'", "dilation": 2}))
        cases.append(_module_case(dims, False, "circular", {"stride": 2, "padding": 2}))
        cases.append(_module_case(dims, True, None, {"stride": 2, "padding": 1, "output_padding": 1}))
        cases.append(_module_case(dims, True, "zeros", {}))
    cases += SEEDED
    cases.append(_module_case(2, False, "replicate", {"padding": "(1, 2)"}, "float64"))
    cases.append(_module_case(2, True, None, {"stride": 2}, "float64"))
    return cases
