#!/usr/bin/env python3
"""Record the history scenario (tests/kernel/history_scenario.py) against real
ipykernel 7.4.0 / IPython 9.18.1:

    .venv/bin/python scripts/generate_history_fixtures.py

Writes tests/kernel/fixtures/history.json. IPython keeps its history in a temporary
file (HistoryManager.hist_file) and, as ConvLab does, logs each result's text in
output_history (HistoryManager.db_log_output; off by default in IPython).
"""
import json
import sys
import tempfile
from pathlib import Path

import IPython
import ipykernel
import jupyter_client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "kernel"))
from history_scenario import run_scenario  # noqa: E402

assert (ipykernel.__version__, IPython.__version__) == ("7.4.0", "9.18.1"), (ipykernel.__version__, IPython.__version__)


def start_ipykernel(path):
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.kernel_spec.argv.extend([f"--HistoryManager.hist_file={path}", "--HistoryManager.db_log_output=True"])
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


with tempfile.TemporaryDirectory() as folder:
    seen = run_scenario(start_ipykernel, str(Path(folder) / "history.sqlite"))
out = ROOT / "tests" / "kernel" / "fixtures" / "history.json"
out.parent.mkdir(exist_ok=True)
out.write_text(json.dumps(seen, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {out}")
