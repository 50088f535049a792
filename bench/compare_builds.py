"""Times `convlab bench` of two builds side by side, interleaved layer by layer, and
prints the ratio (candidate / baseline) per layer: how a change moved the fast path.
Forward rows only (a build's `convlab bench` without `--direction` times both directions;
rows without a `direction` are an older build's forward rows); layers one build lacks
are left out.

    python3 bench/compare_builds.py BASELINE_CONVLAB [--candidate .build/release/convlab] [--rounds 4]

This machine's speed drifts by a third between minutes, so each round times every layer
with one build and then the other, and each build's best median over the rounds is kept.
Build a baseline from another commit with, e.g.,
`git worktree add --detach ../base COMMIT && (cd ../base && swift build -c release)`."""
import argparse
import json
import math
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench(binary, threads, *extra):
    command = [binary, "bench", "--json", "--no-sgemm", "--threads", str(threads), *extra]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)["results"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline")
    parser.add_argument("--candidate", default=str(ROOT / ".build" / "release" / "convlab"))
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    def forward_ms(side, name):
        rows = bench(getattr(args, side), args.threads, "--filter", name)
        return next((r["median_ms"] for r in rows if r["name"] == name and r.get("direction", "forward") == "forward"), None)

    names = list(dict.fromkeys(r["name"] for r in bench(args.candidate, args.threads)))
    best = {"baseline": {}, "candidate": {}}
    for _ in range(args.rounds):
        for name in names:
            for side in ("baseline", "candidate"):
                ms = forward_ms(side, name)
                if ms is not None:
                    best[side][name] = min(best[side].get(name, math.inf), ms)
    names = [name for name in names if name in best["baseline"] and name in best["candidate"]]
    print(f"{args.threads} thread(s); best median of {args.rounds} interleaved rounds")
    print(f"{'name':<16} {'baseline ms':>12} {'candidate ms':>13} {'ratio':>7}")
    ratios = []
    for name in names:
        ratio = best["candidate"][name] / best["baseline"][name]
        ratios.append(ratio)
        print(f"{name:<16} {best['baseline'][name]:>12.3f} {best['candidate'][name]:>13.3f} {ratio:>7.2f}")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"geometric mean candidate / baseline: {geomean:.2f}; worst: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
