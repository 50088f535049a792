#!/usr/bin/env python3
"""Writes Tests/ConvEngineTests/Fixtures/weight_gradient_bits.json from real PyTorch.

Each case is a convolution or transposed convolution (1d, 2d, 3d) of several samples
that PyTorch computes with its matrix route ("thnn": `Slow2d`, `Slow3d`,
`SlowDilated2d`, `SlowDilated3d`, `SlowTranspose2d`, `SlowTranspose3d`, as
`torch._C._select_conv_backend` says with the case's thread count), with random
operands from a fixed seed, a random output gradient, and the output and the input,
weight and bias gradients PyTorch gives
(`y.backward(grad_output)`). There PyTorch computes the weight gradient one sample at a
time (one sgemm per sample with K = the sample's positions, added into the zeroed
gradient with beta = 1, samples in order), as ConvLab's sample-order route does.
`WeightGradientBitsTests` checks every case within a few units in the last place, and
the weight gradient bit for bit where PyTorch's MKL sums inside a product as OpenBLAS's
AVX2 kernels do (it does not for every shape: few column-side channels make it sum in
vector lanes).

The cases: float32 where PyTorch leaves oneDNN (1x1 kernels on one thread; a 3-d kernel
that is 1x1 in its last two dimensions; transposed convolutions whose output padding is
not below the stride, on one thread and two), and float64, which PyTorch never sends to
oneDNN (any kernel, stride, dilation, groups, one thread and two). Positions per sample
range from a few to over a thousand, column-side channels from 2 to 32.

Values are written as the hexadecimal bit patterns of their dtype (8 digits for float32,
16 for float64, big-endian, concatenated in one string per tensor), so that nothing is
lost to decimal formatting. Run with the PyTorch the expected values must come from:

    /work/torch-venv/bin/python scripts/generate_weight_gradient_fixtures.py
"""

import json
import pathlib
import struct
import warnings

import torch
import torch.nn.functional as F

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvEngineTests/Fixtures/weight_gradient_bits.json"
FORWARD = {(False, 1): F.conv1d, (False, 2): F.conv2d, (False, 3): F.conv3d,
           (True, 1): F.conv_transpose1d, (True, 2): F.conv_transpose2d, (True, 3): F.conv_transpose3d}
THNN = {"Slow2d", "Slow3d", "SlowDilated2d", "SlowDilated3d", "SlowTranspose2d",
        "SlowTranspose3d"}
FORMATS = {torch.float32: (">f", ">I", "%08x", "float32"), torch.float64: (">d", ">Q", "%016x", "float64")}


def encode(t):
    """The tensor as {"shape", "dtype", "bits"}: its elements' bit patterns in hex."""
    t = t.detach().contiguous()
    float_format, int_format, hex_format, name = FORMATS[t.dtype]
    bits = "".join(hex_format % struct.unpack(int_format, struct.pack(float_format, v))[0]
                   for v in t.reshape(-1).tolist())
    return {"shape": list(t.shape), "dtype": name, "bits": bits}


def as_list(v, rank):
    return list(v) if isinstance(v, (list, tuple)) else [v] * rank


def backend(x, w, transposed, rank, stride, padding, dilation, output_padding, groups):
    """The backend PyTorch selects, after viewing a 1-d convolution as a 2-d one."""
    if rank == 1:
        x, w = x.unsqueeze(2), w.unsqueeze(2)
        stride, padding, dilation, output_padding = ([1] + v for v in (stride, padding, dilation, output_padding))
    chosen = torch._C._select_conv_backend(x, w, None, stride, padding, dilation, transposed, output_padding,
                                           groups, None)
    # The Python binding leaves some enumerators unnamed (MkldnnTranspose): never thnn.
    return {v.value: k for k, v in type(chosen).__members__.items()}.get(chosen.value, str(chosen.value))


def run_case(case_id, transposed, rank, batch, c_in, c_out, size, kernel, dtype=torch.float32, threads=1,
             stride=1, padding=0, dilation=1, groups=1, output_padding=0, bias=True):
    torch.set_num_threads(threads)
    torch.manual_seed(sum((i + 1) * ord(ch) for i, ch in enumerate(case_id)))
    size, kernel = as_list(size, rank), as_list(kernel, rank)
    stride, padding, dilation = as_list(stride, rank), as_list(padding, rank), as_list(dilation, rank)
    output_padding = as_list(output_padding, rank)
    x = torch.randn([batch, c_in] + size, dtype=dtype)
    w_shape = [c_in, c_out // groups] + kernel if transposed else [c_out, c_in // groups] + kernel
    w = torch.randn(w_shape, dtype=dtype)
    b = torch.randn(c_out, dtype=dtype) if bias else None
    chosen = backend(x, w, transposed, rank, stride, padding, dilation, output_padding, groups)
    assert chosen in THNN, f"{case_id}: PyTorch takes {chosen} with {threads} threads, not its matrix route"
    for t in (x, w, b):
        if t is not None:
            t.requires_grad_()
    args = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    if transposed:
        args["output_padding"] = output_padding
    y = FORWARD[(transposed, rank)](x, w, b, **args)
    grad_output = torch.randn(y.shape, dtype=dtype)
    y.backward(grad_output)
    expected = {"output": encode(y), "input": encode(x.grad), "weight": encode(w.grad)}
    if bias:
        expected["bias"] = encode(b.grad)
    return {
        "id": case_id, "transposed": transposed, "rank": rank, "threads": threads, "backend": chosen,
        "stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
        "output_padding": output_padding, "input": encode(x), "weight": encode(w),
        **({"bias": encode(b)} if bias else {}), "grad_output": encode(grad_output), "expected": expected,
    }


def float32_cases():
    """float32 convolutions PyTorch leaves on its matrix route although they have
    several samples: 1x1 kernels (any depth in 3-d) on one thread, and transposed
    convolutions with an output padding of at least the stride (so below the dilation)."""
    c = []
    for batch, size in ((2, 5), (3, 40), (7, 70), (15, 9), (3, 400), (2, 1100)):
        c.append(run_case(f"conv1d_1x1_n{batch}_l{size}", False, 1, batch, 2, 3, size, 1))
    for batch, size in ((2, 3), (4, 8), (5, [13, 11]), (3, 20), (9, 6), (2, 33)):
        c.append(run_case(f"conv2d_1x1_n{batch}_s{size}", False, 2, batch, 2, 3, size, 1))
    c.append(run_case("conv2d_1x1_groups2", False, 2, 6, 4, 6, 6, 1, groups=2))
    c.append(run_case("conv2d_1x1_wide", False, 2, 3, 24, 16, 4, 1, bias=False))
    c.append(run_case("conv2d_1x1_padded", False, 2, 3, 2, 3, 7, 1, padding=1))
    for batch, c_in, c_out, size in ((4, 4, 8, 8), (3, 8, 16, 6), (5, 3, 12, [30]), (2, 6, 6, [50]), (3, 2, 32, [20])):
        rank = len(size) if isinstance(size, list) else 2
        c.append(run_case(f"conv{rank}d_1x1_c{c_in}_o{c_out}_n{batch}", False, rank, batch, c_in, c_out, size, 1))
    for batch, size, kernel in ((3, [4, 5, 6], [3, 1, 1]), (5, [4, 6, 6], 1), (2, [3, 16, 16], [2, 1, 1])):
        c.append(run_case(f"conv3d_n{batch}_k{kernel}", False, 3, batch, 2, 3, size, kernel))
    for threads in (1, 2):
        c.append(run_case(f"convT1d_outpad_t{threads}", True, 1, 4, 3, 2, 60, 3, threads=threads, dilation=2,
                          output_padding=1, padding=1))
        c.append(run_case(f"convT2d_outpad_t{threads}", True, 2, 3, 3, 4, 9, 3, threads=threads, dilation=2,
                          output_padding=1))
        c.append(run_case(f"convT2d_outpad_stride2_t{threads}", True, 2, 5, 2, 3, 7, 2, threads=threads, stride=2,
                          dilation=3, output_padding=2))
        c.append(run_case(f"convT2d_outpad_groups_t{threads}", True, 2, 4, 4, 6, 8, 3, threads=threads, groups=2,
                          dilation=2, output_padding=1, padding=1))
        c.append(run_case(f"convT3d_outpad_t{threads}", True, 3, 3, 2, 3, [3, 5, 6], 2, threads=threads, dilation=2,
                          output_padding=1))
    for c_in, c_out, size in ((6, 2, [40]), (8, 2, [6, 6]), (12, 4, [5, 5]), (4, 8, [16])):
        c.append(run_case(f"convT{len(size)}d_outpad_c{c_in}_o{c_out}", True, len(size), 3, c_in, c_out, size, 3,
                          dilation=2, output_padding=1))
    c.append(run_case("convT2d_outpad_large", True, 2, 3, 8, 8, 12, 3, threads=2, dilation=2, output_padding=1,
                      bias=False))
    return c


def float64_cases():
    """float64, which PyTorch computes on its matrix route whatever the geometry."""
    c = []
    for threads in (1, 2):
        c.append(run_case(f"f64_conv1d_t{threads}", False, 1, 5, 3, 4, 50, 5, dtype=torch.float64, threads=threads,
                          padding=2))
        c.append(run_case(f"f64_conv2d_3x3_t{threads}", False, 2, 4, 3, 6, 8, 3, dtype=torch.float64,
                          threads=threads, padding=1))
        c.append(run_case(f"f64_conv2d_strided_t{threads}", False, 2, 5, 3, 3, 11, 3, dtype=torch.float64,
                          threads=threads, stride=2, dilation=2, padding=2))
        c.append(run_case(f"f64_conv2d_groups_t{threads}", False, 2, 3, 6, 4, 9, 2, dtype=torch.float64,
                          threads=threads, groups=2))
        c.append(run_case(f"f64_conv3d_t{threads}", False, 3, 3, 2, 3, 5, 3, dtype=torch.float64, threads=threads,
                          padding=1))
        c.append(run_case(f"f64_convT1d_t{threads}", True, 1, 4, 3, 2, 30, 4, dtype=torch.float64, threads=threads,
                          stride=2, padding=1))
        c.append(run_case(f"f64_convT2d_t{threads}", True, 2, 4, 3, 4, 5, 3, dtype=torch.float64, threads=threads,
                          stride=2, padding=1, output_padding=1))
        c.append(run_case(f"f64_convT3d_t{threads}", True, 3, 3, 2, 2, 3, 3, dtype=torch.float64, threads=threads,
                          stride=2))
    c.append(run_case("f64_conv2d_large", False, 2, 3, 2, 3, 24, 3, dtype=torch.float64, threads=2, padding=1,
                      bias=False))
    c.append(run_case("f64_conv2d_1x1_many", False, 2, 15, 2, 3, 6, 1, dtype=torch.float64))
    return c


def main():
    warnings.simplefilter("ignore", UserWarning)
    cases = float32_cases() + float64_cases()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, separators=(",", ":")) + "\n")
    print(f"{len(cases)} cases from PyTorch {torch.__version__} -> {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
