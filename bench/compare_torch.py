"""Runs `convlab bench --json` and the same layers in PyTorch, side by side on this
machine with the same thread count, and prints the ratios (ConvLab time / PyTorch time)
per layer and direction, and their geometric mean per direction.

    .venv/bin/python bench/compare_torch.py [--threads N] [--rounds 3] [--direction forward|backward|both]
                                            [--torch-isa avx2|native]
                                            [--backward] [--filter NAME] [--install-torch] [--convlab PATH]

Every row of `convlab bench --json` is rebuilt in PyTorch: `F.conv1d` ... `F.conv_transpose3d`
(the row's `op`), its sizes (`h`; `h`, `w`; or `d`, `h`, `w`), groups, dilation and dtype.
The backward direction (the default `both` times each layer in both; `--backward` is
`--direction backward`) times a forward and backward pass with a bias: ConvLab's forward
and then `Convolution.backward` for the input's, the weight's and the bias's gradients,
against PyTorch's `y = F.conv2d(x, w, b); y.backward(g)` with all three requiring grad
(the `.grad`s are reset between runs).

A shared virtual machine's speed drifts, so the two are interleaved: each round times
every layer in ConvLab and then in PyTorch, and each side's best median over the rounds
is compared.

Both sides run the same instruction set. This machine is described as AVX2 + FMA without
AVX-512, so by default both are capped there, whatever the host has: ConvLab's OpenBLAS runs
its AVX2 (Haswell) kernels (convlab's own choice on any CPU with AVX2 + FMA, and
`OPENBLAS_CORETYPE=Haswell` in convlab's environment here, over any the caller set), and
PyTorch is capped to AVX2 (`ONEDNN_MAX_CPU_ISA=AVX2` for oneDNN, `ATEN_CPU_CAPABILITY=avx2`
for ATen's kernels, `MKL_ENABLE_INSTRUCTIONS=AVX2` for MKL's sgemm, which PyTorch's matrix
routes and the "sgemm" column use; set before torch is imported).
`--torch-isa native` lifts PyTorch's cap (AVX-512 where the host has it) and leaves
convlab's environment as it is.

PyTorch is an optional dependency: `--install-torch` installs the CPU build into the
project's .venv first. Each PyTorch layer is timed like ConvLab's: a warm-up, then at
least 7 runs (more for layers under 20 ms, up to 0.5 s), median reported."""
import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Any local build of this release (the CPU wheel from PyTorch's index is `2.15.0+cpu`):
# an installed 2.15.0 is kept as it is.
TORCH_CPU = "torch==2.15.0"


def torch_median(fn, runs=7):
    fn()
    times = []
    started = time.perf_counter()
    while len(times) < runs or (time.perf_counter() - started < 0.5 and len(times) < 10_000):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= runs and times[-1] > 0.02:
            break
    times.sort()
    return times[len(times) // 2]


def torch_layer(torch, layer, direction="forward"):
    """The PyTorch time of one `convlab bench --json` row: the same function, shapes,
    groups, dilation and dtype, in the row's direction."""
    F = torch.nn.functional
    dtype = {"float32": torch.float32, "float64": torch.float64}[layer["dtype"]]
    spatial = [layer[key] for key in ("d", "h", "w") if key in layer]
    kernel = [layer["k"]] * len(spatial)
    g = torch.Generator().manual_seed(0)
    x = torch.rand(layer["n"], layer["c_in"], *spatial, generator=g, dtype=dtype)
    options = dict(stride=layer["stride"], padding=layer["padding"], dilation=layer["dilation"], groups=layer["groups"])
    if layer["op"].startswith("conv_transpose"):
        w = torch.rand(layer["c_in"], layer["c_out"] // layer["groups"], *kernel, generator=g, dtype=dtype)
        options["output_padding"] = layer["output_padding"]
    else:
        w = torch.rand(layer["c_out"], layer["c_in"] // layer["groups"], *kernel, generator=g, dtype=dtype)
    function = getattr(F, layer["op"])
    forward = lambda b=None: function(x, w, b, **options)
    if direction == "forward":
        with torch.no_grad():
            return torch_median(forward)
    b = torch.rand(layer["c_out"], generator=g, dtype=dtype)
    with torch.no_grad():
        grad_output = torch.rand(forward().shape, generator=g, dtype=dtype)
    for t in (x, w, b):
        t.requires_grad_()

    def step():
        x.grad = w.grad = b.grad = None
        forward(b).backward(grad_output)
    return torch_median(step)


def torch_sgemm(torch):
    a, b = torch.rand(2048, 2048), torch.rand(2048, 2048)
    return 2 * 2048 ** 3 / torch_median(lambda: a @ b) / 1e9


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--install-torch", action="store_true")
    parser.add_argument("--convlab", default=str(ROOT / ".build" / "release" / "convlab"))
    parser.add_argument("--filter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--direction", choices=["forward", "backward", "both"], default="both",
                        help="backward: forward with a bias, then the input, weight and bias gradients")
    parser.add_argument("--backward", action="store_true", help="the same as --direction backward")
    parser.add_argument("--torch-isa", choices=["avx2", "native"], default="avx2",
                        help="avx2 (default): cap PyTorch's oneDNN, ATen and MKL kernels and ConvLab's OpenBLAS at AVX2; "
                             "native: PyTorch uses whatever the CPU has")
    args = parser.parse_args()
    if args.backward:
        args.direction = "backward"
    if args.install_torch:
        # The CPU build: from a configured wheel folder or index first, else PyTorch's CPU index.
        pip = [sys.executable, "-m", "pip", "install", "-q", TORCH_CPU]
        if subprocess.run(pip).returncode != 0:
            subprocess.run(pip + ["--extra-index-url", "https://download.pytorch.org/whl/cpu"], check=True)
    # convlab's own environment: its OpenBLAS at the same cap as PyTorch's libraries, even
    # where the caller's environment asks for other kernels.
    convlab_env = dict(os.environ)
    if args.torch_isa == "avx2":
        convlab_env["OPENBLAS_CORETYPE"] = "Haswell"
        os.environ["ONEDNN_MAX_CPU_ISA"] = "AVX2"
        os.environ["ATEN_CPU_CAPABILITY"] = "avx2"
        os.environ["MKL_ENABLE_INSTRUCTIONS"] = "AVX2"
    try:
        import torch
    except ImportError:
        sys.exit("PyTorch is not installed: run with --install-torch")
    torch.set_num_threads(args.threads)

    def convlab(*extra):
        command = [args.convlab, "bench", "--json", "--threads", str(args.threads), "--direction", args.direction, *extra]
        return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=convlab_env).stdout)

    # One row per layer and direction, in the suite's order.
    rows = [r for r in convlab("--no-sgemm", "--runs", "7", *(["--filter", args.filter] if args.filter else []))["results"]]
    names = list(dict.fromkeys(r["name"] for r in rows))
    ours, theirs = {}, {}
    our_peak = their_peak = 0.0
    core = "unknown"
    for _ in range(args.rounds):
        # Both sgemm peaks each round too, best kept: the "of sgemm" column compares a
        # layer's best with the best sgemm of the same session.
        report = convlab("--filter", "article_s3", "--direction", "forward")
        our_peak = max(our_peak, report["sgemm_gflops"])
        core = report.get("blas_core", core)
        their_peak = max(their_peak, torch_sgemm(torch))
        for name in names:
            # --filter matches by substring: keep this layer's own rows.
            for row in convlab("--no-sgemm", "--filter", name)["results"]:
                if row["name"] != name:
                    continue
                key = (name, row["direction"])
                ours[key] = min(ours.get(key, math.inf), row["median_ms"] / 1000)
                theirs[key] = min(theirs.get(key, math.inf), torch_layer(torch, row, row["direction"]))

    print(f"{args.threads} thread(s); PyTorch {torch.__version__} (ATen {torch.backends.cpu.get_cpu_capability()}, "
          f"oneDNN and MKL capped at {os.environ.get('ONEDNN_MAX_CPU_ISA', 'the CPU')}); ConvLab's OpenBLAS core "
          f"{core}; best of {args.rounds} interleaved rounds; "
          f"sgemm 2048^3: ConvLab's BLAS {our_peak:.1f}, PyTorch {their_peak:.1f} GFLOP/s")
    print("backward = forward with a bias, then the input, weight and bias gradients (GFLOP/s count three forwards); "
          "of sgemm only for float32")
    print(f"{'name':<16} {'op':<17} {'dtype':<8} {'direction':<9} {'ConvLab ms':>11} {'PyTorch ms':>11} {'ratio':>7} "
          f"{'ConvLab GF/s':>13} {'PyTorch GF/s':>13} {'of sgemm':>9}")
    def milliseconds(seconds):
        # A tenth of a microsecond shows for the tiny layers (article_s3's target is 5 us).
        return f"{seconds * 1000:>11.4f}" if seconds < 1e-4 else f"{seconds * 1000:>11.3f}"

    ratios = {}
    for row in rows:
        key = (row["name"], row["direction"])
        flops = row["gflops"] * row["median_ms"] / 1000 * 1e9
        ratio = ours[key] / theirs[key]
        ratios.setdefault(row["direction"], []).append((ratio, row["name"]))
        of_sgemm = f"{flops / ours[key] / 1e9 / our_peak:>9.0%}" if row["dtype"] == "float32" else f"{'-':>9}"
        print(f"{row['name']:<16} {row['op']:<17} {row['dtype']:<8} {row['direction']:<9} {milliseconds(ours[key])} "
              f"{milliseconds(theirs[key])} {ratio:>7.2f} {flops / ours[key] / 1e9:>13.1f} {flops / theirs[key] / 1e9:>13.1f} "
              f"{of_sgemm}")
    for direction, pairs in ratios.items():
        worst = max(pairs)
        print(f"{direction}: geometric mean of ConvLab / PyTorch {geometric_mean([r for r, _ in pairs]):.2f}; "
              f"worst {worst[0]:.2f} ({worst[1]})")


if __name__ == "__main__":
    main()
