"""Peak memory of `convlab bench` layers: each layer runs alone in a fresh process
(`convlab bench --filter NAME --no-sgemm --direction forward`), and its peak resident size, less the peak
of a process that ran only the tiny `article_s3` layer, is compared with the layer's
input + weight + output and the engine's stated workspace bound (at most 64 MiB in use
over all threads, at most 64 MiB kept idle for reuse between calls).

    .venv/bin/python bench/peak_memory.py [--convlab PATH]"""
import argparse
import json
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--convlab", default=str(ROOT / ".build" / "release" / "convlab"))
    args = parser.parse_args()
    bench = [args.convlab, "bench", "--json", "--no-sgemm", "--threads", "2", "--direction", "forward", "--filter"]
    base, _ = peak_rss(bench + ["article_s3"])
    print(f"baseline (a process that ran article_s3): {base / MIB:.1f} MiB")
    print(f"{'name':<12} {'tensors MiB':>12} {'peak - base MiB':>16} {'extra MiB':>10}  within tensors + {WORKSPACE_BOUND // MIB} MiB")
    suite = ["dcgan1", "dcgan2", "dcgan3", "dcgan4", "unet_up", "fcn_up8", "resnet_conv", "down_conv"]
    for name in suite:
        peak, out = peak_rss(bench + [name])
        r = json.loads(out)["results"][0]
        h_out = ((r["h"] - 1) * r["stride"] - 2 * r["padding"] + r["k"] + r["output_padding"] if r["op"] == "conv_transpose2d"
                 else (r["h"] + 2 * r["padding"] - r["k"]) // r["stride"] + 1)
        elements = (r["n"] * r["c_in"] * r["h"] * r["w"] + r["c_in"] * r["c_out"] * r["k"] ** 2
                    + r["n"] * r["c_out"] * h_out * h_out)
        tensors = 4 * elements
        extra = peak - base - tensors
        print(f"{name:<12} {tensors / MIB:>12.1f} {(peak - base) / MIB:>16.1f} {extra / MIB:>10.1f}  "
              f"{'yes' if extra <= WORKSPACE_BOUND else 'NO'}")


if __name__ == "__main__":
    main()
