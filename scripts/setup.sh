#!/usr/bin/env bash
# Installs what ConvLab needs, builds the release binary and installs the kernelspec
# into the project's .venv. Safe to run twice; needs no input.
set -euo pipefail
cd "$(dirname "$0")/.."

# libsqlite3-dev: the SQLite that GRDB (the kernel's history file) builds against.
if ! pkg-config --exists libzmq openblas sqlite3 2>/dev/null; then
    echo "==> Installing libzmq3-dev, libopenblas-dev and libsqlite3-dev (apt)"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libzmq3-dev libopenblas-dev libsqlite3-dev pkg-config
fi

if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv"
    python3 -m venv .venv
fi
echo "==> Python packages (requirements-dev.txt)"
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt

echo "==> Building convlab (release)"
swift build -c release --product convlab
echo "==> Installing the kernelspec into .venv"
.build/release/convlab kernelspec install --prefix .venv
