"""Runs `convlab bench --json` and the same layers in PyTorch, side by side on this
machine with the same thread count, and prints the ratios (ConvLab time / PyTorch time).

    .venv/bin/python bench/compare_torch.py [--threads N] [--rounds 3] [--backward] [--install-torch] [--convlab PATH]

With --backward both time a forward and backward pass with a bias: ConvLab's
`convlab bench --backward` (the forward, then `Convolution.backward` for the input's,
the weight's and the bias's gradients) against PyTorch's `y = F.conv2d(x, w, b);
y.backward(g)` with all three requiring grad (the `.grad`s are reset between runs).

A shared virtual machine's speed drifts, so the two are interleaved: each round times
every layer in ConvLab and then in PyTorch, and each side's best median over the rounds
is compared.

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
TORCH_CPU = "torch==2.13.0+cpu"


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


def torch_layer(torch, layer, backward=False):
    F = torch.nn.functional
    g = torch.Generator().manual_seed(0)
    x = torch.rand(layer["n"], layer["c_in"], layer["h"], layer["w"], generator=g)
    if layer["op"] == "conv2d":
        w = torch.rand(layer["c_out"], layer["c_in"], layer["k"], layer["k"], generator=g)
        forward = lambda b=None: F.conv2d(x, w, b, stride=layer["stride"], padding=layer["padding"])
    else:
        w = torch.rand(layer["c_in"], layer["c_out"], layer["k"], layer["k"], generator=g)
        forward = lambda b=None: F.conv_transpose2d(x, w, b, stride=layer["stride"], padding=layer["padding"],
                                                    output_padding=layer["output_padding"])
    if not backward:
        with torch.no_grad():
            return torch_median(forward)
    b = torch.rand(layer["c_out"], generator=g)
    with torch.no_grad():
        grad_output = torch.rand(forward().shape, generator=g)
    for t in (x, w, b):
        t.requires_grad_()

    def step():
        x.grad = w.grad = b.grad = None
        forward(b).backward(grad_output)
    return torch_median(step)


def torch_sgemm(torch):
    a, b = torch.rand(2048, 2048), torch.rand(2048, 2048)
    return 2 * 2048 ** 3 / torch_median(lambda: a @ b) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--install-torch", action="store_true")
    parser.add_argument("--convlab", default=str(ROOT / ".build" / "release" / "convlab"))
    parser.add_argument("--filter")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backward", action="store_true",
                        help="time forward + backward (input, weight and bias gradients)")
    args = parser.parse_args()
    if args.install_torch:
        # The CPU build: from a configured wheel folder or index first, else PyTorch's CPU index.
        pip = [sys.executable, "-m", "pip", "install", "-q", TORCH_CPU]
        if subprocess.run(pip).returncode != 0:
            subprocess.run(pip + ["--extra-index-url", "https://download.pytorch.org/whl/cpu"], check=True)
    try:
        import torch
    except ImportError:
        sys.exit("PyTorch is not installed: run with --install-torch")
    torch.set_num_threads(args.threads)

    mode = ["--backward"] if args.backward else []

    def convlab(*extra):
        command = [args.convlab, "bench", "--json", "--threads", str(args.threads), *mode, *extra]
        return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

    layers = [r for r in convlab("--no-sgemm", "--runs", "7")["results"]
              if not args.filter or args.filter in r["name"]]
    ours, theirs = {}, {}
    for _ in range(args.rounds):
        for layer in layers:
            result = convlab("--no-sgemm", "--filter", layer["name"])["results"][0]
            ours[layer["name"]] = min(ours.get(layer["name"], math.inf), result["median_ms"] / 1000)
            theirs[layer["name"]] = min(theirs.get(layer["name"], math.inf), torch_layer(torch, layer, args.backward))
    our_peak = convlab("--filter", "article_s3")["sgemm_gflops"]
    their_peak = torch_sgemm(torch)

    what = "forward + backward" if args.backward else "forward"
    print(f"{what}; {args.threads} thread(s); PyTorch {torch.__version__}; best of {args.rounds} interleaved rounds; "
          f"sgemm 2048^3: ConvLab's BLAS {our_peak:.1f}, PyTorch {their_peak:.1f} GFLOP/s")
    print(f"{'name':<12} {'ConvLab ms':>11} {'PyTorch ms':>11} {'ratio':>7} {'ConvLab GF/s':>13} {'PyTorch GF/s':>13} {'of sgemm':>9}")
    ratios = []
    for layer in layers:
        name = layer["name"]
        flops = layer["gflops"] * layer["median_ms"] / 1000 * 1e9
        ratio = ours[name] / theirs[name]
        ratios.append(ratio)
        print(f"{name:<12} {ours[name] * 1000:>11.3f} {theirs[name] * 1000:>11.3f} {ratio:>7.2f} "
              f"{flops / ours[name] / 1e9:>13.1f} {flops / theirs[name] / 1e9:>13.1f} {flops / ours[name] / 1e9 / our_peak:>9.0%}")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"geometric mean of ConvLab / PyTorch: {geomean:.2f}; worst: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
