#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/grad_views/grad_views.json from real PyTorch.

The gradients of views, indexing, joining and padding, and of in-place writes into
views (CopySlices, IndexPutBackward0). Each op case builds `y` from a leaf of small
integer values, prints the names of `y.grad_fn` and of its `next_functions`, runs
`(y * weights).sum().backward()` with weights 1, 2, 3, ... so that every element of the
gradient differs, prints the leaf's `.grad` (integers: the printouts cannot differ by
rounding), and checks the op in float64 with `torch.autograd.gradcheck`. Other cases
write into views in place and print the graph and the gradients, or PyTorch's error.
GradViewsFixtureTests runs every case in a fresh ConvLang session and expects the same.

Run with the PyTorch the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_grad_views_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/grad_views/grad_views.json"

LEAVES = {
    "x": "x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()",
    "m": "m = torch.arange(12.).reshape(3, 4).requires_grad_()",
    "v": "v = torch.arange(6.).requires_grad_()",
}

GRAPH = """print(type(y.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in y.grad_fn.next_functions])"""


def op_case(case_id, expr, leaf="x", others=(), check=True):
    """A case for `y = expr` on the leaf `leaf` (others: further leaves it uses)."""
    lines = ["import torch", "import torch.nn.functional as F", LEAVES[leaf]]
    lines += [LEAVES[o] for o in others]
    lines += [f"y = {expr}", GRAPH,
              "(y * torch.arange(1., y.numel() + 1).reshape(y.shape)).sum().backward()",
              f"print({leaf}.grad)"]
    if check:
        lines.append(f"print(torch.autograd.gradcheck(lambda {leaf}: {expr}, ({leaf}.detach().double().requires_grad_(),)))")
    return (case_id, "\n".join(lines))


CASES = [
    # Subscripts, step by step as PyTorch records them.
    op_case("index_integer", "x[0]"),
    op_case("index_integer_then_slice", "x[0, 1:]"),
    op_case("index_slice_second_dim", "x[:, 1:]"),
    op_case("index_slice_step", "x[:, ::2]"),
    op_case("index_slice_negative_start", "x[:, -3:]"),
    op_case("index_lone_full_slice", "x[:]"),
    op_case("index_full_slices_alias", "x[:, 0:100]"),
    op_case("index_ellipsis_alias", "x[...]"),
    op_case("index_ellipsis_integer", "x[..., 1]"),
    op_case("index_none_then_integer", "x[None, 0]"),
    op_case("index_integer_then_none", "x[0, None]"),
    op_case("index_slice_then_none", "x[:, 1:2, None]"),
    op_case("index_three_integers", "x[1, 2, 3]"),
    op_case("index_chained_subscripts", "x[1][2]"),
    op_case("index_list", "x[[0, 1, 1]]"),
    op_case("index_mask", "x[x > 3.5]"),
    op_case("index_integer_then_list", "x[0, [0, 2, 2]]"),
    op_case("index_list_and_slice", "x[:, [0, 2], 1:]"),
    op_case("index_lists_apart", "x[[0, 1], :, [3, 0]]"),
    op_case("index_tensor", "m[torch.tensor([[2, 0], [1, 1]])]", leaf="m"),
    op_case("index_mask_rows", "m[torch.tensor([True, False, True])]", leaf="m"),
    # Views.
    op_case("select", "x.select(1, -1)"),
    op_case("narrow", "x.narrow(2, 1, 2)"),
    op_case("unbind", "x.unbind(1)[1]"),
    op_case("split_size", "x.split(3, 2)[0]"),
    op_case("split_sizes", "x.split([1, 2], 1)[1]"),
    op_case("chunk", "x.chunk(2, 2)[1]"),
    op_case("t", "m.t()", leaf="m"),
    op_case("t_vector", "v.t()", leaf="v"),
    op_case("T", "m.T", leaf="m"),
    op_case("mT", "x.mT"),
    op_case("transpose", "x.transpose(0, 2)"),
    op_case("swapaxes", "x.swapaxes(0, 1)"),
    op_case("permute", "x.permute(2, 0, 1)"),
    op_case("movedim", "x.movedim(0, 2)"),
    op_case("unsqueeze", "x.unsqueeze(1)"),
    op_case("squeeze_all", "x.unsqueeze(1).squeeze()"),
    op_case("squeeze_dim", "x.unsqueeze(1).squeeze(1)"),
    op_case("squeeze_dims", "x.unsqueeze(1).squeeze((1,))"),
    op_case("flatten", "x.flatten()"),
    op_case("flatten_copy", "x.transpose(1, 2).flatten(1)"),
    op_case("unflatten", "x.unflatten(2, (2, 2))"),
    op_case("flip", "x.flip(0, 2)"),
    op_case("diagonal", "m.diagonal(1)", leaf="m"),
    op_case("diagonal_dims", "x.diagonal(0, 1, 2)"),
    op_case("unfold_overlapping", "x.unfold(2, 2, 1)"),
    op_case("as_strided_overlapping", "x.as_strided((3, 2), (1, 2), 1)"),
    op_case("clone", "x.clone()"),
    op_case("contiguous", "x.transpose(0, 1).contiguous()"),
    op_case("double", "x.double()"),
    op_case("to_float16", "x.to(torch.float16)", check=False),
    # Joining.
    op_case("cat", "torch.cat([x, m.unsqueeze(0)])", others=("m",)),
    op_case("cat_dim", "torch.cat([m, m * 2], 1)", leaf="m"),
    op_case("stack", "torch.stack([x[0], m], 1)", leaf="m", others=("x",)),
    op_case("masked_fill", "x.masked_fill(x > 5.5, 0.5)"),
    op_case("where_tensors", "torch.where(x > 5.5, x, m)", leaf="m", others=("x",)),
    op_case("where_scalar", "torch.where(x > 5.5, x, 0.)"),
    # Padding.
    op_case("pad_constant", "F.pad(x, (1, 2))"),
    op_case("pad_constant_crop", "F.pad(x, (1, -2, 1, 0), value=3.)"),
    op_case("pad_reflect_1d", "F.pad(x, (2, 1), mode='reflect')"),
    op_case("pad_reflect_2d", "F.pad(x, (2, 1, 1, 1), mode='reflect')"),
    op_case("pad_reflect_3d", "F.pad(x.unsqueeze(0), (2, 1, 1, 1, 1, 0), mode='reflect')"),
    op_case("pad_replicate_1d", "F.pad(x, (2, 1), mode='replicate')"),
    op_case("pad_replicate_2d", "F.pad(x, (2, 1, 1, 1), mode='replicate')"),
    op_case("pad_replicate_3d", "F.pad(x.unsqueeze(0), (2, 1, 1, 1, 1, 0), mode='replicate')"),
    op_case("pad_circular_1d", "F.pad(x, (1, 2), mode='circular')"),
    op_case("pad_circular_2d", "F.pad(x, (2, 1, 1, 1), mode='circular')"),
    op_case("pad_circular_cropping", "F.pad(x, (-1, 2, 1, 0), mode='circular')"),
    op_case("pad_circular_3d", "F.pad(x.unsqueeze(0).unsqueeze(0), (1, 1, 1, 0, 0, 1), mode='circular')"),
    ("pad_circular_cropping_forward", """import torch
import torch.nn.functional as F
x = torch.arange(24.).reshape(1, 2, 3, 4)
print(F.pad(x, (-1, 2, 1, -1), mode='circular'))
print(F.pad(x, (2, -2, -1, 1), mode='circular'))
print(F.pad(x[0], (-2, 1), mode='circular'))"""),
    op_case("pixel_shuffle", "F.pixel_shuffle(x.reshape(1, 4, 3, 2), 2)"),
    op_case("pixel_unshuffle", "F.pixel_unshuffle(x.reshape(1, 1, 4, 6), 2)"),
    op_case("F_unfold", "F.unfold(x.unsqueeze(0), 2, padding=1)"),
    op_case("F_fold", "F.fold(x.reshape(1, 4, 6), (3, 4), 2)"),
    # In-place writes into views.
    ("copy_slices_zeros", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = torch.zeros(2, 3)
z[0] = x[1]
print(z.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in z.grad_fn.next_functions])
print(z.is_leaf, z.requires_grad)
z.sum().backward()
print(x.grad)"""),
    ("copy_slices_corr2d", """import torch
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
X = torch.arange(16.).reshape(4, 4)
K = torch.tensor([[1., -1.], [2., 0.5]], requires_grad=True)
Y = corr2d(X, K)
print(type(Y.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in Y.grad_fn.next_functions])
(Y * torch.arange(9.).reshape(3, 3)).sum().backward()
print(K.grad)"""),
    ("copy_slices_augmented_slice", """import torch
X = torch.arange(16.).reshape(4, 4)
K = torch.tensor([[1., -1.], [2., 0.5]], requires_grad=True)
Y = torch.zeros(4, 4)
for i in range(3):
    for j in range(3):
        Y[i:i + 2, j:j + 2] += X[i, j] * K
print(type(Y.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in Y.grad_fn.next_functions])
print(Y._version)
(Y * torch.arange(16.).reshape(4, 4)).sum().backward()
print(K.grad)"""),
    ("copy_slices_view_of_non_leaf", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 2
a = z[0]
a += 1
print(type(a.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in a.grad_fn.next_functions])
print(type(z.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in z.grad_fn.next_functions])
a.mul_(x[1])
print(z)
(z * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
print(x.grad)"""),
    ("copy_slices_fill_zero_copy", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
z[:, 1].fill_(2)
z[1].zero_()
z[0, 0:2].copy_(x[1, 1:])
print(z.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in z.grad_fn.next_functions])
(z * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
print(x.grad)"""),
    ("copy_slices_gradcheck", """import torch
def f(t):
    z = torch.zeros(3, 4, dtype=torch.float64)
    z[1:] = t[0, 1:] * 2
    z[0, ::2] += t[1, 0, 1:3]
    z[2, 1:3] *= t[1, 2, :2]
    return z
print(torch.autograd.gradcheck(f, (torch.arange(24.).reshape(2, 3, 4).double().requires_grad_(),)))"""),
    ("index_put_mask", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
w = torch.ones(2, 3)
w[w > 0.5] = x.flatten() * 3
print(w.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in w.grad_fn.next_functions])
w.sum().backward()
print(x.grad)"""),
    ("index_put_lists", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
z[[0, 1], [1, 2]] = torch.tensor(5.)
print(z.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in z.grad_fn.next_functions])
(z * 3).sum().backward()
print(x.grad)"""),
    ("index_put_into_view", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
z[1][[0, 2]] = x[0, :2] * 10
print(z.grad_fn.name(), [(n.name() if n is not None else None, i) for n, i in z.grad_fn.next_functions])
(z * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
print(x.grad)"""),
    ("view_history_after_base_write", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
a = z[0]
b = z[1:]
z.mul_(2)
print(type(a.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in a.grad_fn.next_functions], type(b.grad_fn).__name__)
a.sum().backward()
print(x.grad)"""),
    ("view_history_after_other_view_write", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
a = z[0]
z[1] = 5.
print(type(a.grad_fn).__name__)
c = z[0]
c += 1
print(type(a.grad_fn).__name__, a._version)
(a * torch.tensor([1., 2., 3.])).sum().backward()
print(x.grad)"""),
    ("double_backward_through_views", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
y = (x[0, 1:] ** 2).sum() + (x.t() ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g)
g.sum().backward()
print(x.grad)"""),
    ("iterate_rows", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
rows = [r * (i + 1) for i, r in enumerate(x)]
print(type(rows[1].grad_fn).__name__, type(rows[1].grad_fn.next_functions[0][0]).__name__)
sum(r.sum() for r in rows).backward()
print(x.grad)"""),
    ("views_of_detached_and_data", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
q = x.detach()
q[0] = 5.
print(x)
p = torch.ones(2, 3, requires_grad=True)
p.data[0] = 4.
p.data[:, 1] *= 2
print(p)
with torch.no_grad():
    p[1] = 7.
print(p, p.grad_fn)"""),
    ("write_into_clone_and_nested_view", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
v = torch.ones(3, requires_grad=True)
u = v.clone()
u[1:] *= v[:2]
u.sum().backward()
print(v.grad)
h = torch.ones(2, 2)
h[0][1] = x[1, 2]
print(h.grad_fn.name())
h.sum().backward()
print(x.grad)"""),
    ("view_ops_in_place", """import torch
x = torch.ones(2, 1, 3, requires_grad=True)
try:
    x.squeeze_()
except Exception as e:
    print(type(e).__name__, e)
a = torch.ones(2, 3)
a.t_()
print(a._version, a.shape)
def show(z):
    print(type(z.grad_fn).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in z.grad_fn.next_functions], z._version, z.shape)
    x.grad = None
    (z * torch.arange(1., z.numel() + 1).reshape(z.shape)).sum().backward()
    print(x.grad)
z = x * 1
z.squeeze_(1)
show(z)
z = x * 1
z.squeeze_((1,))
show(z)
z = x * 1
z.squeeze_()
show(z)
z = x * 1
z.unsqueeze_(0)
show(z)
z = x * 1
z.squeeze_().t_()
show(z)
z = x * 1
z.transpose_(0, 2)
show(z)
z = x * 1
z.as_strided_((2, 2), (1, 2))
show(z)
with torch.no_grad():
    x.squeeze_()
print(x.shape, x.grad_fn)"""),
    ("write_into_unbind_output", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
a = (x * 1).unbind(0)[0]
a += 1"""),
    ("write_into_split_output", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
a = (x * 1).split(1)[0]
a.mul_(2)"""),
    ("write_into_view_of_leaf", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
x[0] += 1"""),
    ("write_into_no_grad_view", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
with torch.no_grad():
    v = z[0]
v += 1"""),
    ("write_into_view_under_no_grad", """import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
z = x * 1
with torch.no_grad():
    z[0] = 7.
print(z.grad_fn.name())
z.sum().backward()
print(x.grad)"""),
]


if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
