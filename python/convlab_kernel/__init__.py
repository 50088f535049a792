"""ConvLab's Jupyter kernel as pip installs it.

The wheel holds the `convlab` binary in this package's `bin/` folder (the shared
libraries it needs, libzmq and OpenBLAS, beside the package in `convlab_kernel.libs/`)
and the kernelspec under `share/jupyter/kernels/convlab/`. That kernelspec starts the
kernel as ipykernel's does, `python -m convlab_kernel kernel --connection-file F`:
jupyter_client puts its own interpreter in place of `python`, so the kernel starts from
any environment, activated or not. The `convlab` command on the environment's PATH runs
the same binary.
"""

import os
import sys
from pathlib import Path

BINARY = Path(__file__).resolve().parent / "bin" / "convlab"


def main() -> None:
    """Replaces this process with the `convlab` binary, the command-line arguments passed
    on. The process id stays, so a kernel manager's signals and kill reach the kernel."""
    os.execv(BINARY, [str(BINARY), *sys.argv[1:]])
