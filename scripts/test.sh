#!/usr/bin/env bash
# Installs what the tests need and runs every test. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Swift tests (engine)"
swift build --build-tests
swift test --skip-build
