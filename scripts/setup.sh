#!/usr/bin/env bash
# Installs what ConvLab needs, builds the release binary and installs the kernelspec
# into the project's .venv. Safe to run twice; needs no input.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup_deps.sh

echo "==> Building convlab (release)"
swift build -c release --product convlab
echo "==> Installing the kernelspec into .venv"
.build/release/convlab kernelspec install --prefix .venv
