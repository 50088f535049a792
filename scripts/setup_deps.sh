#!/usr/bin/env bash
# What building ConvLab needs before Swift runs: libzmq, OpenBLAS and SQLite with their headers
# (apt, when missing) and the project's .venv with the pinned packages of
# requirements-dev.txt. Used by scripts/setup.sh and scripts/build_wheel.sh; safe to run twice.
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
