#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/nn_ops.json from real PyTorch.

Each case names an engine operation of the `torch.nn` half of a conv tutorial
(activations, interpolate, pixel shuffle, pooling, linear, fold/unfold, batch norm,
torch.nn.init and the default initialisation of nn.Linear / nn.BatchNorm), its input
tensors (stored flat with their shapes and dtypes) and arguments, and what PyTorch
returned: the output tensors (values, shapes, dtypes) or the exception's type and
first line. NNOpsFixtureTests runs every case through ConvEngine.

Inputs come from per-case seeded generators, so running the script twice writes the
same file. PyTorch runs on one thread: batch norm's reductions over a 2-D input keep
one partial sum per thread, so more threads give other last bits.

Run with the PyTorch the expected values must come from:

    /work/main/.venv/bin/python scripts/generate_nn_ops_fixtures.py
"""

import json
import math
import pathlib
import sys
import warnings

import torch
import torch.nn.functional as F
import torch.nn.init as init

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/nn_ops.json"

DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64",
          torch.int32: "int32", torch.uint8: "uint8", torch.bool: "bool"}
BY_NAME = {v: k for k, v in DTYPES.items()}

CASES = []


def case(case_id, op, inputs=None, **args):
    CASES.append({"id": case_id, "op": op, "inputs": inputs or {}, "args": args})


def randn(seed, *shape, dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)


def randint(seed, low, high, *shape, dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(low, high, shape, generator=g).to(dtype)


def arange(*shape, dtype=torch.float32):
    return torch.arange(math.prod(shape), dtype=torch.float64).reshape(shape).to(dtype)


def encode_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode_args(value):
    """Arguments as JSON; a float with an integral value is written {"float": 2.0} so
    that readers which parse 2.0 as an integer still see a Python float."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return {"float": value} if value.is_integer() else value
    if isinstance(value, (list, tuple)):
        return [encode_args(v) for v in value]
    if isinstance(value, dict):
        return {k: encode_args(v) for k, v in value.items()}
    raise TypeError(f"cannot encode {value!r}")


def encode(t):
    t = t.detach().contiguous()
    name = DTYPES[t.dtype]
    flat = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        flat = [encode_float(v) for v in flat]
    elif t.dtype == torch.bool:
        flat = [1 if v else 0 for v in flat]
    return {"shape": list(t.shape), "dtype": name, "data": flat}


# ---------------------------------------------------------------- activations
def activation_cases():
    special = torch.tensor([-3.0, -1.0, -0.0, 0.0, 0.5, 2.0, float("nan"), float("inf"), float("-inf"), -1e-30])
    for dtype in (torch.float32, torch.float64):
        tag = DTYPES[dtype]
        x = randn(1, 3, 4, 5, dtype=dtype) * 3
        case(f"relu_{tag}", "relu", {"input": x})
        case(f"relu_special_{tag}", "relu", {"input": special.to(dtype)})
        case(f"leaky_relu_default_{tag}", "leaky_relu", {"input": x})
        case(f"leaky_relu_0_2_{tag}", "leaky_relu", {"input": x}, negative_slope=0.2)
        case(f"leaky_relu_special_{tag}", "leaky_relu", {"input": special.to(dtype)}, negative_slope=0.1)
        case(f"tanh_{tag}", "tanh", {"input": randn(2, 64, dtype=dtype) * 4})
        case(f"tanh_special_{tag}", "tanh", {"input": special.to(dtype)})
        case(f"sigmoid_{tag}", "sigmoid", {"input": randn(3, 40, dtype=dtype) * 5})
        case(f"hardtanh_{tag}", "hardtanh", {"input": x})
        case(f"elu_{tag}", "elu", {"input": randn(4, 37, dtype=dtype) * 3})
    case("relu_int64", "relu", {"input": torch.tensor([[-3, 0, 5], [7, -1, 2]])})
    case("hardtanh_bounds", "hardtanh", {"input": randn(5, 30) * 2}, min_val=-0.5, max_val=1.5)
    case("hardtanh_int64", "hardtanh", {"input": torch.tensor([-3, 0, 1, 5])}, min_val=-2.0, max_val=2.0)
    case("leaky_relu_bool_error", "leaky_relu", {"input": torch.tensor([True, False])})
    case("elu_alpha", "elu", {"input": randn(6, 20) * 2}, alpha=0.5)
    case("tanh_int64_to_float", "tanh", {"input": torch.tensor([-2, 0, 1, 3])})
    case("leaky_relu_int_error", "leaky_relu", {"input": torch.tensor([1, -2])})
    case("elu_int_error", "elu", {"input": torch.tensor([1, -2])})
    case("relu_bool_error", "relu", {"input": torch.tensor([True, False])})
    case("hardtanh_min_gt_max_error", "hardtanh", {"input": torch.tensor([1.0])}, min_val=2.0, max_val=1.0)


# ---------------------------------------------------------------- interpolate
def interpolate_cases():
    x2 = randn(10, 1, 2, 3, 4)
    x2b = randn(11, 2, 3, 5, 5)
    # nearest
    case("nearest2d_size", "interpolate", {"input": x2}, size=[7, 5])
    case("nearest2d_size_int", "interpolate", {"input": x2}, size=6)
    case("nearest2d_scale_2", "interpolate", {"input": x2}, scale_factor=2)
    case("nearest2d_scale_1_7", "interpolate", {"input": x2b}, scale_factor=1.7)
    case("nearest2d_scale_0_6", "interpolate", {"input": x2b}, scale_factor=0.6)
    case("nearest2d_scale_tuple", "interpolate", {"input": x2}, scale_factor=[2.5, 1.3])
    case("nearest2d_scale_recompute", "interpolate", {"input": x2b}, scale_factor=1.7, recompute_scale_factor=True)
    case("nearest2d_scale_1_01_same_size", "interpolate", {"input": randn(12, 1, 2, 10, 10)}, scale_factor=1.01)
    case("nearest2d_scale_2_01", "interpolate", {"input": randn(13, 1, 1, 10, 9)}, scale_factor=2.01)
    case("nearest2d_downsample_size", "interpolate", {"input": randn(14, 1, 1, 9, 7)}, size=[4, 3])
    case("nearest2d_to_one", "interpolate", {"input": randn(15, 1, 2, 3, 4)}, size=1)
    case("nearest2d_large_generic", "interpolate", {"input": randn(16, 1, 2, 5, 6)}, size=[70, 71])
    case("nearest2d_large_scale", "interpolate", {"input": randn(17, 1, 1, 7, 9)}, scale_factor=10.3)
    case("nearest2d_float64", "interpolate", {"input": randn(18, 2, 1, 3, 3, dtype=torch.float64)}, scale_factor=1.5)
    case("nearest2d_uint8", "interpolate", {"input": randint(19, 0, 255, 1, 1, 3, 3, dtype=torch.uint8)}, size=5)
    case("nearest2d_empty_batch", "interpolate", {"input": torch.zeros(0, 1, 4, 4)}, size=3)
    case("nearest1d_size", "interpolate", {"input": randn(20, 2, 3, 5)}, size=8)
    case("nearest1d_scale", "interpolate", {"input": randn(21, 1, 2, 7)}, scale_factor=1.6)
    case("nearest1d_scale_1_01", "interpolate", {"input": randn(22, 1, 1, 10)}, scale_factor=1.01)
    case("nearest1d_to_one", "interpolate", {"input": randn(23, 1, 1, 6)}, size=1)
    case("nearest1d_down", "interpolate", {"input": randn(24, 1, 2, 9)}, scale_factor=0.45)
    case("nearest3d_size", "interpolate", {"input": randn(25, 1, 2, 2, 3, 2)}, size=[3, 4, 5])
    case("nearest3d_scale", "interpolate", {"input": randn(26, 1, 1, 3, 2, 4)}, scale_factor=[1.5, 2, 0.75])
    case("nearest3d_uint8", "interpolate", {"input": randint(27, 0, 255, 1, 2, 2, 3, 3, dtype=torch.uint8)}, scale_factor=1.7)
    case("nearest2d_large_float64", "interpolate", {"input": randn(28, 1, 1, 9, 7, dtype=torch.float64)}, scale_factor=7.7)
    case("nearest1d_float64_scale", "interpolate", {"input": randn(29, 1, 2, 10, dtype=torch.float64)}, scale_factor=1.01)
    # bilinear / linear / trilinear
    for ac in (False, True):
        t = "ac" if ac else "noac"
        case(f"bilinear_size_{t}", "interpolate", {"input": x2}, size=[7, 5], mode="bilinear", align_corners=ac)
        case(f"bilinear_scale_1_7_{t}", "interpolate", {"input": x2b}, scale_factor=1.7, mode="bilinear", align_corners=ac)
        case(f"bilinear_down_{t}", "interpolate", {"input": randn(30, 1, 2, 9, 8)}, size=[4, 3], mode="bilinear", align_corners=ac)
        case(f"bilinear_large_generic_{t}", "interpolate", {"input": randn(31, 1, 2, 5, 6)}, size=[70, 71], mode="bilinear", align_corners=ac)
        case(f"bilinear_channels_20_{t}", "interpolate", {"input": randn(32, 1, 20, 3, 4)}, size=[7, 5], mode="bilinear", align_corners=ac)
        case(f"bilinear_float64_{t}", "interpolate", {"input": randn(33, 1, 3, 4, 3, dtype=torch.float64)}, size=[6, 7], mode="bilinear", align_corners=ac)
        case(f"bilinear_float64_channels_10_{t}", "interpolate", {"input": randn(34, 1, 10, 3, 3, dtype=torch.float64)}, size=[5, 4], mode="bilinear", align_corners=ac)
        case(f"linear_size_{t}", "interpolate", {"input": randn(35, 2, 3, 7)}, size=13, mode="linear", align_corners=ac)
        case(f"linear_down_{t}", "interpolate", {"input": randn(36, 1, 2, 9)}, size=4, mode="linear", align_corners=ac)
        case(f"linear_float64_{t}", "interpolate", {"input": randn(37, 1, 2, 5, dtype=torch.float64)}, size=11, mode="linear", align_corners=ac)
        case(f"trilinear_{t}", "interpolate", {"input": randn(38, 1, 2, 2, 3, 3)}, size=[3, 5, 4], mode="trilinear", align_corners=ac)
    case("bilinear_scale_2", "interpolate", {"input": x2}, scale_factor=2, mode="bilinear")
    case("bilinear_scale_tuple_recompute", "interpolate", {"input": x2b}, scale_factor=[1.3, 2.6], mode="bilinear", recompute_scale_factor=True)
    case("bilinear_same_size", "interpolate", {"input": x2}, size=[3, 4], mode="bilinear")
    case("bilinear_to_one_ac", "interpolate", {"input": x2}, size=[1, 1], mode="bilinear", align_corners=True)
    case("bilinear_to_one_noac", "interpolate", {"input": x2}, size=[1, 2], mode="bilinear")
    case("linear_scale", "interpolate", {"input": randn(39, 1, 2, 5)}, scale_factor=2.3, mode="linear")
    case("linear_scale_down", "interpolate", {"input": randn(40, 1, 2, 9)}, scale_factor=0.4, mode="linear")
    # refusals
    x = arange(1, 1, 4, 4)
    case("interp_size_and_scale_error", "interpolate", {"input": x}, size=3, scale_factor=2)
    case("interp_neither_error", "interpolate", {"input": x})
    case("interp_align_corners_nearest_error", "interpolate", {"input": x}, size=3, align_corners=True)
    case("interp_size_rank_error", "interpolate", {"input": x}, size=[3, 3, 3])
    case("interp_scale_rank_error", "interpolate", {"input": x}, scale_factor=[2, 2, 2])
    case("interp_linear_4d_error", "interpolate", {"input": x}, size=3, mode="linear")
    case("interp_bilinear_3d_error", "interpolate", {"input": x[0]}, size=3, mode="bilinear")
    case("interp_bilinear_5d_error", "interpolate", {"input": torch.zeros(1, 1, 2, 2, 2)}, size=3, mode="bilinear")
    case("interp_trilinear_4d_error", "interpolate", {"input": x}, size=3, mode="trilinear")
    case("interp_2d_input_error", "interpolate", {"input": x[0, 0]}, size=3)
    case("interp_bad_mode_error", "interpolate", {"input": x}, size=3, mode="bogus")
    case("interp_bad_mode_align_error", "interpolate", {"input": x}, size=3, mode="bogus", align_corners=True)
    case("interp_bicubic_3d_error", "interpolate", {"input": x[0]}, size=3, mode="bicubic")
    case("interp_uint8_linear_error", "interpolate", {"input": x[0].to(torch.uint8)}, size=3, mode="linear")
    case("interp_output_zero_error", "interpolate", {"input": x}, scale_factor=0.2)
    case("interp_output_zero_size_error", "interpolate", {"input": x}, size=0)
    case("interp_output_zero_1d_error", "interpolate", {"input": x[0]}, scale_factor=0.1)
    case("interp_output_zero_3d_error", "interpolate", {"input": torch.zeros(1, 1, 2, 2, 2)}, scale_factor=0.1)
    case("interp_negative_scale_error", "interpolate", {"input": x}, scale_factor=-1.0)
    case("interp_recompute_with_size_error", "interpolate", {"input": x}, size=3, recompute_scale_factor=True)
    case("interp_empty_channels_error", "interpolate", {"input": torch.zeros(1, 0, 4, 4)}, size=3)
    case("interp_int64_nearest_error", "interpolate", {"input": x.long()}, size=3)
    case("interp_int64_bilinear_error", "interpolate", {"input": x.long()}, size=3, mode="bilinear")


# ---------------------------------------------------------------- pixel shuffle
def pixel_shuffle_cases():
    case("pixel_shuffle_2", "pixel_shuffle", {"input": arange(1, 8, 2, 3)}, upscale_factor=2)
    case("pixel_shuffle_3_batch", "pixel_shuffle", {"input": arange(2, 9, 2, 2)}, upscale_factor=3)
    case("pixel_shuffle_unbatched", "pixel_shuffle", {"input": arange(4, 2, 2)}, upscale_factor=2)
    case("pixel_shuffle_extra_dims", "pixel_shuffle", {"input": arange(2, 3, 4, 2, 1)}, upscale_factor=2)
    case("pixel_shuffle_1", "pixel_shuffle", {"input": randn(50, 1, 3, 2, 2)}, upscale_factor=1)
    case("pixel_shuffle_int64", "pixel_shuffle", {"input": arange(1, 4, 2, 2, dtype=torch.int64)}, upscale_factor=2)
    case("pixel_unshuffle_2", "pixel_unshuffle", {"input": arange(1, 2, 4, 6)}, downscale_factor=2)
    case("pixel_unshuffle_3", "pixel_unshuffle", {"input": arange(2, 1, 3, 6)}, downscale_factor=3)
    case("pixel_unshuffle_unbatched_float64", "pixel_unshuffle", {"input": arange(1, 4, 4, dtype=torch.float64)}, downscale_factor=2)
    case("pixel_shuffle_rank_error", "pixel_shuffle", {"input": torch.zeros(4, 2)}, upscale_factor=2)
    case("pixel_shuffle_channels_error", "pixel_shuffle", {"input": torch.zeros(1, 5, 2, 2)}, upscale_factor=2)
    case("pixel_shuffle_zero_error", "pixel_shuffle", {"input": torch.zeros(1, 4, 2, 2)}, upscale_factor=0)
    case("pixel_shuffle_negative_error", "pixel_shuffle", {"input": torch.zeros(1, 4, 2, 2)}, upscale_factor=-1)
    case("pixel_unshuffle_height_error", "pixel_unshuffle", {"input": torch.zeros(1, 1, 5, 4)}, downscale_factor=2)
    case("pixel_unshuffle_width_error", "pixel_unshuffle", {"input": torch.zeros(1, 1, 4, 5)}, downscale_factor=2)
    case("pixel_unshuffle_zero_error", "pixel_unshuffle", {"input": torch.zeros(1, 1, 4, 4)}, downscale_factor=0)
    case("pixel_unshuffle_rank_error", "pixel_unshuffle", {"input": torch.zeros(4, 4)}, downscale_factor=2)


# ---------------------------------------------------------------- pooling
def pooling_cases():
    x = randn(60, 2, 3, 7, 8)
    ties = randint(61, 0, 4, 1, 2, 6, 6)
    # max_pool2d
    case("max_pool2d_k2", "max_pool2d", {"input": x}, kernel_size=2)
    case("max_pool2d_k3_s2", "max_pool2d", {"input": x}, kernel_size=3, stride=2)
    case("max_pool2d_k3_s2_p1", "max_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1)
    case("max_pool2d_rect", "max_pool2d", {"input": x}, kernel_size=[2, 3], stride=[1, 2], padding=[1, 0])
    case("max_pool2d_dilation", "max_pool2d", {"input": x}, kernel_size=2, dilation=2)
    case("max_pool2d_dilation_padding", "max_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, dilation=2)
    case("max_pool2d_ceil", "max_pool2d", {"input": x}, kernel_size=2, ceil_mode=True)
    case("max_pool2d_ceil_s3", "max_pool2d", {"input": x}, kernel_size=3, stride=3, ceil_mode=True)
    case("max_pool2d_ceil_last_window_dropped", "max_pool2d", {"input": randn(62, 1, 1, 5, 5)}, kernel_size=2, stride=2, padding=1, ceil_mode=True)
    case("max_pool2d_ceil_padding", "max_pool2d", {"input": randn(63, 1, 1, 6, 6)}, kernel_size=3, stride=2, padding=1, ceil_mode=True)
    case("max_pool2d_indices", "max_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, return_indices=True)
    case("max_pool2d_indices_ties", "max_pool2d", {"input": ties}, kernel_size=2, return_indices=True)
    case("max_pool2d_indices_dilation_ceil", "max_pool2d", {"input": x}, kernel_size=2, stride=2, dilation=2, ceil_mode=True, return_indices=True)
    case("max_pool2d_unbatched", "max_pool2d", {"input": randn(64, 2, 5, 5)}, kernel_size=2, return_indices=True)
    case("max_pool2d_float64", "max_pool2d", {"input": randn(65, 1, 2, 5, 6, dtype=torch.float64)}, kernel_size=2, stride=1)
    case("max_pool2d_int64", "max_pool2d", {"input": randint(66, -9, 9, 1, 1, 4, 4, dtype=torch.int64)}, kernel_size=2, return_indices=True)
    case("max_pool2d_nan", "max_pool2d", {"input": torch.tensor([[[[1.0, float("nan"), 2.0, 3.0], [0.0, -1.0, float("nan"), 5.0]]]])}, kernel_size=2, return_indices=True)
    case("max_pool2d_neg_inf", "max_pool2d", {"input": torch.full((1, 1, 2, 2), float("-inf"))}, kernel_size=2, return_indices=True)
    case("max_pool2d_empty_batch", "max_pool2d", {"input": torch.zeros(0, 1, 4, 4)}, kernel_size=2)
    # max_pool1d / 3d
    x1 = randn(67, 2, 3, 11)
    case("max_pool1d_k3", "max_pool1d", {"input": x1}, kernel_size=3)
    case("max_pool1d_k3_s2_p1", "max_pool1d", {"input": x1}, kernel_size=3, stride=2, padding=1)
    case("max_pool1d_dilation_ceil", "max_pool1d", {"input": x1}, kernel_size=2, stride=2, dilation=3, ceil_mode=True)
    case("max_pool1d_indices", "max_pool1d", {"input": x1}, kernel_size=4, stride=3, padding=2, return_indices=True)
    case("max_pool1d_unbatched", "max_pool1d", {"input": randn(68, 3, 6)}, kernel_size=2)
    case("max_pool1d_nan", "max_pool1d", {"input": torch.tensor([[[1.0, float("nan"), 2.0, 7.0, 3.0, float("nan")]]])}, kernel_size=2)
    case("max_pool3d_k2", "max_pool3d", {"input": randn(69, 1, 2, 4, 5, 6)}, kernel_size=2)
    case("max_pool3d_indices", "max_pool3d", {"input": randn(70, 1, 1, 5, 5, 5)}, kernel_size=3, stride=2, padding=1, return_indices=True)
    case("max_pool3d_ceil_dilation", "max_pool3d", {"input": randn(71, 2, 1, 5, 6, 7)}, kernel_size=[2, 2, 3], stride=2, dilation=[1, 2, 1], ceil_mode=True)
    # avg_pool2d
    case("avg_pool2d_k2", "avg_pool2d", {"input": x}, kernel_size=2)
    case("avg_pool2d_k3_s2_p1", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1)
    case("avg_pool2d_exclude_pad", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, count_include_pad=False)
    case("avg_pool2d_divisor", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, divisor_override=5)
    case("avg_pool2d_ceil", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, ceil_mode=True)
    case("avg_pool2d_ceil_pad", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, ceil_mode=True)
    case("avg_pool2d_ceil_pad_exclude", "avg_pool2d", {"input": x}, kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
    case("avg_pool2d_ceil_window_past_padding", "avg_pool2d", {"input": randn(72, 1, 1, 5, 5)}, kernel_size=2, stride=2, ceil_mode=True)
    case("avg_pool2d_rect", "avg_pool2d", {"input": x}, kernel_size=[2, 4], stride=[3, 1], padding=[1, 2])
    case("avg_pool2d_unbatched", "avg_pool2d", {"input": randn(73, 3, 4, 4)}, kernel_size=2)
    case("avg_pool2d_float64", "avg_pool2d", {"input": randn(74, 1, 2, 6, 5, dtype=torch.float64)}, kernel_size=3, stride=1, padding=1)
    case("avg_pool2d_int64", "avg_pool2d", {"input": randint(75, -20, 20, 1, 1, 4, 5, dtype=torch.int64)}, kernel_size=2, stride=1)
    case("avg_pool2d_int64_pad", "avg_pool2d", {"input": randint(76, -20, 20, 1, 1, 4, 5, dtype=torch.int64)}, kernel_size=3, padding=1, stride=2)
    case("avg_pool2d_big_kernel_sum", "avg_pool2d", {"input": randn(77, 1, 1, 9, 9)}, kernel_size=9)
    # avg_pool1d / 3d
    case("avg_pool1d_k3", "avg_pool1d", {"input": x1}, kernel_size=3)
    case("avg_pool1d_k4_s3_p2", "avg_pool1d", {"input": x1}, kernel_size=4, stride=3, padding=2)
    case("avg_pool1d_exclude_ceil", "avg_pool1d", {"input": x1}, kernel_size=4, stride=3, padding=2, ceil_mode=True, count_include_pad=False)
    case("avg_pool1d_unbatched", "avg_pool1d", {"input": randn(78, 2, 7)}, kernel_size=2)
    case("avg_pool3d_k2", "avg_pool3d", {"input": randn(79, 1, 2, 4, 5, 6)}, kernel_size=2)
    case("avg_pool3d_pad_exclude", "avg_pool3d", {"input": randn(80, 1, 1, 5, 5, 5)}, kernel_size=3, stride=2, padding=1, count_include_pad=False)
    case("avg_pool3d_divisor_ceil", "avg_pool3d", {"input": randn(81, 1, 1, 4, 5, 6)}, kernel_size=2, stride=2, ceil_mode=True, divisor_override=3)
    # refusals
    xe = arange(1, 1, 4, 4)
    x1e = arange(1, 2, 4)
    case("max_pool2d_pad_error", "max_pool2d", {"input": xe}, kernel_size=2, padding=2)
    case("max_pool2d_small_error", "max_pool2d", {"input": xe[:, :, :2, :2]}, kernel_size=3)
    case("max_pool2d_big_kernel_error", "max_pool2d", {"input": xe}, kernel_size=5)
    case("max_pool2d_stride_zero_error", "max_pool2d", {"input": xe}, kernel_size=2, stride=0)
    case("max_pool2d_dilation_zero_error", "max_pool2d", {"input": xe}, kernel_size=2, dilation=0)
    case("max_pool2d_negative_pad_error", "max_pool2d", {"input": xe}, kernel_size=2, padding=-1)
    case("max_pool2d_kernel_tuple_error", "max_pool2d", {"input": xe}, kernel_size=[2, 2, 2])
    case("max_pool2d_rank2_error", "max_pool2d", {"input": torch.zeros(4, 4)}, kernel_size=2)
    case("max_pool2d_rank5_error", "max_pool2d", {"input": torch.zeros(1, 1, 1, 2, 4)}, kernel_size=2)
    case("max_pool2d_empty_channels_error", "max_pool2d", {"input": torch.zeros(1, 0, 4, 4)}, kernel_size=2)
    case("max_pool2d_bool_error", "max_pool2d", {"input": xe.bool()}, kernel_size=2)
    case("max_pool1d_pad_error", "max_pool1d", {"input": x1e}, kernel_size=2, padding=2)
    case("max_pool1d_small_error", "max_pool1d", {"input": x1e}, kernel_size=5)
    case("max_pool1d_kernel_zero_error", "max_pool1d", {"input": x1e}, kernel_size=0)
    case("max_pool1d_stride_zero_error", "max_pool1d", {"input": x1e}, kernel_size=2, stride=0)
    case("max_pool1d_dilation_zero_error", "max_pool1d", {"input": x1e}, kernel_size=2, dilation=0)
    case("max_pool1d_indices_pad_error", "max_pool1d", {"input": x1e}, kernel_size=2, padding=2, return_indices=True)
    case("max_pool1d_indices_small_error", "max_pool1d", {"input": x1e}, kernel_size=5, return_indices=True)
    case("max_pool1d_rank_error", "max_pool1d", {"input": torch.zeros(2, 3, 4, 5)}, kernel_size=2)
    case("max_pool1d_int64_error", "max_pool1d", {"input": x1e.long()}, kernel_size=2)
    case("max_pool3d_small_error", "max_pool3d", {"input": torch.zeros(1, 1, 2, 2, 2)}, kernel_size=3)
    case("max_pool2d_dilated_pad_error", "max_pool2d", {"input": xe}, kernel_size=3, dilation=3, padding=3)
    case("max_pool2d_kernel_zero_error", "max_pool2d", {"input": xe}, kernel_size=0, stride=1)
    case("max_pool2d_int64_ceil_all_negative", "max_pool2d", {"input": -1 - arange(1, 1, 3, 3, dtype=torch.int64)}, kernel_size=2, ceil_mode=True, return_indices=True)
    case("max_pool1d_kernel_tuple_error", "max_pool1d", {"input": x1e}, kernel_size=[2, 2])
    case("max_pool1d_indices_kernel_tuple_error", "max_pool1d", {"input": x1e}, kernel_size=[2, 2], return_indices=True)
    case("max_pool1d_empty_channels_error", "max_pool1d", {"input": torch.zeros(2, 0, 4)}, kernel_size=2)
    case("max_pool1d_empty_batch", "max_pool1d", {"input": torch.zeros(0, 2, 4)}, kernel_size=2)
    case("max_pool1d_indices_bool_error", "max_pool1d", {"input": x1e.bool()}, kernel_size=2, return_indices=True)
    case("max_pool1d_indices_int64", "max_pool1d", {"input": randint(82, -5, 5, 2, 7, dtype=torch.int64)}, kernel_size=3, stride=2, return_indices=True)
    case("max_pool3d_kernel_tuple_error", "max_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=[2, 2])
    case("max_pool3d_pad_error", "max_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=3, padding=2)
    case("max_pool3d_kernel_zero_error", "max_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=0, stride=1)
    case("max_pool3d_dilated_pad_error", "max_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=3, dilation=3, padding=3)
    case("max_pool3d_rank3_error", "max_pool3d", {"input": torch.zeros(4, 4, 4)}, kernel_size=2)
    case("max_pool3d_empty_channels_error", "max_pool3d", {"input": torch.zeros(1, 0, 4, 4, 4)}, kernel_size=2)
    case("max_pool3d_bool_error", "max_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4, dtype=torch.bool)}, kernel_size=2)
    case("max_pool3d_int64", "max_pool3d", {"input": randint(83, -9, 9, 1, 1, 3, 4, 4, dtype=torch.int64)}, kernel_size=2, return_indices=True)
    case("avg_pool3d_kernel_tuple_error", "avg_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=[2, 2])
    case("avg_pool3d_pad_error", "avg_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=3, padding=2)
    case("avg_pool3d_divisor_zero_error", "avg_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4)}, kernel_size=2, divisor_override=0)
    case("avg_pool3d_rank3_error", "avg_pool3d", {"input": torch.zeros(4, 4, 4)}, kernel_size=2)
    case("avg_pool3d_empty_channels_error", "avg_pool3d", {"input": torch.zeros(1, 0, 4, 4, 4)}, kernel_size=2)
    case("avg_pool3d_bool_error", "avg_pool3d", {"input": torch.zeros(1, 1, 4, 4, 4, dtype=torch.bool)}, kernel_size=2)
    case("avg_pool3d_int64", "avg_pool3d", {"input": randint(84, -9, 9, 1, 1, 3, 4, 4, dtype=torch.int64)}, kernel_size=2, padding=1, stride=1)
    case("avg_pool2d_kernel_tuple_error", "avg_pool2d", {"input": xe}, kernel_size=[2, 2, 2])
    case("avg_pool2d_kernel_zero_error", "avg_pool2d", {"input": xe}, kernel_size=0, stride=1)
    case("avg_pool2d_rank5_error", "avg_pool2d", {"input": torch.zeros(1, 1, 1, 4, 4)}, kernel_size=2)
    case("avg_pool2d_bool_error", "avg_pool2d", {"input": xe.bool()}, kernel_size=2)
    case("avg_pool2d_exclude_and_divisor", "avg_pool2d", {"input": xe}, kernel_size=3, stride=1, padding=1, count_include_pad=False, divisor_override=2)
    case("avg_pool1d_kernel_tuple_error", "avg_pool1d", {"input": x1e}, kernel_size=[2, 2])
    case("avg_pool1d_bool_error", "avg_pool1d", {"input": x1e.bool()}, kernel_size=2)
    case("avg_pool1d_empty_batch", "avg_pool1d", {"input": torch.zeros(0, 2, 4)}, kernel_size=2)
    case("avg_pool2d_pad_error", "avg_pool2d", {"input": xe}, kernel_size=2, padding=2)
    case("avg_pool2d_small_error", "avg_pool2d", {"input": xe}, kernel_size=5)
    case("avg_pool2d_stride_zero_error", "avg_pool2d", {"input": xe}, kernel_size=2, stride=0)
    case("avg_pool2d_divisor_zero_error", "avg_pool2d", {"input": xe}, kernel_size=2, divisor_override=0)
    case("avg_pool2d_rank2_error", "avg_pool2d", {"input": torch.zeros(4, 4)}, kernel_size=2)
    case("avg_pool1d_pad_error", "avg_pool1d", {"input": x1e}, kernel_size=2, padding=2)
    case("avg_pool1d_small_error", "avg_pool1d", {"input": x1e}, kernel_size=5)
    case("avg_pool1d_rank1_error", "avg_pool1d", {"input": torch.zeros(4)}, kernel_size=2)
    case("avg_pool3d_small_error", "avg_pool3d", {"input": torch.zeros(1, 1, 2, 2, 2)}, kernel_size=3)


# ---------------------------------------------------------------- linear
def linear_cases():
    case("linear_2d_bias", "linear", {"input": randn(90, 4, 3), "weight": randn(91, 5, 3), "bias": randn(92, 5)})
    case("linear_2d_no_bias", "linear", {"input": randn(93, 2, 6), "weight": randn(94, 3, 6)})
    case("linear_1d", "linear", {"input": randn(95, 3), "weight": randn(96, 4, 3), "bias": randn(97, 4)})
    case("linear_3d_batch", "linear", {"input": randn(98, 2, 3, 4), "weight": randn(99, 5, 4), "bias": randn(100, 5)})
    case("linear_4d_batch", "linear", {"input": randn(101, 2, 1, 3, 4), "weight": randn(102, 2, 4)})
    case("linear_vector_weight", "linear", {"input": randn(103, 2, 3), "weight": randn(104, 3)})
    case("linear_vector_vector", "linear", {"input": randn(105, 3), "weight": randn(106, 3)})
    case("linear_bias_broadcast_2d", "linear", {"input": randn(107, 2, 3), "weight": randn(108, 5, 3), "bias": randn(109, 2, 5)})
    case("linear_float64", "linear", {"input": randn(110, 3, 7, dtype=torch.float64), "weight": randn(111, 2, 7, dtype=torch.float64), "bias": randn(112, 2, dtype=torch.float64)})
    case("linear_wide", "linear", {"input": randn(113, 8, 33), "weight": randn(114, 17, 33), "bias": randn(115, 17)})
    case("linear_int64", "linear", {"input": arange(2, 3, dtype=torch.int64), "weight": arange(4, 3, dtype=torch.int64)})
    case("linear_shape_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 4)})
    case("linear_shape_1d_error", "linear", {"input": torch.zeros(3), "weight": torch.zeros(5, 4)})
    case("linear_shape_3d_error", "linear", {"input": torch.zeros(2, 2, 3), "weight": torch.zeros(5, 4)})
    case("linear_bias_size_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 3), "bias": torch.zeros(4)})
    case("linear_dtype_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 3, dtype=torch.float64)})
    case("linear_weight_3d_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(1, 5, 3)})
    case("linear_scalar_input_error", "linear", {"input": torch.zeros(()), "weight": torch.zeros(5, 3)})
    case("linear_bias_shape_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 4), "bias": torch.zeros(5)})
    case("linear_bias_weight_dtype_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 3, dtype=torch.float64), "bias": torch.zeros(5)})
    case("linear_bias_dtype_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(5, 3), "bias": torch.zeros(5, dtype=torch.float64)})
    case("linear_bias_input_dtype_error", "linear", {"input": torch.zeros(2, 3, dtype=torch.float64), "weight": torch.zeros(5, 3), "bias": torch.zeros(5)})
    case("linear_3d_bias_size_error", "linear", {"input": torch.zeros(2, 2, 3), "weight": torch.zeros(5, 3), "bias": torch.zeros(4)})
    case("linear_3d_bias_shape_error", "linear", {"input": torch.zeros(2, 2, 3), "weight": torch.zeros(5, 4), "bias": torch.zeros(5)})
    case("linear_1d_bias_size_error", "linear", {"input": torch.zeros(3), "weight": torch.zeros(5, 3), "bias": torch.zeros(4)})
    case("linear_1d_dtype_error", "linear", {"input": torch.zeros(3), "weight": torch.zeros(5, 3, dtype=torch.float64)})
    case("linear_3d_dtype_error", "linear", {"input": torch.zeros(2, 2, 3), "weight": torch.zeros(5, 3, dtype=torch.float64)})
    case("linear_vector_weight_dtype_error", "linear", {"input": torch.zeros(2, 3), "weight": torch.zeros(3, dtype=torch.float64)})
    case("linear_3d_bias", "linear", {"input": randn(116, 2, 2, 3), "weight": randn(117, 5, 3), "bias": randn(118, 5)})
    case("linear_1d_bias_float64", "linear", {"input": randn(119, 3, dtype=torch.float64), "weight": randn(120, 4, 3, dtype=torch.float64), "bias": randn(121, 4, dtype=torch.float64)})


# ---------------------------------------------------------------- unfold / fold
def fold_cases():
    x = randn(120, 2, 3, 5, 6)
    case("unfold_k2", "unfold", {"input": x}, kernel_size=2)
    case("unfold_k3_p1_s2", "unfold", {"input": x}, kernel_size=3, padding=1, stride=2)
    case("unfold_rect_dilation", "unfold", {"input": x}, kernel_size=[2, 3], dilation=[2, 1], padding=[1, 2], stride=[1, 3])
    case("unfold_unbatched", "unfold", {"input": arange(2, 4, 4)}, kernel_size=2, stride=2)
    case("unfold_float64", "unfold", {"input": randn(121, 1, 2, 4, 4, dtype=torch.float64)}, kernel_size=3, padding=1)
    case("unfold_whole", "unfold", {"input": arange(1, 2, 3, 3)}, kernel_size=3)
    cols = randn(122, 2, 12, 12)
    case("fold_overlap", "fold", {"input": cols}, output_size=[4, 5], kernel_size=2)
    case("fold_k3_p1_s2", "fold", {"input": randn(123, 1, 18, 6)}, output_size=[5, 4], kernel_size=3, padding=1, stride=2)
    case("fold_dilation", "fold", {"input": randn(124, 2, 4, 3)}, output_size=[5, 5], kernel_size=2, dilation=[2, 3], stride=[1, 2])
    case("fold_dilation_blocks_error", "fold", {"input": randn(124, 2, 4, 6)}, output_size=[5, 5], kernel_size=2, dilation=[2, 3], stride=[1, 2])
    case("fold_unbatched", "fold", {"input": randn(125, 8, 9)}, output_size=4, kernel_size=2, stride=1)
    case("fold_ones_counts", "fold", {"input": torch.ones(1, 9, 16)}, output_size=[6, 6], kernel_size=3, padding=0, stride=1)
    case("fold_float64", "fold", {"input": randn(126, 1, 4, 9, dtype=torch.float64)}, output_size=[4, 4], kernel_size=2)
    case("fold_many_overlaps", "fold", {"input": randn(127, 1, 25, 36)}, output_size=[8, 8], kernel_size=5, padding=1)
    x4 = arange(1, 1, 4, 4)
    case("unfold_rank2_error", "unfold", {"input": torch.zeros(4, 4)}, kernel_size=2)
    case("unfold_rank5_error", "unfold", {"input": torch.zeros(1, 1, 1, 4, 4)}, kernel_size=2)
    case("unfold_kernel_too_big_error", "unfold", {"input": x4}, kernel_size=5)
    case("unfold_kernel_too_big_rect_error", "unfold", {"input": torch.zeros(1, 1, 4, 6)}, kernel_size=5)
    case("unfold_rank1_error", "unfold", {"input": torch.zeros(3)}, kernel_size=2)
    case("fold_output_tuple_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4, 4], kernel_size=2)
    case("fold_dilation_tuple_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4], kernel_size=2, dilation=[1, 1, 1])
    case("fold_padding_negative_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4], kernel_size=2, padding=-1)
    case("fold_output_zero_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[0, 4], kernel_size=2)
    case("fold_dilation_zero_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4], kernel_size=2, dilation=0)
    case("fold_rank1_error", "fold", {"input": torch.zeros(4)}, output_size=[4, 4], kernel_size=2)
    case("unfold_kernel_zero_error", "unfold", {"input": x4}, kernel_size=0)
    case("unfold_stride_zero_error", "unfold", {"input": x4}, kernel_size=2, stride=0)
    case("unfold_dilation_zero_error", "unfold", {"input": x4}, kernel_size=2, dilation=0)
    case("unfold_padding_negative_error", "unfold", {"input": x4}, kernel_size=2, padding=-1)
    case("unfold_kernel_tuple_error", "unfold", {"input": x4}, kernel_size=[2, 2, 2])
    case("unfold_int64_error", "unfold", {"input": x4.long()}, kernel_size=2)
    case("unfold_empty_channels_error", "unfold", {"input": torch.zeros(1, 0, 4, 4)}, kernel_size=2)
    case("fold_channels_error", "fold", {"input": torch.zeros(1, 5, 9)}, output_size=[4, 4], kernel_size=2)
    case("fold_blocks_error", "fold", {"input": torch.zeros(1, 4, 8)}, output_size=[4, 4], kernel_size=2, stride=1)
    case("fold_rank4_error", "fold", {"input": torch.zeros(1, 1, 4, 9)}, output_size=[4, 4], kernel_size=2)
    case("fold_small_output_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[1, 1], kernel_size=2)
    case("fold_kernel_zero_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4], kernel_size=0)
    case("fold_stride_zero_error", "fold", {"input": torch.zeros(1, 4, 9)}, output_size=[4, 4], kernel_size=2, stride=0)
    case("fold_int64_error", "fold", {"input": torch.zeros(1, 4, 9, dtype=torch.int64)}, output_size=[4, 4], kernel_size=2, stride=1)
    case("fold_empty_error", "fold", {"input": torch.zeros(4, 0)}, output_size=[4, 4], kernel_size=2, stride=1)


# ---------------------------------------------------------------- batch norm
def batch_norm_cases():
    def stats(c, seed, dtype=torch.float32):
        return {"running_mean": randn(seed, c, dtype=dtype) * 0.1, "running_var": randn(seed + 1, c, dtype=dtype).abs() + 0.5}

    def affine(c, seed, dtype=torch.float32):
        return {"weight": randn(seed, c, dtype=dtype) + 1, "bias": randn(seed + 1, c, dtype=dtype)}

    # training: every rank, with and without running stats and affine parameters
    case("bn_train_2d", "batch_norm", {"input": randn(130, 8, 3) * 2 + 1, **stats(3, 131), **affine(3, 133)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_2d_c20", "batch_norm", {"input": randn(135, 6, 20) * 3 - 2, **stats(20, 136)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_3d", "batch_norm", {"input": randn(138, 4, 3, 7) + 5, **stats(3, 139), **affine(3, 141)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_3d_length1", "batch_norm", {"input": randn(143, 5, 2, 1), **stats(2, 144)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_4d", "batch_norm", {"input": randn(146, 2, 3, 4, 5) * 0.5 + 3, **stats(3, 147), **affine(3, 149)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_4d_momentum_0_5", "batch_norm", {"input": randn(151, 3, 2, 3, 3), **stats(2, 152)}, training=True, momentum=0.5, eps=1e-3)
    case("bn_train_4d_momentum_1", "batch_norm", {"input": randn(154, 2, 2, 2, 2), **stats(2, 155)}, training=True, momentum=1.0, eps=1e-5)
    case("bn_train_4d_momentum_0", "batch_norm", {"input": randn(157, 2, 2, 2, 2), **stats(2, 158)}, training=True, momentum=0.0, eps=1e-5)
    case("bn_train_5d", "batch_norm", {"input": randn(160, 2, 2, 2, 3, 2), **stats(2, 161), **affine(2, 163)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_no_running", "batch_norm", {"input": randn(165, 3, 4, 2, 2)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_weight_only", "batch_norm", {"input": randn(166, 3, 2, 5), "weight": randn(167, 2) + 1, **stats(2, 168)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_constant_channel", "batch_norm", {"input": torch.ones(4, 2, 3), **stats(2, 170)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_large_values", "batch_norm", {"input": randn(172, 16, 3, 4, 4) * 100 + 1000, **stats(3, 173)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_float64", "batch_norm", {"input": randn(175, 4, 3, 2, 2, dtype=torch.float64), **stats(3, 176, torch.float64), **affine(3, 178, torch.float64)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_train_float64_2d", "batch_norm", {"input": randn(180, 5, 3, dtype=torch.float64), **stats(3, 181, torch.float64)}, training=True, momentum=0.3, eps=1e-5)
    # eval
    case("bn_eval_2d", "batch_norm", {"input": randn(183, 4, 3), **stats(3, 184), **affine(3, 186)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_eval_4d", "batch_norm", {"input": randn(188, 2, 3, 3, 3), **stats(3, 189), **affine(3, 191)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_eval_4d_no_affine", "batch_norm", {"input": randn(193, 1, 2, 3, 3), **stats(2, 194)}, training=False, momentum=0.1, eps=1e-3)
    case("bn_eval_single_sample", "batch_norm", {"input": randn(196, 1, 3), **stats(3, 197)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_eval_float64", "batch_norm", {"input": randn(199, 2, 2, 4, dtype=torch.float64), **stats(2, 200, torch.float64), **affine(2, 202, torch.float64)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_train_empty_batch", "batch_norm", {"input": torch.zeros(0, 3, 2), "running_mean": torch.zeros(3), "running_var": torch.ones(3)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_eval_empty_wrong_stats", "batch_norm", {"input": torch.zeros(0, 3), "running_mean": torch.zeros(5), "running_var": torch.ones(5)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_eval_eps_zero", "batch_norm", {"input": randn(204, 2, 2), **stats(2, 205)}, training=False, momentum=0.1, eps=0.0)
    # refusals
    rm, rv = torch.zeros(3), torch.ones(3)
    case("bn_one_value_error", "batch_norm", {"input": torch.zeros(1, 3), "running_mean": rm, "running_var": rv}, training=True, momentum=0.1, eps=1e-5)
    case("bn_one_value_4d_error", "batch_norm", {"input": torch.zeros(1, 3, 1, 1), "running_mean": rm, "running_var": rv}, training=True, momentum=0.1, eps=1e-5)
    case("bn_running_mean_size_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": torch.zeros(4), "running_var": rv}, training=True, momentum=0.1, eps=1e-5)
    case("bn_running_var_size_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm, "running_var": torch.ones(4)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_weight_size_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm, "running_var": rv, "weight": torch.zeros(4)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_bias_size_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm, "running_var": rv, "bias": torch.zeros(4)}, training=True, momentum=0.1, eps=1e-5)
    case("bn_eps_zero_training_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm, "running_var": rv}, training=True, momentum=0.1, eps=0.0)
    case("bn_eps_negative_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm, "running_var": rv}, training=False, momentum=0.1, eps=-1.0)
    case("bn_1d_input_error", "batch_norm", {"input": torch.zeros(3), "running_mean": rm, "running_var": rv}, training=False, momentum=0.1, eps=1e-5)
    case("bn_eval_without_running_error", "batch_norm", {"input": torch.zeros(2, 3)}, training=False, momentum=0.1, eps=1e-5)
    case("bn_int64_error", "batch_norm", {"input": torch.zeros(2, 3, dtype=torch.int64), "running_mean": rm, "running_var": rv}, training=True, momentum=0.1, eps=1e-5)
    case("bn_mixed_dtype_error", "batch_norm", {"input": torch.zeros(2, 3), "running_mean": rm.double(), "running_var": rv.double()}, training=True, momentum=0.1, eps=1e-5)
    # nn.BatchNormNd over several batches: num_batches_tracked, momentum=None (cumulative average), eval after
    for dims, shape in ((1, (4, 3)), (2, (2, 3, 2, 2)), (3, (2, 3, 2, 2, 1))):
        for momentum in (0.1, None):
            tag = "none" if momentum is None else "0_1"
            steps = [randn(210 + 7 * dims + k, *shape) * (k + 1) + k for k in range(3)]
            case(f"bn_module_{dims}d_momentum_{tag}", "batch_norm_module",
                 {f"input{k}": s for k, s in enumerate(steps)},
                 dims=dims, num_features=3, momentum=momentum, eps=1e-5, affine=True,
                 track_running_stats=True, training=[True, True, False])
    case("bn_module_no_tracking", "batch_norm_module", {"input0": randn(240, 4, 3), "input1": randn(241, 2, 3)},
         dims=1, num_features=3, momentum=0.1, eps=1e-5, affine=False, track_running_stats=False, training=[True, False])
    case("bn_module_rank_error_2d", "batch_norm_module", {"input0": torch.zeros(2, 3)}, dims=2, num_features=3,
         momentum=0.1, eps=1e-5, affine=True, track_running_stats=True, training=[True])
    case("bn_module_rank_error_1d", "batch_norm_module", {"input0": torch.zeros(2, 3, 4, 4)}, dims=1, num_features=3,
         momentum=0.1, eps=1e-5, affine=True, track_running_stats=True, training=[True])
    case("bn_module_rank_error_3d", "batch_norm_module", {"input0": torch.zeros(2, 3, 4, 4)}, dims=3, num_features=3,
         momentum=0.1, eps=1e-5, affine=True, track_running_stats=True, training=[True])
    case("bn_module_features_error", "batch_norm_module", {"input0": torch.zeros(2, 4)}, dims=1, num_features=3,
         momentum=0.1, eps=1e-5, affine=True, track_running_stats=True, training=[True])


# ---------------------------------------------------------------- init
def init_cases():
    def init_case(case_id, fn, shape, seed, dtype="float32", **params):
        case(case_id, "init", fn=fn, shape=list(shape), seed=seed, dtype=dtype, params=params)

    init_case("init_uniform_default", "uniform_", (3, 5), 0)
    init_case("init_uniform_bounds", "uniform_", (4, 6), 1, a=-2.0, b=3.5)
    init_case("init_uniform_float64", "uniform_", (7,), 2, dtype="float64", a=-1.0, b=1.0)
    init_case("init_normal_small", "normal_", (3, 4), 3)
    init_case("init_normal_small_odd", "normal_", (5,), 4, mean=1.0, std=0.5)
    init_case("init_normal_block", "normal_", (5, 7), 5, mean=-0.5, std=2.0)
    init_case("init_normal_block_float64", "normal_", (4, 9), 6, dtype="float64", mean=0.3, std=0.2)
    init_case("init_normal_exact_16", "normal_", (16,), 7)
    init_case("init_constant", "constant_", (2, 3), 0, val=0.3)
    init_case("init_constant_float64", "constant_", (2, 2), 0, dtype="float64", val=0.1)
    init_case("init_constant_int64", "constant_", (3,), 0, dtype="int64", val=2.7)
    init_case("init_zeros", "zeros_", (2, 3), 0)
    init_case("init_ones", "ones_", (3, 2), 0)
    init_case("init_xavier_uniform", "xavier_uniform_", (5, 3), 8)
    init_case("init_xavier_uniform_conv_gain", "xavier_uniform_", (4, 2, 3, 3), 9, gain=math.sqrt(2.0))
    init_case("init_xavier_normal", "xavier_normal_", (6, 4), 10)
    init_case("init_xavier_normal_conv", "xavier_normal_", (3, 2, 2, 2), 11, gain=0.5)
    init_case("init_kaiming_uniform_default", "kaiming_uniform_", (4, 3), 12)
    init_case("init_kaiming_uniform_relu_fan_out", "kaiming_uniform_", (8, 3, 3, 3), 13, mode="fan_out", nonlinearity="relu")
    init_case("init_kaiming_uniform_sqrt5", "kaiming_uniform_", (6, 4, 3), 14, a=math.sqrt(5))
    init_case("init_kaiming_uniform_leaky_0_2", "kaiming_uniform_", (5, 5), 15, a=0.2, nonlinearity="leaky_relu")
    init_case("init_kaiming_uniform_float64", "kaiming_uniform_", (3, 4), 16, dtype="float64", nonlinearity="relu")
    init_case("init_kaiming_uniform_mode_upper", "kaiming_uniform_", (3, 4), 17, mode="FAN_OUT")
    init_case("init_kaiming_normal_default", "kaiming_normal_", (4, 3), 18)
    init_case("init_kaiming_normal_fan_out_relu", "kaiming_normal_", (16, 3, 3, 3), 19, mode="fan_out", nonlinearity="relu")
    init_case("init_kaiming_normal_tanh", "kaiming_normal_", (2, 5), 20, nonlinearity="tanh")
    init_case("init_kaiming_normal_selu", "kaiming_normal_", (3, 3), 21, nonlinearity="selu")
    init_case("init_kaiming_zero_element_noop", "kaiming_uniform_", (0, 3), 22)
    init_case("init_kaiming_normal_zero_element_noop", "kaiming_normal_", (3, 0), 22)
    init_case("init_trunc_normal_default", "trunc_normal_", (4, 5), 23)
    init_case("init_trunc_normal_small", "trunc_normal_", (3, 3), 24, std=0.02)
    init_case("init_trunc_normal_vit", "trunc_normal_", (8, 8), 25, std=0.02, a=-0.04, b=0.04)
    init_case("init_trunc_normal_narrow", "trunc_normal_", (5, 6), 26, mean=0.0, std=1.0, a=-0.5, b=0.5)
    init_case("init_trunc_normal_tail", "trunc_normal_", (4, 7), 27, mean=0.0, std=1.0, a=1.5, b=3.0)
    init_case("init_trunc_normal_tail_small", "trunc_normal_", (6,), 28, mean=0.0, std=1.0, a=2.0, b=2.5)
    init_case("init_trunc_normal_float64", "trunc_normal_", (5, 5), 29, dtype="float64", std=0.5, a=-0.6, b=0.6)
    init_case("init_trunc_normal_tail_float64", "trunc_normal_", (3, 4), 31, dtype="float64", a=1.0, b=4.0)
    init_case("init_trunc_normal_std_zero_error", "trunc_normal_", (3,), 0, std=0.0)
    init_case("init_kaiming_normal_float64", "kaiming_normal_", (5, 4), 32, dtype="float64", nonlinearity="relu")
    init_case("init_xavier_normal_small", "xavier_normal_", (3, 2), 33)
    init_case("init_trunc_normal_int64_error", "trunc_normal_", (3,), 0, dtype="int64")
    init_case("init_kaiming_scalar_error", "kaiming_uniform_", (), 0)
    init_case("init_trunc_normal_shifted", "trunc_normal_", (20,), 30, mean=1.0, std=2.0, a=0.0, b=3.0)
    init_case("init_fan_1d_error", "kaiming_uniform_", (3,), 0)
    init_case("init_xavier_1d_error", "xavier_uniform_", (3,), 0)
    init_case("init_mode_error", "kaiming_uniform_", (3, 2), 0, mode="fan_avg")
    init_case("init_nonlinearity_error", "kaiming_uniform_", (3, 2), 0, nonlinearity="foo")
    init_case("init_uniform_int64_error", "uniform_", (3,), 0, dtype="int64")
    init_case("init_normal_int64_error", "normal_", (3,), 0, dtype="int64")
    init_case("init_normal_std_error", "normal_", (3,), 0, std=-1.0)
    init_case("init_uniform_bounds_error", "uniform_", (3,), 0, a=2.0, b=1.0)
    init_case("init_trunc_normal_bounds_error", "trunc_normal_", (3,), 0, a=1.0, b=-1.0)
    init_case("init_xavier_zero_element_error", "xavier_uniform_", (0, 0), 0)
    # gains and fans
    for nl, param in (("linear", None), ("conv2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None),
                      ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", 3), ("selu", None),
                      ("relu", 0.5), ("foo", None)):
        case(f"gain_{nl}_{param}", "calculate_gain", nonlinearity=nl, param=param)
    for shape in ((5, 3), (4, 2, 3, 3), (6, 4, 7), (0, 3), (3,), ()):
        case("fan_" + "x".join(map(str, shape)) if shape else "fan_scalar", "fan_in_and_fan_out", shape=list(shape))
    # default initialisation of layers
    case("linear_layer_init", "linear_layer_init", seed=0, layers=[[3, 4, True]], dtype="float32")
    case("linear_layer_init_no_bias", "linear_layer_init", seed=1, layers=[[5, 2, False]], dtype="float32")
    case("linear_layer_init_sequence", "linear_layer_init", seed=2, layers=[[4, 8, True], [8, 3, True], [3, 1, False]], dtype="float32")
    case("linear_layer_init_float64", "linear_layer_init", seed=3, layers=[[6, 2, True]], dtype="float64")
    case("linear_layer_init_large", "linear_layer_init", seed=4, layers=[[33, 17, True]], dtype="float32")
    case("batch_norm_layer_init", "batch_norm_layer_init", num_features=4, affine=True, track_running_stats=True, dtype="float32")
    case("batch_norm_layer_init_plain", "batch_norm_layer_init", num_features=2, affine=False, track_running_stats=False, dtype="float64")


# ---------------------------------------------------------------- running PyTorch
def run(c):
    op, ins, a = c["op"], c["inputs"], c["args"]
    x = ins.get("input")
    if op == "relu":
        return {"output": F.relu(x)}
    if op == "leaky_relu":
        return {"output": F.leaky_relu(x, **a)}
    if op == "tanh":
        return {"output": torch.tanh(x)}
    if op == "sigmoid":
        return {"output": torch.sigmoid(x)}
    if op == "hardtanh":
        return {"output": F.hardtanh(x, **a)}
    if op == "elu":
        return {"output": F.elu(x, **a)}
    if op == "interpolate":
        a = dict(a)
        for key in ("size", "scale_factor"):
            if isinstance(a.get(key), list):
                a[key] = tuple(a[key])
        return {"output": F.interpolate(x, **a)}
    if op in ("pixel_shuffle", "pixel_unshuffle"):
        return {"output": getattr(F, op)(x, *a.values())}
    if op.startswith(("max_pool", "avg_pool")):
        result = getattr(F, op)(x, **a)
        if a.get("return_indices"):
            return {"output": result[0], "indices": result[1]}
        return {"output": result}
    if op == "linear":
        return {"output": F.linear(x, ins["weight"], ins.get("bias"))}
    if op == "unfold":
        return {"output": F.unfold(x, **a)}
    if op == "fold":
        return {"output": F.fold(x, **a)}
    if op == "batch_norm":
        rm = ins.get("running_mean")
        rv = ins.get("running_var")
        rm = rm.clone() if rm is not None else None
        rv = rv.clone() if rv is not None else None
        out = F.batch_norm(x, rm, rv, ins.get("weight"), ins.get("bias"), **a)
        result = {"output": out}
        if rm is not None:
            result["running_mean"] = rm
        if rv is not None:
            result["running_var"] = rv
        return result
    if op == "batch_norm_module":
        cls = {1: torch.nn.BatchNorm1d, 2: torch.nn.BatchNorm2d, 3: torch.nn.BatchNorm3d}[a["dims"]]
        m = cls(a["num_features"], eps=a["eps"], momentum=a["momentum"], affine=a["affine"],
                track_running_stats=a["track_running_stats"])
        result = {}
        for k, training in enumerate(a["training"]):
            m.train(training)
            result[f"output{k}"] = m(ins[f"input{k}"]).detach()
        if a["track_running_stats"]:
            result["running_mean"] = m.running_mean
            result["running_var"] = m.running_var
            result["num_batches_tracked"] = m.num_batches_tracked
        return result
    if op == "init":
        t = torch.zeros(a["shape"], dtype=BY_NAME[a["dtype"]])
        torch.manual_seed(a["seed"])
        getattr(init, a["fn"])(t, **a["params"])
        return {"output": t}
    if op == "calculate_gain":
        return {"value": float(init.calculate_gain(a["nonlinearity"], a["param"]))}
    if op == "fan_in_and_fan_out":
        return {"value": list(init._calculate_fan_in_and_fan_out(torch.zeros(a["shape"])))}
    if op == "linear_layer_init":
        torch.manual_seed(a["seed"])
        result = {}
        for k, (i, o, bias) in enumerate(a["layers"]):
            layer = torch.nn.Linear(i, o, bias=bias, dtype=BY_NAME[a["dtype"]])
            result[f"weight{k}"] = layer.weight
            if bias:
                result[f"bias{k}"] = layer.bias
        return result
    if op == "batch_norm_layer_init":
        m = torch.nn.BatchNorm2d(a["num_features"], affine=a["affine"], track_running_stats=a["track_running_stats"],
                                 dtype=BY_NAME[a["dtype"]])
        return {name: t for name, t in list(m.named_parameters()) + list(m.named_buffers())}
    raise ValueError(f"unknown op {op}")


def main():
    torch.set_num_threads(1)
    activation_cases()
    interpolate_cases()
    pixel_shuffle_cases()
    pooling_cases()
    linear_cases()
    fold_cases()
    batch_norm_cases()
    init_cases()
    ids = [c["id"] for c in CASES]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        sys.exit(f"duplicate case ids: {sorted(duplicates)}")
    out = []
    for c in CASES:
        record = {"id": c["id"], "op": c["op"],
                  "inputs": {k: encode(v) for k, v in c["inputs"].items()}, "args": encode_args(c["args"])}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                result = run(c)
            except Exception as e:  # noqa: BLE001 - every exception is data here
                record["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
            else:
                record["expected"] = {k: encode(v) if isinstance(v, torch.Tensor) else encode_args(v) for k, v in result.items()}
        out.append(record)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": out}, allow_nan=False) + "\n")
    errors = sum(1 for c in out if "error" in c)
    print(f"{len(out)} cases ({errors} refused) from PyTorch {torch.__version__} -> {OUTPUT}")


if __name__ == "__main__":
    main()
