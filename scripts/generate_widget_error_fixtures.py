#!/usr/bin/env python3
"""Record the widget error scenarios (tests/kernel/widget_error_scenarios.py) against
real ipykernel 7.4.0 with ipywidgets 8.1.9:

    .venv/bin/python scripts/generate_widget_error_fixtures.py

Writes tests/kernel/fixtures/widget_errors.json, which test_widgets.py compares ConvLab's
run of the same scenarios with.
"""
import json
import sys
from pathlib import Path

import ipykernel
import ipywidgets
import jupyter_client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "kernel"))
from widget_error_scenarios import run_scenarios  # noqa: E402

assert (ipykernel.__version__, ipywidgets.__version__) == ("7.4.0", "8.1.9"), (ipykernel.__version__, ipywidgets.__version__)

km = jupyter_client.KernelManager(kernel_name="python3")
km.start_kernel()
kc = km.client()
kc.start_channels()
try:
    kc.wait_for_ready(timeout=60)
    seen = run_scenarios(kc)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
out = ROOT / "tests" / "kernel" / "fixtures" / "widget_errors.json"
out.write_text(json.dumps(seen, indent=1) + "\n")
print(f"wrote {out}")
