#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/grad_math.json from real PyTorch.

The gradients of the math and nn operations (not convolution, not views): for each
operation a short program prints its result (with its grad_fn), the names of the
nodes in next_functions, and the gradients a backward pass gives its inputs. Inputs
are small integers and dyadic fractions, so that no printed value depends on the
order of a sum. The Swift test GradMathFixtureTests runs every program in a fresh
ConvLang session and expects the same output, to the character.

Run with the PyTorch the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_grad_math_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/grad_math.json"

NAMES = "[type(n).__name__ if n is not None else None for n, _ in y.grad_fn.next_functions]"


def grad_case(case_id, setup, expression, inputs, weight="torch.arange(float(y.numel())).view(y.shape) % 5 - 1"):
    """A program: `setup`, then `y = expression`, printed with its node's inputs; then
    backward through `(y * weight).sum()` and the `.grad` of each of `inputs`."""
    lines = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F"]
    lines += setup.strip().splitlines()
    lines += [f"y = {expression}", "print(y)", f"print({NAMES})", f"(y * ({weight})).sum().backward()"]
    lines += [f"print({name}.grad)" for name in inputs]
    return case_id, "\n".join(lines)


X = "x = torch.tensor([[-2., -1., 0., 0.5], [1., 2., 1.5, -0.25]], requires_grad=True)"
XY = X + "\nz = torch.tensor([[1., -1., 0., 2.], [1., 0.5, 2., -0.25]], requires_grad=True)"

CASES = [
    # elementwise
    grad_case("relu", X, "F.relu(x)", ["x"]),
    grad_case("relu_torch", X, "torch.relu(x)", ["x"]),
    grad_case("relu_module", X, "nn.ReLU()(x)", ["x"]),
    grad_case("relu_inplace", X + "\nh = x * 1", "F.relu(h, inplace=True)", ["x"]),
    grad_case("leaky_relu", X, "F.leaky_relu(x, 0.25)", ["x"]),
    grad_case("leaky_relu_module_inplace", X + "\nh = x * 2", "nn.LeakyReLU(0.5, inplace=True)(h)", ["x"]),
    grad_case("tanh", "x = torch.tensor([0., 1., -1.], dtype=torch.float64, requires_grad=True)", "torch.tanh(x)", ["x"]),
    grad_case("tanh_module", X, "nn.Tanh()(x)", ["x"]),
    grad_case("sigmoid_module", X, "nn.Sigmoid()(x)", ["x"]),
    grad_case("abs", X, "x.abs()", ["x"]),
    grad_case("abs_torch", X, "torch.abs(x)", ["x"]),
    grad_case("clamp_numbers", X, "x.clamp(-1, 1)", ["x"]),
    grad_case("clamp_min", X, "x.clamp(min=0)", ["x"]),
    grad_case("clamp_max", X, "torch.clamp(x, max=0.5)", ["x"]),
    grad_case("clip", X, "x.clip(0, 1.5)", ["x"]),
    grad_case("maximum", XY, "torch.maximum(x, z)", ["x", "z"]),
    grad_case("minimum", XY, "torch.minimum(x, z)", ["x", "z"]),
    grad_case("maximum_broadcast", X + "\nz = torch.tensor([0., 1., 0., 0.5], requires_grad=True)", "torch.maximum(x, z)", ["x", "z"]),
    grad_case("minimum_constant", X, "torch.minimum(x, torch.zeros(4))", ["x"]),
    grad_case("round", X, "x.round()", ["x"]),
    grad_case("round_decimals", X, "x.round(decimals=1)", ["x"]),
    grad_case("remainder_number", X, "x % 2", ["x"]),
    grad_case("remainder_tensor", XY.replace("0., 2.], [1., 0.5, 2., -0.25]", "3., 2.], [1., 0.5, 2., -0.25]"), "x % z", ["x", "z"]),
    grad_case("remainder_method", XY.replace("0., 2.], [1., 0.5, 2., -0.25]", "3., 2.], [1., 0.5, 2., -0.25]"), "torch.remainder(x, z)", ["x", "z"]),
    grad_case("floor_divide_not_implemented", X, "x // 2", ["x"]),
    grad_case("floor_divide_method_not_implemented", X, "x.floor_divide(2)", ["x"]),
    grad_case("remainder_number_tensor_not_implemented", X, "2 % x", ["x"]),
    # reductions
    grad_case("max_dim", X, "x.max(1).values", ["x"]),
    grad_case("max_dim_keepdim", X, "x.max(dim=0, keepdim=True)[0]", ["x"]),
    grad_case("min_dim", X, "torch.min(x, 1).values", ["x"]),
    grad_case("max_dim_ties", "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", "x.max(1)[0]", ["x"]),
    grad_case("amax_all", "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", "x.amax()", ["x"], weight="2"),
    grad_case("amax_dim", "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", "x.amax(dim=1)", ["x"]),
    grad_case("amin_dims_keepdim", "x = torch.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)", "torch.amin(x, dim=(0, 1), keepdim=True)", ["x"], weight="4"),
    grad_case("var_all", X, "x.var()", ["x"], weight="7"),
    grad_case("var_dim", X, "x.var(1)", ["x"]),
    grad_case("var_dim_keepdim_biased", X, "x.var(dim=0, keepdim=True, unbiased=False)", ["x"]),
    grad_case("var_correction", X, "x.var(dim=1, correction=2)", ["x"]),
    grad_case("std_all", "x = torch.tensor([1., 3., 5., 7.], requires_grad=True)", "x.std()", ["x"], weight="2"),
    grad_case("std_dim_zero", "x = torch.tensor([[1., 1.], [1., 3.]], requires_grad=True)", "x.std(1, correction=0)", ["x"]),
    # linear algebra
    grad_case("matmul_dot", "a = torch.tensor([1., 2., -1.], requires_grad=True)\nb = torch.tensor([0.5, -2., 3.], requires_grad=True)", "a @ b", ["a", "b"], weight="2"),
    grad_case("matmul_mv", "a = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)\nb = torch.tensor([0.5, -2., 3.], requires_grad=True)", "a @ b", ["a", "b"]),
    grad_case("matmul_mm", "a = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)\nb = torch.tensor([[0.5, 1.], [-2., 0.], [3., 1.]], requires_grad=True)", "torch.matmul(a, b)", ["a", "b"]),
    grad_case("mm", "a = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)\nb = torch.tensor([[0.5, 1.], [-2., 0.], [3., 1.]])", "torch.mm(a, b)", ["a"]),
    grad_case("matmul_batch_vector", "a = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nb = torch.tensor([0.5, -2., 3.], requires_grad=True)", "a @ b", ["a", "b"]),
    grad_case("matmul_batch_matrix", "a = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nb = torch.tensor([[0.5, 1.], [-2., 0.], [3., 1.]], requires_grad=True)", "a @ b", ["a", "b"]),
    grad_case("matmul_batch_batch", "a = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nb = (torch.arange(12.).view(2, 3, 2) % 3 - 1).requires_grad_()", "a @ b", ["a", "b"]),
    grad_case("matmul_broadcast_batch", "a = (torch.arange(24.).view(2, 2, 2, 3) % 4 - 1).requires_grad_()\nb = (torch.arange(12.).view(2, 3, 2) % 3 - 1).requires_grad_()", "a @ b", ["a", "b"]),
    grad_case("matmul_batch_constant_matrix", "a = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nb = torch.tensor([[0.5, 1.], [-2., 0.], [3., 1.]])", "a @ b", ["a"]),
    grad_case("bmm", "a = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nb = (torch.arange(12.).view(2, 3, 2) % 3 - 1).requires_grad_()", "torch.bmm(a, b)", ["a", "b"]),
    grad_case("linear_2d_bias", "x = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)\nw = torch.tensor([[0.5, 1., 0.], [-2., 0., 1.]], requires_grad=True)\nb = torch.tensor([1., -1.], requires_grad=True)", "F.linear(x, w, b)", ["x", "w", "b"]),
    grad_case("linear_2d", "x = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)\nw = torch.tensor([[0.5, 1., 0.], [-2., 0., 1.]], requires_grad=True)", "F.linear(x, w)", ["x", "w"]),
    grad_case("linear_3d_bias", "x = (torch.arange(12.).view(2, 2, 3) % 4 - 1).requires_grad_()\nw = torch.tensor([[0.5, 1., 0.], [-2., 0., 1.]], requires_grad=True)\nb = torch.tensor([1., -1.], requires_grad=True)", "F.linear(x, w, b)", ["x", "w", "b"]),
    grad_case("linear_module", "torch.manual_seed(0)\nlin = nn.Linear(3, 2)\nlin.weight.data = torch.tensor([[0.5, 1., 0.], [-2., 0., 1.]])\nlin.bias.data = torch.tensor([1., -1.])\nx = torch.tensor([[1., 2., -1.], [0., 1., 2.]], requires_grad=True)", "lin(x)", ["x", "lin.weight", "lin.bias"]),
    # normalisation
    grad_case("batch_norm_2d_training", "bn = nn.BatchNorm2d(2)\nx = (torch.arange(16.).view(2, 2, 2, 2) % 5 - 2).requires_grad_()", "bn(x)", ["x", "bn.weight", "bn.bias"], weight="torch.arange(16.).view(2, 2, 2, 2) % 3"),
    grad_case("batch_norm_2d_eval", "bn = nn.BatchNorm2d(2)\nbn.eval()\nbn.running_var.fill_(4.)\nbn.running_mean.fill_(1.)\nx = (torch.arange(16.).view(2, 2, 2, 2) % 5 - 2).requires_grad_()", "bn(x)", ["x", "bn.weight", "bn.bias"], weight="torch.arange(16.).view(2, 2, 2, 2) % 3"),
    grad_case("batch_norm_1d_no_affine", "bn = nn.BatchNorm1d(2, affine=False)\nx = torch.tensor([[1., 2.], [3., -2.], [-1., 0.], [1., 4.]], requires_grad=True)", "bn(x)", ["x"], weight="torch.tensor([[1., 2.], [3., 0.], [0., 1.], [1., 0.]])"),
    grad_case("batch_norm_functional", "x = torch.tensor([[1., 2.], [3., -2.], [-1., 0.], [1., 4.]], requires_grad=True)\nw = torch.tensor([2., 0.5], requires_grad=True)\nb = torch.tensor([0., 1.], requires_grad=True)", "F.batch_norm(x, None, None, w, b, training=True)", ["x", "w", "b"], weight="torch.tensor([[1., 2.], [3., 0.], [0., 1.], [1., 0.]])"),
    # pooling
    grad_case("max_pool1d", "x = (torch.arange(14.).view(1, 2, 7) % 4 - 1).requires_grad_()", "F.max_pool1d(x, 2)", ["x"]),
    grad_case("max_pool2d", "x = (torch.arange(50.).view(1, 2, 5, 5) % 7 - 3).requires_grad_()", "F.max_pool2d(x, 3, 2, 1)", ["x"]),
    grad_case("max_pool2d_ceil_dilation", "x = (torch.arange(50.).view(1, 2, 5, 5) % 7 - 3).requires_grad_()", "F.max_pool2d(x, 2, dilation=2, ceil_mode=True)", ["x"]),
    grad_case("max_pool2d_unbatched_module", "x = (torch.arange(32.).view(2, 4, 4) % 3).requires_grad_()", "nn.MaxPool2d(2)(x)", ["x"]),
    grad_case("max_pool3d", "x = (torch.arange(54.).view(1, 2, 3, 3, 3) % 5 - 2).requires_grad_()", "F.max_pool3d(x, 2, 1)", ["x"]),
    grad_case("avg_pool1d", "x = (torch.arange(14.).view(1, 2, 7) % 4 - 1).requires_grad_()", "F.avg_pool1d(x, 3, 2, 1)", ["x"]),
    grad_case("avg_pool2d", "x = (torch.arange(50.).view(1, 2, 5, 5) % 7 - 3).requires_grad_()", "F.avg_pool2d(x, 2, 2, 1)", ["x"]),
    grad_case("avg_pool2d_exclude_pad", "x = (torch.arange(50.).view(1, 2, 5, 5) % 7 - 3).requires_grad_()", "F.avg_pool2d(x, 2, 2, 1, count_include_pad=False)", ["x"]),
    grad_case("avg_pool2d_ceil_divisor", "x = (torch.arange(50.).view(1, 2, 5, 5) % 7 - 3).requires_grad_()", "F.avg_pool2d(x, 2, ceil_mode=True, divisor_override=4)", ["x"]),
    grad_case("avg_pool3d_module", "x = (torch.arange(54.).view(1, 2, 3, 3, 3) % 5 - 2).requires_grad_()", "nn.AvgPool3d(2, 1, 1)(x)", ["x"]),
    # interpolation
    grad_case("upsample_nearest1d", "x = (torch.arange(8.).view(1, 2, 4) % 4 - 1).requires_grad_()", "F.interpolate(x, scale_factor=2)", ["x"]),
    grad_case("upsample_nearest1d_size", "x = (torch.arange(8.).view(1, 2, 4) % 4 - 1).requires_grad_()", "F.interpolate(x, size=6)", ["x"]),
    grad_case("upsample_linear1d", "x = (torch.arange(8.).view(1, 2, 4) % 4 - 1).requires_grad_()", "F.interpolate(x, scale_factor=2, mode='linear')", ["x"]),
    grad_case("upsample_linear1d_align", "x = (torch.arange(8.).view(1, 2, 4) % 4 - 1).requires_grad_()", "F.interpolate(x, size=7, mode='linear', align_corners=True)", ["x"]),
    grad_case("upsample_nearest2d", "x = (torch.arange(18.).view(1, 2, 3, 3) % 5 - 2).requires_grad_()", "F.interpolate(x, size=(4, 5))", ["x"]),
    grad_case("upsample_bilinear2d", "x = (torch.arange(18.).view(1, 2, 3, 3) % 5 - 2).requires_grad_()", "F.interpolate(x, scale_factor=2, mode='bilinear')", ["x"]),
    grad_case("upsample_bilinear2d_align", "x = (torch.arange(18.).view(1, 2, 3, 3) % 5 - 2).requires_grad_()", "F.interpolate(x, size=(5, 5), mode='bilinear', align_corners=True)", ["x"]),
    grad_case("upsample_module", "x = (torch.arange(18.).view(1, 2, 3, 3) % 5 - 2).requires_grad_()", "nn.Upsample(scale_factor=2, mode='bilinear')(x)", ["x"]),
    grad_case("upsample_nearest3d", "x = (torch.arange(16.).view(1, 2, 2, 2, 2) % 5 - 2).requires_grad_()", "F.interpolate(x, scale_factor=2)", ["x"]),
    grad_case("upsample_trilinear3d", "x = (torch.arange(16.).view(1, 2, 2, 2, 2) % 5 - 2).requires_grad_()", "F.interpolate(x, size=(3, 3, 3), mode='trilinear', align_corners=True)", ["x"]),
    # networks
    ("sequential_outputs", """import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2), nn.Tanh())
print(net(torch.ones(2, 4)).grad_fn)
pool = nn.Sequential(nn.BatchNorm2d(1), nn.MaxPool2d(2), nn.LeakyReLU(0.5), nn.AvgPool2d(2), nn.Upsample(scale_factor=2), nn.Sigmoid())
y = pool(torch.arange(16.).view(1, 1, 4, 4) % 3)
print(y)
y.sum().backward()
print(pool[0].weight.grad, pool[0].bias.grad)"""),
    ("sequential_backward", """import torch
import torch.nn as nn
net = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
net[0].weight.data = torch.tensor([[1., -1.], [0.5, 2.]])
net[0].bias.data = torch.tensor([0., -1.])
net[2].weight.data = torch.tensor([[2., -0.5]])
net[2].bias.data = torch.tensor([0.25])
y = net(torch.tensor([[1., 2.], [3., -1.], [0., 0.5]]))
print(y)
y.sum().backward()
print(net[0].weight.grad)
print(net[0].bias.grad)
print(net[2].weight.grad)
print(net[2].bias.grad)"""),
    ("create_graph_second_derivative", """import torch
x = torch.tensor([-1., 0.5, 2.], requires_grad=True)
y = (x.exp() * x.abs() * x).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g)
g.sum().backward()
print(x.grad)"""),
    ("create_graph_abs_sign", """import torch
x = torch.tensor([-1., 0.5, 2.], requires_grad=True)
g, = torch.autograd.grad(x.abs().sum(), x, create_graph=True)
print(g)
print([type(n).__name__ if n is not None else None for n, _ in g.grad_fn.next_functions])"""),
]

if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
