"""Re-executes the notebooks under notebooks/ in place on the installed ConvLab kernel,
so the committed files carry their outputs (`make notebooks`). Cells tagged
`raises-exception` are expected to fail; any other error stops with the cell shown."""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

root = Path(__file__).resolve().parent.parent
paths = [Path(p) for p in sys.argv[1:]] or sorted((root / "notebooks").glob("*.ipynb"))
for path in paths:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="convlab", timeout=120).execute()
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(root) if path.is_absolute() else path}")
