"""Times a fixed set of Python programs under `convlab run` and under CPython with
PyTorch, interleaved, and prints ConvLab's time over CPython's for each (issue 16's
target: at most 1.0x everywhere).

    python3 bench/compare_python.py [--convlab .build/release/convlab] [--python .venv/bin/python] [--rounds 5]

Each program times its own work with `time.perf_counter()` and prints the seconds, so
neither interpreter's start-up nor `import torch` is counted. This machine's speed
drifts by a third between minutes, so every round runs each program under both
interpreters back to back, and each side's best time over the rounds is kept."""
import argparse
import math
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TRANS_CONV = '''
import time
import torch

def trans_conv(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i: i + h, j: j + w] += X[i, j] * K
    return Y

torch.manual_seed(0)
X = torch.rand(32, 32)
K = torch.rand(3, 3)
start = time.perf_counter()
Y = trans_conv(X, K)
print(time.perf_counter() - start)
'''

INTEGER_LOOP = '''
import time
start = time.perf_counter()
s = 0
for i in range(10**6):
    s += i * i % 7
print(time.perf_counter() - start)
'''

LIST_COMPREHENSION = '''
import time
start = time.perf_counter()
squares = [i * i for i in range(10**5)]
print(time.perf_counter() - start)
'''

FIBONACCI = '''
import time

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

start = time.perf_counter()
fib(22)
print(time.perf_counter() - start)
'''

DCGAN = '''
import time
import torch
import torch.nn as nn

class Generator(nn.Module):
    def __init__(self, nz=100, ngf=64, nc=3):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, x):
        return self.main(x)

torch.manual_seed(0)
start = time.perf_counter()
net = Generator()
net.eval()
z = torch.randn(1, 100, 1, 1)
with torch.no_grad():
    for _ in range(100):
        image = net(z)
print(time.perf_counter() - start)
'''

PROGRAMS = [
    ("trans_conv 32x32 3x3", TRANS_CONV),
    ("for 10**6 s += i*i%7", INTEGER_LOOP),
    ("list comp 10**5", LIST_COMPREHENSION),
    ("fib(22)", FIBONACCI),
    ("DCGAN 100 forwards", DCGAN),
]


def seconds(command, source):
    """Runs `source` as a file under `command` and returns the seconds it printed."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as file:
        file.write(source)
    try:
        result = subprocess.run([*command, file.name], capture_output=True, text=True, timeout=600)
    finally:
        Path(file.name).unlink()
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--convlab", default=str(ROOT / ".build" / "release" / "convlab"))
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--filter", help="only programs whose name contains this")
    args = parser.parse_args()

    programs = [p for p in PROGRAMS if not args.filter or args.filter in p[0]]
    sides = {"convlab": [args.convlab, "run"], "cpython": [args.python]}
    best = {side: {} for side in sides}
    for _ in range(args.rounds):
        for name, source in programs:
            for side, command in sides.items():
                best[side][name] = min(best[side].get(name, math.inf), seconds(command, source))
    print(f"best of {args.rounds} interleaved rounds; seconds of each program's own timed work")
    print(f"{'program':<24} {'CPython s':>10} {'ConvLab s':>10} {'ratio':>7}")
    worst = 0.0
    for name, _ in programs:
        ratio = best["convlab"][name] / best["cpython"][name]
        worst = max(worst, ratio)
        print(f"{name:<24} {best['cpython'][name]:>10.4f} {best['convlab'][name]:>10.4f} {ratio:>7.2f}")
    print(f"worst ConvLab / CPython: {worst:.2f} (target: at most 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
