#!/usr/bin/env bash
# Installs what the tests need and runs every test: the Swift tests, then the kernel's
# protocol tests through real Jupyter clients. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "==> Swift tests"
swift build --build-tests
swift test --skip-build

echo "==> Kernel protocol tests (jupyter_client, jupyter_kernel_test, pexpect)"
.venv/bin/python -m pytest -q tests/kernel
