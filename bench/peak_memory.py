"""Peak memory of `convlab bench` layers: each layer runs alone in a fresh process
(`convlab bench --filter NAME --no-sgemm --direction D`), and its peak resident size, less the peak
of a process that ran only the tiny `article_s3` layer, is compared with the layer's
tensors and the engine's stated workspace bound (at most 64 MiB in use over all threads,
at most 64 MiB kept idle for reuse between calls). Every layer of the suite, in both
directions: forward holds input, weight and output; backward (a forward with a bias,
then the three gradients) also the bias, the output gradient and the three gradients.

    .venv/bin/python bench/peak_memory.py [--convlab PATH] [--direction forward|backward|both]"""
import argparse
import json
import math
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1 << 20
WORKSPACE_BOUND = 128 * MIB


def peak_rss(command):
    """Runs `command`; returns (its peak resident size in bytes, its stdout)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, command
    return usage.ru_maxrss * 1024, out


def tensor_bytes(r):
    """The bytes of the row's tensors: input, weight, output (and, backward, the bias, the
    output gradient and the input's, weight's and bias's gradients)."""
    sizes = [r[key] for key in ("d", "h", "w") if key in r]
    transposed = r["op"].startswith("conv_transpose")
    k, s, p, d = r["k"], r["stride"], r["padding"], r["dilation"]
    if transposed:
        out = [(n - 1) * s - 2 * p + d * (k - 1) + r["output_padding"] + 1 for n in sizes]
    else:
        out = [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n in sizes]
    x = r["n"] * r["c_in"] * math.prod(sizes)
    w = r["c_in"] * (r["c_out"] // r["groups"]) * k ** len(sizes)
    y = r["n"] * r["c_out"] * math.prod(out)
    elements = x + w + y if r["direction"] == "forward" else 2 * (x + w + y + r["c_out"])
    return elements * (8 if r["dtype"] == "float64" else 4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--convlab", default=str(ROOT / ".build" / "release" / "convlab"))
    parser.add_argument("--direction", choices=["forward", "backward", "both"], default="both")
    args = parser.parse_args()
    bench = [args.convlab, "bench", "--json", "--no-sgemm", "--threads", "2", "--runs", "7"]
    base, _ = peak_rss(bench + ["--direction", "forward", "--filter", "article_s3"])
    print(f"baseline (a process that ran article_s3): {base / MIB:.1f} MiB")
    print(f"{'name':<16} {'direction':<9} {'tensors MiB':>12} {'peak - base MiB':>16} {'extra MiB':>10}  "
          f"within tensors + {WORKSPACE_BOUND // MIB} MiB")
    names = ["dcgan1", "dcgan2", "dcgan3", "dcgan4", "unet_up", "fcn_up8", "resnet_conv", "down_conv", "depthwise",
             "dilated", "convT1d", "convT3d", "grouped_convT", "resnet_conv_f64"]
    directions = ["forward", "backward"] if args.direction == "both" else [args.direction]
    failures = 0
    for name in names:
        for direction in directions:
            peak, out = peak_rss(bench + ["--direction", direction, "--filter", name])
            r = next(row for row in json.loads(out)["results"] if row["name"] == name)
            tensors = tensor_bytes(r)
            extra = peak - base - tensors
            failures += extra > WORKSPACE_BOUND
            print(f"{name:<16} {direction:<9} {tensors / MIB:>12.1f} {(peak - base) / MIB:>16.1f} {extra / MIB:>10.1f}  "
                  f"{'yes' if extra <= WORKSPACE_BOUND else 'NO'}")
    if failures:
        raise SystemExit(f"{failures} layer(s) beyond the workspace bound")


if __name__ == "__main__":
    main()
