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
swift test --skip-build

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
