#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/ops/ops.json from real PyTorch.

Each case is a short straight-line program (imports, assignments, calls, print) that
ConvLang can also run. It runs here under PyTorch in a fresh namespace; what it prints
is recorded, and the first exception, as "TypeName: message", stops it. The Swift test
OpsFixtureTests runs every case in a fresh ConvLang session and expects the same.

Run with the PyTorch the expected outputs must come from:

    /work/main/.venv/bin/python scripts/generate_ops_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/ops/ops.json"

# (id, source). Sources use only what ConvLang has: no def, for, if, comprehensions
# or f-strings.
CASES = [
    # argmax / argmin
    ("argmax_whole", """import torch
x = torch.tensor([[1., 5., 5.], [2., 0., 5.]])
print(x.argmax())
print(x.argmin())
print(torch.argmax(x))"""),
    ("argmax_dim", """import torch
x = torch.tensor([[1., 5., 5.], [2., 0., 5.]])
print(x.argmax(dim=1))
print(x.argmax(0))
print(x.argmin(dim=-1))
print(torch.argmax(x, dim=-1, keepdim=True))
print(torch.argmin(x, 0, True))"""),
    ("argmax_keepdim_whole", """import torch
x = torch.tensor([[1., 5.], [7., 2.]])
print(x.argmax(keepdim=True))
print(x.argmin(keepdim=True).shape)"""),
    ("argmax_nan_first", """import torch
x = torch.tensor([1., float('nan'), 3., float('nan')])
print(x.argmax())
print(x.argmin())
y = torch.tensor([[1., float('nan')], [float('nan'), 2.], [0., 4.]])
print(y.argmax(dim=1))
print(y.argmin(dim=0))"""),
    ("argmin_int_ties", """import torch
print(torch.tensor([3, 1, 1, 2]).argmin())
print(torch.tensor([[7, 7], [2, 9]]).argmax(dim=1))
print(torch.tensor([[4.], [2.]]).argmax(dim=1))"""),
    ("argmax_scalar", """import torch
x = torch.tensor(5.)
print(x.argmax())
print(x.argmax(dim=0))
print(x.argmin(dim=-1, keepdim=True))"""),
    ("argmax_3d_float64", """import torch
x = torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) % 5
print(x.argmax(dim=1))
print(x.argmin(dim=2, keepdim=True))"""),
    ("argmax_bool_error", """import torch
print(torch.tensor([True, False]).argmax())"""),
    ("argmin_bool_dim_error", """import torch
print(torch.tensor([[True]]).argmin(dim=1))"""),
    ("argmax_empty_error", """import torch
print(torch.tensor([]).argmax())"""),
    ("argmax_empty_dim_error", """import torch
print(torch.zeros(2, 0).argmax(dim=1))"""),
    ("argmax_empty_other_dim", """import torch
print(torch.zeros(2, 0).argmax(dim=0))"""),
    ("argmax_dim_range_error", """import torch
print(torch.tensor([[1, 2], [4, 3]]).argmax(2))"""),
    ("argmin_tuple_dim_error", """import torch
print(torch.tensor([[1, 2], [4, 3]]).argmin(dim=(0, 1)))"""),
    ("argmin_tuple_dim_positional_error", """import torch
print(torch.argmin(torch.tensor([[1, 2], [4, 3]]), (0, 1)))"""),
    # amax / amin
    ("amax_dims", """import torch
x = torch.arange(24.).reshape(2, 3, 4)
print(x.amax(dim=(0, 2)))
print(x.amin(dim=(1, 2), keepdim=True))
print(torch.amax(x, 1))
print(torch.amin(x, -1))
print(x.amax())
print(x.amax([]))"""),
    ("amax_nan_int_bool", """import torch
print(torch.tensor([[1., float('nan')], [4., 3.]]).amin(0))
print(torch.tensor([[1., float('nan')], [4., 3.]]).amax(1))
print(torch.tensor([[1, 2], [4, 3]]).amax(dim=(0, 1)))
print(torch.tensor([True, False]).amax())
print(torch.tensor([True, False]).amin())"""),
    ("amax_empty_error", """import torch
print(torch.amax(torch.zeros(2, 0)))"""),
    ("amax_empty_dim_error", """import torch
print(torch.zeros(2, 0).amax(-1))"""),
    ("amax_empty_other_dim", """import torch
print(torch.amax(torch.zeros(2, 0), 0))"""),
    ("amax_repeated_dim_error", """import torch
print(torch.tensor([[1, 2], [4, 3]]).amax((0, -2)))"""),
    # std / var
    ("std_var_defaults", """import torch
x = torch.tensor([1., 2., 3., 4.])
print(x.std())
print(x.var())
print(torch.std(x))
print(torch.var(x, unbiased=False))
print(x.var(correction=0))
print(x.std(correction=0.5))"""),
    ("std_var_dims", """import torch
x = torch.tensor([[1., 2.], [3., 5.]])
print(x.std(dim=0))
print(x.std(1, keepdim=True))
print(x.std(1, True))
print(x.std(1, False, True))
print(x.var(dim=1, correction=0))
print(x.var(dim=(0, 1)))
print(x.var(dim=[]))
print(x.std(True))
print(x.std(False))
print(x.std(dim=None, unbiased=False, keepdim=True))"""),
    ("std_var_randn_welford", """import torch
torch.manual_seed(0)
x = torch.randn(5, 7)
print(x.std(dim=1))
print(x.var(dim=0))
print(x.std())
print(x.var(dim=1, keepdim=True))"""),
    ("std_var_precise_digits", """import torch
torch.set_printoptions(precision=10)
torch.manual_seed(1)
x = torch.rand(100) * 1000
print(x.var())
print(x.std())
y = torch.rand(4, 50) * 2 + 3
print(y.var(dim=1))
print(y.std(dim=1, unbiased=False))
z = torch.rand(6, 3, dtype=torch.float64) - 0.5
print(z.std(dim=0))
print(z.var())"""),
    ("std_var_large", """import torch
torch.set_printoptions(precision=10)
torch.manual_seed(0)
x = torch.rand(100000) * 3 + 10
print(x.var())
print(x.std())
y = torch.rand(300, 400) * 4 - 5
print(y.std(dim=0)[:5])
print(y.var(dim=1)[-5:])
print(y.var())
z = torch.rand(70000, 2)
print(z.var(dim=0))"""),
    ("std_var_offset_data", """import torch
torch.set_printoptions(precision=8)
x = torch.tensor([1000.1, 1000.2, 1000.3, 1000.7, 999.9])
print(x.var())
print(x.std())
print(torch.stack([x, x * 2]).var(dim=1))"""),
    ("std_degenerate", """import torch
print(torch.tensor([1.]).std())
print(torch.tensor([]).std())
print(torch.tensor(3.).var())
print(torch.tensor([[1., 2.], [3., 5.]]).var(dim=1, correction=2))
print(torch.zeros(2, 0).std(1))
print(torch.zeros(2, 0).std(0))"""),
    ("std_float64", """import torch
print(torch.tensor([1., 2.], dtype=torch.float64).std())
print(torch.tensor([0.1, 0.2, 0.3, 0.7]).std())
print(torch.tensor([0.1, 0.2, 0.3, 0.7]).var())"""),
    ("std_int_error", """import torch
print(torch.tensor([1, 2]).std())"""),
    ("var_bool_error", """import torch
print(torch.tensor([True, False]).var(dim=0))"""),
    ("std_dim_range_error", """import torch
print(torch.tensor([1., 2., 3., 4.]).std(5))"""),
    # round
    ("round_half_even", """import torch
print(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.6]).round())
print(torch.round(torch.tensor([0.49999997, 3.5])))"""),
    ("round_decimals", """import torch
print(torch.round(torch.tensor([1.2345, 2.675, -0.125]), decimals=2))
print(torch.tensor([1234.5, 1250., 1350.]).round(decimals=-2))
print(torch.tensor([1.25], dtype=torch.float64).round(decimals=1))
print(torch.tensor([0.125, 0.375]).round(decimals=2))"""),
    ("round_int", """import torch
print(torch.tensor([1, 2]).round())
print(torch.round(torch.tensor([-3, 7])))"""),
    ("round_int_decimals_error", """import torch
print(torch.tensor([15, 25]).round(decimals=-1))"""),
    ("round_int_decimals_zero_error", """import torch
print(torch.round(torch.tensor([15, 25]), decimals=0))"""),
    ("round_bool_error", """import torch
print(torch.tensor([True]).round())"""),
    # sqrt / exp / log / sigmoid
    ("sqrt", """import torch
print(torch.tensor([4., 2., -1., 0.]).sqrt())
print(torch.sqrt(torch.tensor([4, 2])))
print(torch.sqrt(torch.tensor([True, False])))
print(torch.sqrt(torch.tensor([2.], dtype=torch.float64)))
print(torch.tensor(9.).sqrt())"""),
    ("exp_log", """import torch
print(torch.exp(torch.tensor([0., 1., -1., 100.])))
print(torch.exp(torch.tensor([0, 1])))
print(torch.log(torch.tensor([0., 1., -1., 100.])))
print(torch.log(torch.tensor([1, 2])))
print(torch.tensor([1., 2.]).exp())
print(torch.tensor([1., 2.]).log())
print(torch.tensor([1., 2.], dtype=torch.float64).exp())"""),
    ("sigmoid", """import torch
print(torch.tensor([0., 1., -1., 100., -100.]).sigmoid())
print(torch.sigmoid(torch.tensor([0, 1])))
print(torch.sigmoid(torch.tensor([[0.5, -2.]], dtype=torch.float64)))"""),
    ("sqrt_scalar_error", """import torch
print(torch.sqrt(2))"""),
    ("exp_float_error", """import torch
print(torch.exp(2.0))"""),
    # clamp / clip
    ("clamp_bounds", """import torch
x = torch.tensor([-2., 0.5, 3.])
print(x.clamp(min=0))
print(x.clamp(max=1))
print(x.clamp(-1, 1))
print(torch.clamp(x, min=2, max=1))
print(torch.clip(x, 0, 1))
print(x.clip(max=0))"""),
    ("clamp_dtypes", """import torch
print(torch.clamp(torch.tensor([-2, 0, 3]), min=0.5))
print(torch.clamp(torch.tensor([-2, 0, 3]), min=0, max=2))
print(torch.tensor([True, False]).clamp(0, 1))
print(torch.tensor([-2, 0, 3]).clamp(min=True))
print(torch.tensor([-2., 0., 3.], dtype=torch.float64).clamp(min=0.1))
print(torch.tensor([-2., float('nan'), 3.]).clamp(0, 1))"""),
    ("clamp_tensor_bounds", """import torch
x = torch.tensor([-2., 0., 3.])
print(x.clamp(min=torch.tensor([0., 1., 2.])))
print(x.clamp(min=torch.tensor([0, 1, 2]), max=torch.tensor(1.)))
print(torch.tensor([-2, 0, 3]).clamp(min=torch.tensor([0., 1., 2.])))
print(x.clamp(min=0, max=torch.tensor(1.)))
print(torch.tensor([[1.], [5.]]).clamp(max=torch.tensor([2., 3., 4.])))"""),
    ("clamp_none_error", """import torch
print(torch.clamp(torch.tensor([-2., 0., 3.])))"""),
    ("clip_none_error", """import torch
print(torch.ones(2).clip())"""),
    # randint
    ("randint_low_high", """import torch
torch.manual_seed(0)
print(torch.randint(0, 10, (5,)))
print(torch.randint(-5, 5, (8,)))"""),
    ("randint_high_only", """import torch
torch.manual_seed(0)
print(torch.randint(10, (2, 3)))
print(torch.randint(3, size=(4,)))"""),
    ("randint_dtype", """import torch
torch.manual_seed(0)
print(torch.randint(3, 10, size=(2, 2), dtype=torch.float32))
print(torch.randint(0, 10, (3,), dtype=torch.float64))
print(torch.randint(2, (3,), dtype=torch.bool))"""),
    ("randint_large_ranges", """import torch
torch.manual_seed(0)
print(torch.randint(0, 2**40, (3,)))
print(torch.randint(-2**40, 2**40, (3,)))
print(torch.randint(0, 2**28, (2,)))
print(torch.randint(0, 2**28 - 1, (2,)))
print(torch.randint(5, 2**31, (2,)))"""),
    ("randint_then_rand", """import torch
torch.manual_seed(3)
print(torch.randint(0, 100, [20]))
print(torch.rand(2))
print(torch.randint(0, 10, ()))
print(torch.randint(0, 10, (0,)))
print(torch.randn(3))"""),
    ("randint_from_to_error", """import torch
print(torch.randint(5, 5, (3,)))"""),
    ("randint_from_above_to_error", """import torch
print(torch.randint(5, 3, (3,)))"""),
    ("randint_bool_error", """import torch
print(torch.randint(10, (3,), dtype=torch.bool))"""),
    ("randint_size_int_error", """import torch
print(torch.randint(10, 3))"""),
    ("randint_requires_grad_int_error", """import torch
print(torch.randint(0, 10, (3,), requires_grad=True))"""),
    # empty
    ("empty_shapes", """import torch
print(torch.empty(2, 3).shape, torch.empty(2, 3).dtype)
print(torch.empty((2, 3), dtype=torch.int64).dtype)
print(torch.empty(size=(2,)).shape)
print(torch.empty(()).shape)
print(torch.empty(0))
print(torch.empty(2, 0, dtype=torch.float64))
print(torch.empty_like(torch.ones(2, dtype=torch.int64)).shape)
print(torch.empty_like(torch.ones(2, 3), dtype=torch.float64).dtype)
print(torch.empty(2, requires_grad=False).shape)"""),
    ("empty_negative_error", """import torch
print(torch.empty(2, -1))"""),
    ("empty_no_size_error", """import torch
print(torch.empty())"""),
    # // and %
    ("floor_div_int", """import torch
a = torch.tensor([7, -7, 7, -7])
b = torch.tensor([2, 2, -2, -2])
print(a // b)
print(a % b)
print(torch.floor_divide(torch.tensor([7, -7]), 2))
print(torch.remainder(torch.tensor([7, -7]), 3))
print(torch.tensor([7, -7]).remainder(3))
print(torch.tensor([7, -7]).floor_divide(3))"""),
    ("floor_div_float", """import torch
x = torch.tensor([7., -7., 7.5, -7.5])
print(x // 2)
print(x % 2)
print(torch.tensor([7., -7.]) % -2)
print(torch.tensor([5.5, -6.5]) % torch.tensor([2., 4.]))
print(torch.tensor([1e10, -3.]) % 7)
print(torch.tensor([0.5, -0.5]) // 1)
print(torch.tensor([0.5, -0.5]) % 1)
print(torch.tensor([-0.0]) % 1)"""),
    ("floor_div_promotion", """import torch
print(torch.tensor([7, -7]) // 2.5)
print(torch.tensor([7, -7]) % 2.5)
print(7 // torch.tensor([2, -2]))
print(7 % torch.tensor([2, -2]))
print(7.5 % torch.tensor([2, -2]))
print(torch.tensor([5.], dtype=torch.float64) // torch.tensor([2.]))
print(torch.tensor([5]) // torch.tensor(2.))
print(torch.tensor([True, False]) // 2)
print(torch.tensor([5, 6]) // True)"""),
    ("floor_div_float_zero", """import torch
print(torch.tensor([7., -7., 0.]) // 0)
print(torch.tensor([7., -7., 0.]) % 0)
print(torch.tensor([7, -7]) // -0.0)
print(torch.tensor([7., -7.]) % float('inf'))
print(torch.tensor([float('inf')]) // 2)"""),
    ("floor_div_int_extremes", """import torch
big = (torch.tensor([2**62]) - 1) * 2 + 1
x = torch.cat([-big - 1, big])
print(x)
print(x // -1)
print(x % -1)
print(x // 2)
print(x % 10)"""),
    ("floor_div_in_place", """import torch
x = torch.tensor([7, -7])
x //= 2
print(x)
y = torch.tensor([7., -7.])
y %= 3
print(y)"""),
    ("floor_div_zero_error", """import torch
print(torch.tensor([7, -7]) // 0)"""),
    ("remainder_zero_error", """import torch
print(torch.tensor([7, -7]) % torch.tensor([1, 0]))"""),
    ("floor_div_scalar_tensor_zero_error", """import torch
print(torch.tensor(7) // torch.tensor(0))"""),
    ("floor_div_bool_error", """import torch
print(torch.tensor([True, False]) // torch.tensor([True, True]))"""),
    ("remainder_bool_error", """import torch
print(torch.tensor([True, False]) % torch.tensor([True, True]))"""),
    # matmul, batched
    ("matmul_3d_2d", """import torch
a = torch.arange(24.).reshape(2, 3, 4)
b = torch.arange(8.).reshape(4, 2)
print(a @ b)
print(torch.matmul(a, b).shape)"""),
    ("matmul_3d_3d", """import torch
a = torch.arange(24.).reshape(2, 3, 4)
b = torch.arange(8.).reshape(2, 4, 1)
print(torch.matmul(a, b))
print(a.matmul(b).shape)"""),
    ("matmul_broadcast_batch", """import torch
a = torch.arange(24.).reshape(2, 1, 3, 4)
b = torch.arange(24.).reshape(3, 4, 2)
c = a @ b
print(c.shape)
print(c[1, 2])
print((torch.arange(12.).reshape(3, 4) @ torch.arange(16.).reshape(2, 4, 2)).shape)"""),
    ("matmul_vector_batch", """import torch
a = torch.arange(24.).reshape(2, 3, 4)
print(a @ torch.arange(4.))
print(torch.arange(3.) @ a)
print(torch.ones(1) @ torch.ones(2, 1, 4))"""),
    ("matmul_2d_3d", """import torch
a = torch.arange(6.).reshape(2, 3)
b = torch.arange(24.).reshape(2, 3, 4)
print(a @ b)"""),
    ("matmul_batched_int_float64", """import torch
a = torch.arange(24).reshape(2, 3, 4)
b = torch.arange(8).reshape(2, 4, 1)
print(a @ b)
c = torch.arange(12, dtype=torch.float64).reshape(2, 2, 3)
print(c @ torch.ones(3, 2, dtype=torch.float64))"""),
    ("matmul_batched_empty", """import torch
print(torch.ones(2, 0, 4) @ torch.ones(2, 4, 1))
print(torch.ones(2, 3, 0) @ torch.ones(2, 0, 1))
print(torch.ones(4, 3, 0) @ torch.ones(0, 0))"""),
    ("bmm", """import torch
print(torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 3, 1)))"""),
    ("matmul_fold_mv_error", """import torch
print(torch.arange(24.).reshape(2, 3, 4) @ torch.arange(5.))"""),
    ("matmul_vector_batch_error", """import torch
print(torch.arange(4.) @ torch.arange(24.).reshape(2, 3, 4))"""),
    ("matmul_batch_inner_error", """import torch
print(torch.ones(2, 3, 4) @ torch.ones(2, 3, 4))"""),
    ("matmul_batch_broadcast_error", """import torch
print(torch.ones(2, 3, 4) @ torch.ones(3, 4, 2))"""),
    ("matmul_fold_mm_error", """import torch
print(torch.ones(2, 3, 4) @ torch.ones(3, 4))"""),
    ("matmul_2d_3d_error", """import torch
print(torch.ones(3, 4) @ torch.ones(2, 3, 4))"""),
    ("matmul_fold_vector_row_error", """import torch
print(torch.ones(3) @ torch.ones(2, 1, 4))"""),
    ("matmul_batch_dtype_error", """import torch
print(torch.ones(2, 2) @ torch.ones(3, 2, 4, dtype=torch.float64))"""),
    ("matmul_batch_int_float_error", """import torch
print(torch.arange(24).reshape(2, 3, 4) @ torch.arange(8.).reshape(2, 4, 1))"""),
    ("matmul_fold_dtype_error", """import torch
print(torch.ones(2, 3, 4) @ torch.ones(4, 2, dtype=torch.float64))"""),
    ("matmul_batch_bool_error", """import torch
print(torch.ones(2, 3, 4, dtype=torch.bool) @ torch.ones(2, 4, 1, dtype=torch.bool))"""),
    ("matmul_2d_error", """import torch
print(torch.ones(2, 3) @ torch.ones(4, 5))"""),
    ("mm_3d_error", """import torch
print(torch.mm(torch.ones(2, 3, 4), torch.ones(4)))"""),
    ("mm_vector_error", """import torch
print(torch.mm(torch.ones(3, 4), torch.ones(4)))"""),
    ("bmm_2d_error", """import torch
print(torch.bmm(torch.ones(2, 3, 4), torch.ones(4, 3)))"""),
    ("bmm_size_error", """import torch
print(torch.bmm(torch.ones(2, 3, 4), torch.ones(3, 4, 3)))"""),
    # max / min of two tensors, maximum / minimum
    ("max_min_two_tensors", """import torch
a = torch.tensor([1., 5., 3.])
b = torch.tensor([4., 2., 3.])
print(torch.max(a, b))
print(torch.min(a, b))
print(a.max(b))
print(a.min(b))
print(torch.max(torch.tensor([1, 5]), torch.tensor([3., 3.])))
print(torch.max(a, dim=0))"""),
    ("maximum_minimum", """import torch
print(torch.maximum(torch.tensor([1, 5, 3]), torch.tensor([4., 2., float('nan')])))
print(torch.minimum(torch.tensor([[1], [5]]), torch.tensor([4, 2, 3])))
print(torch.maximum(torch.tensor([1., 5.]), torch.tensor(2, dtype=torch.int64)))
print(torch.maximum(torch.tensor([True, False]), torch.tensor([False, False])))
print(torch.minimum(torch.tensor([True, False]), torch.tensor([True, True])))
print(torch.tensor([1., 5.]).maximum(torch.tensor([3., 3.])))
print(torch.max(torch.tensor([1., 5.]), torch.tensor([3., 3.], dtype=torch.float64)))"""),
    ("maximum_scalar_error", """import torch
print(torch.maximum(torch.tensor([1., 5.]), 2))"""),
    ("maximum_shape_error", """import torch
print(torch.maximum(torch.tensor([1., 2.]), torch.tensor([1., 2., 3.])))"""),
    ("python_max_of_tensors_error", """import torch
print(max(torch.tensor([1., 5.]), torch.tensor([3., 3.])))"""),
    # set_printoptions
    ("printoptions_precision", """import torch
torch.set_printoptions(precision=2)
print(torch.tensor([1.23456, 2.5]))
print(torch.tensor(3.14159))
print(torch.tensor([1e-8, 1.]))
print(torch.tensor([1.23456], dtype=torch.float64))
torch.set_printoptions(precision=6)
print(torch.tensor([1.23456, 2.5]))
print(torch.tensor([1e-5, 1.]))"""),
    ("printoptions_sci_mode", """import torch
torch.set_printoptions(sci_mode=True)
print(torch.tensor([1.5, 2.]))
print(torch.tensor([1., 2.]))
print(torch.tensor([0., 1.]))
print(torch.tensor(0.5))
print(torch.tensor([float('nan'), float('inf'), 2.]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-5, 1000.]))
print(torch.tensor([1e10, 1.]))"""),
    ("printoptions_sci_reset", """import torch
torch.set_printoptions(sci_mode=True)
torch.set_printoptions(precision=3)
print(torch.tensor([1.5, 2.]))
torch.set_printoptions(precision=2, sci_mode=True)
print(torch.tensor([1.23456]))"""),
    ("printoptions_linewidth", """import torch
torch.set_printoptions(linewidth=30)
print(torch.arange(20.))
torch.set_printoptions(linewidth=20)
print(torch.tensor([[1.5, 2.5, 3.5, 4.5]]), torch.tensor([1.], dtype=torch.float64))
print(torch.zeros(3, dtype=torch.float64))"""),
    ("printoptions_threshold", """import torch
torch.set_printoptions(threshold=5)
print(torch.arange(10))
print(torch.arange(5))
torch.set_printoptions(threshold=5, edgeitems=1)
print(torch.arange(10))
print(torch.arange(30.).reshape(5, 6))
torch.set_printoptions(threshold=3)
print(torch.arange(4.).reshape(2, 2))"""),
    ("printoptions_edgeitems", """import torch
torch.set_printoptions(edgeitems=2)
print(torch.arange(2000))
print(torch.arange(2000.).reshape(40, 50))"""),
    ("printoptions_profiles", """import torch
torch.set_printoptions(precision=2)
torch.set_printoptions(profile='default')
print(torch.tensor([1.23456]))
torch.set_printoptions(profile='short')
print(torch.tensor([1.23456]))
print(torch.arange(1001)[:3])
torch.set_printoptions(profile='full')
print(torch.arange(1001.)[-3:])
torch.set_printoptions(profile='bogus')
print(torch.tensor([1.23456]))
torch.set_printoptions(precision=3, profile='default')
print(torch.tensor([1.23456]))"""),
    ("printoptions_full_long", """import torch
torch.set_printoptions(profile='full')
print(torch.arange(1200).reshape(2, 600)[:, 590:])
print(torch.arange(1005).shape)"""),
    ("printoptions_precision_zero", """import torch
torch.set_printoptions(precision=0)
print(torch.tensor([1.5, 2.25]))
print(torch.tensor([1., 2.]))
print(torch.set_printoptions(precision=3))
print(torch.tensor([2.0 / 3]))"""),
    # device
    ("device_print", """import torch
x = torch.ones(2)
print(x.device)
print(repr(x.device))
print(str(x.device))
print([x.device])
print(x.device == torch.device('cpu'))
print(x.device.type)
print(type(x.device))
print(x.device.index)"""),
    ("grad_and_missing_bias_are_none", """import torch
import torch.nn as nn
print(torch.ones(2).grad)
print(nn.Conv2d(1, 1, 1, bias=False).bias)"""),
    # torch.Size equality
    ("size_equality", """import torch
print(torch.Size([2, 3]) == [2, 3])
print(torch.Size([2, 3]) == (2, 3))
print(torch.Size([2, 3]) != [2, 3])
print([2, 3] == torch.Size([2, 3]))
print((2, 3) == torch.Size([2, 3]))
print(torch.ones(2, 3).shape == (2, 3))
print(torch.ones(2, 3).shape == [2, 3])
print(torch.ones(2, 3).size() == torch.Size([2, 3]))
print(torch.Size([]) == ())"""),
    # range
    ("range_repr", """print(range(3))
print(repr(range(1, 10, 2)))
print(str(range(3)))
print(range(-5))
print(range(5, 1, -1))
print(range(0))
print([range(2)])
print(type(range(3)))"""),
    ("range_sequence", """print(list(range(3)))
print(tuple(range(3)))
print(list(range(0)))
print(len(range(1, 10, 2)))
print(len(range(10, 0, -3)))
print(sum(range(4)))
print(max(range(4)))
print(2 in range(3))
print(3 in range(0, 10, 3))
print(4 in range(0, 10, 3))"""),
    ("range_indexing", """r = range(1, 10, 2)
print(r[2])
print(range(10)[-1])
print(range(0, 10, 3)[1:3])
print(range(2, 3)[0:0])
print(range(10)[::-1])
print(range(10)[::-2])
print(range(3)[True])
print(r.start, r.stop, r.step)"""),
    ("range_equality", """print(range(3) == range(3))
print(range(0) == range(2, 2))
print(range(3) == [0, 1, 2])
print(range(0, 3, 2) == range(0, 4, 2))"""),
    ("range_tensor", """import torch
print(torch.tensor(range(4)))
print(torch.tensor(list(range(2, 8, 3))))"""),
    ("range_index_error", """print(range(3)[5])"""),
    ("range_step_zero_error", """print(range(1, 2, 0))"""),
    # convolution messages
    ("conv2d_float64_input_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3)))"""),
    ("conv2d_float64_weight_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3, dtype=torch.float64)))"""),
    ("conv1d_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv1d(torch.ones(1, 1, 4, dtype=torch.float64), torch.ones(1, 1, 3)))"""),
    ("conv3d_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv3d(torch.ones(1, 1, 4, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3, 3)))"""),
    ("conv_transpose2d_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3)))"""),
    ("conv2d_same_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3), padding='same'))"""),
    ("conv2d_int_input_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4, dtype=torch.int64), torch.ones(1, 1, 3, 3)))"""),
    ("conv2d_bias_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3), torch.ones(1)))"""),
    ("conv2d_bias_checked_after_weight_error", """import torch
import torch.nn.functional as F
x = torch.ones(1, 1, 4, 4, dtype=torch.float64)
print(F.conv2d(x, torch.ones(1, 1, 3, 3), torch.ones(1, dtype=torch.float64)))"""),
    ("conv_layer_float64_input_error", """import torch
import torch.nn as nn
conv = nn.Conv2d(1, 1, 3)
print(conv(torch.ones(1, 1, 4, 4, dtype=torch.float64)))"""),
    ("conv_transpose_bias_converted", """import torch
import torch.nn.functional as F
x = torch.ones(1, 1, 2, 2, dtype=torch.float64)
print(F.conv_transpose2d(x, torch.ones(1, 1, 1, 1, dtype=torch.float64), torch.ones(1)))
print(F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 1), torch.ones(1, dtype=torch.float64)))"""),
    ("conv2d_kernel_size_before_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 0, 3)))"""),
    ("conv_transpose2d_output_padding_before_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose2d(torch.ones(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, 1, 3, 3), output_padding=3))"""),
    ("conv2d_bool_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 3, 5, dtype=torch.bool), torch.ones(1, 1, 1, 1, dtype=torch.bool)))"""),
    ("conv2d_bool_dilated_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 3, 3, dtype=torch.bool), torch.ones(1, 1, 1, 1, dtype=torch.bool), dilation=2))"""),
    ("conv3d_bool_error", """import torch
import torch.nn.functional as F
print(F.conv3d(torch.ones(1, 1, 3, 3, 3, dtype=torch.bool), torch.ones(1, 1, 1, 1, 1, dtype=torch.bool)))"""),
    ("conv_transpose1d_bool_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose1d(torch.ones(1, 1, 3, dtype=torch.bool), torch.ones(1, 1, 1)))"""),
    ("conv2d_weight_bool_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 3, 5), torch.ones(1, 1, 1, 1, dtype=torch.bool)))"""),
    ("conv2d_empty_spatial_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 0, 5), torch.ones(1, 1, 1, 1), padding=1))"""),
    ("conv2d_empty_spatial_no_padding_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 0, 5), torch.ones(1, 1, 1, 1)))"""),
    ("conv2d_empty_unbatched_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 0, 5), torch.ones(1, 1, 1, 1), padding=1))"""),
    ("conv1d_empty_error", """import torch
import torch.nn.functional as F
print(F.conv1d(torch.ones(1, 1, 0), torch.ones(1, 1, 1), padding=1))"""),
    ("conv3d_empty_error", """import torch
import torch.nn.functional as F
print(F.conv3d(torch.ones(1, 1, 0, 2, 2), torch.ones(1, 1, 1, 1, 1), padding=1))"""),
    ("conv_transpose2d_empty_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose2d(torch.ones(1, 1, 0, 5), torch.ones(1, 1, 3, 3)))"""),
    ("conv_transpose1d_empty_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose1d(torch.ones(1, 1, 0), torch.ones(1, 1, 1)))"""),
    ("conv_transpose_layer_empty_error", """import torch
import torch.nn as nn
layer = nn.ConvTranspose2d(1, 1, 2, stride=2)
print(layer(torch.ones(1, 1, 3, 0)))"""),
    ("conv_empty_before_dtype_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 0, 5, dtype=torch.float64), torch.ones(1, 1, 1, 1), padding=1))"""),
    ("conv_zero_batch_ok", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(0, 1, 3, 5), torch.ones(2, 1, 1, 1)).shape)
print(F.conv_transpose2d(torch.ones(0, 1, 3, 5), torch.ones(1, 2, 2, 2), stride=2).shape)
print(F.conv2d(torch.ones(0, 1, 3, 5), torch.ones(2, 1, 1, 1, dtype=torch.float64)))
print(F.conv_transpose2d(torch.ones(0, 1, 3, 5, dtype=torch.float64), torch.ones(1, 2, 1, 1)))"""),
    # requires_grad where PyTorch refuses too
    ("requires_grad_int_tensor_error", """import torch
print(torch.tensor([1, 2], requires_grad=True))"""),
    ("requires_grad_int_zeros_error", """import torch
print(torch.zeros(2, dtype=torch.int64, requires_grad=True))"""),
    ("requires_grad_arange_error", """import torch
print(torch.arange(3, requires_grad=True))"""),
    ("requires_grad_full_int_error", """import torch
print(torch.full((2,), 3, requires_grad=True))"""),
    ("requires_grad_like_int_error", """import torch
print(torch.zeros_like(torch.ones(2), dtype=torch.int64, requires_grad=True))"""),
    ("requires_grad_method_int_error", """import torch
print(torch.tensor([1, 2]).requires_grad_())"""),
    ("requires_grad_attribute_int_error", """import torch
x = torch.tensor([1, 2])
x.requires_grad = True"""),
    ("requires_grad_false_accepted", """import torch
print(torch.ones(2, requires_grad=False))
print(torch.tensor([1.], requires_grad=False).requires_grad)
print(torch.ones(2).requires_grad_(False))
print(torch.zeros(2, requires_grad=False).requires_grad)
print(torch.rand(2, requires_grad=False).shape)
x = torch.ones(2)
x.requires_grad = False
print(x.requires_grad)"""),
    # Empty tensors: contiguous strides count a size of 0 as 1, and any empty tensor is
    # contiguous; a convolution of an input with no channels has an output of none.
    ("empty_tensor_strides", """import torch
x = torch.zeros(2, 0, 3)
print(x.stride(), x.is_contiguous())
v = x.transpose(0, 2)
print(v.stride(), v.is_contiguous(), v.contiguous().stride())
print(torch.zeros(0, 2, 3).stride(), torch.zeros(2, 3, 0).stride(), torch.zeros(0).stride())
print(torch.ones(4, 3)[:, 3:].stride(), torch.ones(4, 3)[:, 3:].is_contiguous())"""),
    ("conv_zero_input_channels", """import torch
import torch.nn.functional as F
x = torch.ones(1, 0, 4, 4, requires_grad=True)
w = torch.ones(2, 0, 2, 2, requires_grad=True)
b = torch.ones(2, requires_grad=True)
y = F.conv2d(x, w, b)
print(y)
print(y.shape, y.stride())
y.sum().backward()
print(x.grad.shape, w.grad.shape, b.grad)
print(F.conv1d(torch.ones(0, 3), torch.ones(4, 0, 1)).shape)
print(F.conv2d(torch.ones(1, 0, 4, 4), torch.ones(2, 0, 2, 2), stride=2, padding=1, dilation=2).shape)
print(F.conv3d(torch.ones(2, 0, 4, 4, 4), torch.ones(2, 0, 2, 2, 2), groups=2).shape)"""),
    # (oneDNN's route whatever the thread count: a kernel of 2 and two groups.)
    ("conv_transpose_empty_output", """import torch
import torch.nn.functional as F
x = torch.ones(1, 2, 3, requires_grad=True)
w = torch.ones(2, 1, 2, requires_grad=True)
y = F.conv_transpose1d(x, w, stride=1, padding=2, groups=2)
print(y)
y.sum().backward()
print(x.grad)
print(w.grad)
print(F.conv_transpose1d(torch.ones(1, 2, 2, dtype=torch.float64), torch.ones(2, 1, 1, dtype=torch.float64), padding=1, groups=2))"""),
    # A dilation of 0: refused by the route PyTorch takes (oneDNN for float32 where it
    # takes oneDNN), a negative one before any route.
    ("conv1d_zero_dilation_error", """import torch
import torch.nn.functional as F
print(F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 2), dilation=0))"""),
    ("conv2d_zero_dilation_onednn_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(2, 1, 5, 5), torch.ones(1, 1, 2, 2), dilation=(1, 0)))"""),
    ("conv2d_zero_dilation_float64_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(2, 1, 5, 5, dtype=torch.float64), torch.ones(1, 1, 2, 2, dtype=torch.float64), dilation=(1, 0)))"""),
    ("conv2d_negative_dilation_error", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 2, 2), dilation=-1))"""),
    ("conv_transpose3d_zero_dilation_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose3d(torch.ones(1, 1, 3, 3, 3), torch.ones(1, 1, 2, 2, 2), dilation=(1, 0, 2)))"""),
    ("conv_transpose2d_zero_dilation_onednn_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose2d(torch.ones(2, 1, 5, 5), torch.ones(1, 1, 2, 2), dilation=0))"""),
    # PyTorch's Empty backend: an input of no samples or no channels runs no kernel, so
    # none of the kernels' checks; its own refusals are an empty weight's [0] and a
    # negative size.
    ("conv_empty_backend_shapes", """import torch
import torch.nn.functional as F
print(F.conv2d(torch.ones(0, 1, 5, 5), torch.ones(1, 1, 2, 2), dilation=0).shape)
print(F.conv_transpose2d(torch.ones(0, 1, 2, 2), torch.ones(1, 1, 1, 1), padding=1).shape)
print(F.conv_transpose2d(torch.ones(0, 1, 2, 2), torch.ones(1, 1, 1, 1), stride=2, output_padding=3).shape)
print(F.conv2d(torch.ones(1, 0, 5, 5), torch.ones(1, 0, 0, 2)).shape)
print(F.conv2d(torch.ones(0, 1, 5, 5, dtype=torch.int64), torch.ones(1, 1, 2, 2, dtype=torch.int64)).shape)
x = torch.ones(0, 1, 5, 5, requires_grad=True)
w = torch.ones(2, 1, 2, 2, requires_grad=True)
F.conv2d(x, w, dilation=0).sum().backward()
print(x.grad.shape, w.grad)"""),
    ("conv_transpose1d_empty_backend_negative_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose1d(torch.ones(0, 1, 2), torch.ones(1, 1, 1), padding=3))"""),
    ("conv_transpose3d_empty_backend_negative_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose3d(torch.ones(0, 1, 2, 2, 2), torch.ones(1, 1, 1, 1, 1), padding=(0, 3, 1)))"""),
    ("conv_empty_backend_empty_weight_error", """import torch
import torch.nn.functional as F
print(F.conv_transpose2d(torch.ones(0, 1, 2, 2), torch.ones(1, 1, 0, 1)))"""),
    ("empty_views_past_their_buffer", """import torch
print(torch.ones(4, 4)[4:, 1::2].sum(), torch.ones(4, 3)[4:, 2:].sum())
print(torch.ones(4, 3)[4:, 2:].clone().stride(), torch.zeros(2, 0, 3).transpose(0, 2).clone().stride())"""),
    # float16 and bfloat16: a Python number multiplying or dividing is taken to float32
    # unrounded (on either side of `*`), `%` and `//` work in float32 from operands
    # rounded to the dtype, sums add in float in ATen's order. Each result is printed
    # whole and as an exact fingerprint (its elements weighted by their positions).
    # Not `number // x`: PyTorch's vectorized loop rounds each step of that floor
    # division to the dtype, its scalar tail does not (ConvLab rounds once).
    ("reduced_float_scalar_arithmetic", """import torch
w = torch.arange(200, dtype=torch.float64)
for dtype in (torch.float16, torch.bfloat16):
    a = ((torch.arange(200) * 7919 % 2003 - 1000).float() / 317).to(dtype)
    for s in (3.7, 0.1, -2.5, 7):
        for r in (a * s, s * a, a / s, s / a, a % s, a // s, s % a, a + s, s - a):
            print(dtype, s, (r.double() * w).sum().item())
    print(a[:5] * 0.1, 0.1 * a[:5], a[:5] / 3.7)"""),
    ("reduced_float_tensor_arithmetic", """import torch
w = torch.arange(200, dtype=torch.float64)
for dtype in (torch.float16, torch.bfloat16):
    a = ((torch.arange(200) * 7919 % 2003 - 1000).float() / 317).to(dtype)
    b = ((torch.arange(200) * 104729 % 2011 - 1005).float() / 211).to(dtype)
    t = torch.tensor(1.3)
    for r in (a * b, a / b, a % b, a // b, a * t, t * a, a / t, a // t, a % t, a * torch.tensor(1.3, dtype=torch.float64)):
        print(r.dtype, (r.double() * w).sum().item())"""),
    # `add(alpha=)` in float16 and bfloat16 as ATen's scalar loop (alpha rounded to the
    # dtype, the product rounded, then the sum), which takes tensors of fewer than 32
    # elements whole; its vectorized loop fuses the multiply-add for longer ones.
    ("reduced_float_add_alpha", """import torch
w = torch.arange(20, dtype=torch.float64)
for dtype in (torch.float16, torch.bfloat16):
    a = ((torch.arange(20) * 7919 % 2003 - 1000).float() / 317).to(dtype)
    b = ((torch.arange(20) * 104729 % 2011 - 1005).float() / 211).to(dtype)
    for alpha in (3.7, 0.1, -1.3):
        r = torch.add(a, b, alpha=alpha)
        print(r.dtype, (r.double() * w).sum().item(), (torch.sub(a, b, alpha=alpha).double() * w).sum().item())
    print(a.clone().add_(b, alpha=0.1))"""),
    ("reduced_float_sums", """import torch
for dtype in (torch.float16, torch.bfloat16):
    x = ((torch.arange(64 * 30 * 5) * 7919 % 2003 - 1000).float() / 97).reshape(64, 30, 5).to(dtype)
    print(x.sum(dim=(0, 1)), x.mean(dim=(0, 1)))
    print(x.sum(), x.mean(), x.sum(dim=1)[0])
    print(x.permute(2, 1, 0).sum(dim=(1, 2)), x[:, ::3, 1:].mean(dim=(0, 2)))"""),
]


if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
