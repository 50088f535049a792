#!/usr/bin/env bash
# The main job: sets everything up, then opens a ConvLab console
# (`bash scripts/run.sh --lab` opens JupyterLab instead). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
if [ "${1:-}" = "--lab" ]; then
    root_flag=""
    if [ "$(id -u)" -eq 0 ]; then root_flag="--allow-root"; fi
    exec .venv/bin/jupyter lab --ip 127.0.0.1 $root_flag notebooks/00-tour.ipynb
fi
exec .venv/bin/jupyter console --kernel convlab
