#!/usr/bin/env bash
# The main job: sets everything up, then opens a ConvLab console
# (`bash scripts/run.sh --lab` opens JupyterLab instead). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if [ "${1:-}" = "--lab" ]; then
    .venv/bin/pip install -q --disable-pip-version-check jupyterlab
    exec .venv/bin/jupyter lab --ip 127.0.0.1
fi
exec .venv/bin/jupyter console --kernel convlab
