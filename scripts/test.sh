#!/usr/bin/env bash
# Installs what the tests need and runs every test: the Swift tests, then the kernel's
# protocol tests through real Jupyter clients. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# The browser test drives Debian's Chromium through its chromedriver.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "==> Installing chromium and chromium-driver (apt)"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi

echo "==> Swift tests"
swift build --build-tests
# The kernels convlab itself runs: it restarts itself with OPENBLAS_CORETYPE=Haswell when
# OpenBLAS chose other than its AVX2 kernels on a CPU that runs AVX2 + FMA (pre-AVX2 ones on
# a virtual machine hiding its CPU model, AVX-512 ones on a CPU that has it; OpenBLAS then
# says "Core:" twice), and the tests that pin PyTorch's bits need the kernels it runs.
restarted_core=$(OPENBLAS_VERBOSE=2 .build/debug/convlab --help 2>&1 | sed -n 's/^Core: //p' | sed -n 2p)
if [ -n "$restarted_core" ]; then
    echo "convlab runs OpenBLAS's ${restarted_core} kernels here (not its first choice): so do the Swift tests"
    OPENBLAS_CORETYPE="$restarted_core" swift test --skip-build
else
    swift test --skip-build
fi

echo "==> Kernel protocol tests (jupyter_client, jupyter_kernel_test, pexpect) and convlab bench"
.venv/bin/python -m pytest -q tests/kernel tests/bench

echo "==> Notebooks (nbclient, papermill) and JupyterLab in headless Chromium (selenium)"
.venv/bin/python -m pytest -q tests/notebooks tests/browser

echo "==> ConvLab behind Kernel Gateway (REST and websocket)"
.venv/bin/python -m pytest -q tests/gateway

echo "==> The wheel: built once (static release build), installed into a new venv"
# The script's output reaches the log through stderr (a `tee /dev/stderr` would reopen a
# log file and write over it); its last line is the wheel's path.
wheel=$(bash scripts/build_wheel.sh | tee >(cat >&2) | tail -n 1)
CONVLAB_WHEEL="$PWD/$wheel" .venv/bin/python -m pytest -q tests/install
